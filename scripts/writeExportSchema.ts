/**
 * Writes `docs/patient-export.schema.json`: the JSON Schema of a patient's data export
 * (`src/export/exportSchema.ts`), so a clinic can validate the files it receives. A test fails
 * when the file and the code disagree; run `npm run docs:export-schema` after changing the schema.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJsonSchema } from '../src/export/exportSchema.js';

const file = join(import.meta.dirname, '..', 'docs', 'patient-export.schema.json');
writeFileSync(file, `${JSON.stringify(exportJsonSchema(), null, 2)}\n`);
console.log(`wrote ${file}`);

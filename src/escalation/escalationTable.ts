/**
 * Reads the escalation table (`flows/content/escalation.json`) once and validates it. The schema
 * and the pure look-ups live in `flows/content/escalation.ts`; reading the file is the runtime's job.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type EscalationTable, escalationTableSchema } from '../../flows/content/escalation.js';

/** A content file failed validation. Names the file and the field; fix the file and start again. */
export class EscalationContentError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(
      `${file} is not a valid escalation table:\n  ${problems.join('\n  ')}\nFix the file and start again.`,
    );
    this.name = 'EscalationContentError';
  }
}

/** The default location of the table. */
export const ESCALATION_FILE = join(import.meta.dirname, '..', '..', 'flows', 'content', 'escalation.json');

/** Parses an escalation table from JSON text. Throws {@link EscalationContentError}. */
export function parseEscalationTable(json: string, file = ESCALATION_FILE): EscalationTable {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new EscalationContentError(file, [`not valid JSON: ${(err as Error).message}`]);
  }
  const parsed = escalationTableSchema.safeParse(raw);
  if (!parsed.success)
    throw new EscalationContentError(
      file,
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  return parsed.data;
}

let cached: EscalationTable | undefined;

/** The escalation table from `flows/content/escalation.json`, read and validated once. */
export function escalationTable(): EscalationTable {
  cached ??= parseEscalationTable(readFileSync(ESCALATION_FILE, 'utf8'));
  return cached;
}

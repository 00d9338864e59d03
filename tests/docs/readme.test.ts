/**
 * The README is what a newcomer reads in five minutes: short, the two commands on the first screen,
 * and a configuration table that names every variable the configuration schema reads. Depth lives
 * in docs/.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { proseLines } from './markdown.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const lines = readme.split('\n');

/** The variables `src/config.ts` validates: the keys of its `envSchema` object. */
function configVariables(): string[] {
  const source = readFileSync(join(ROOT, 'src', 'config.ts'), 'utf8');
  const schema = source.slice(source.indexOf('const envSchema = z.object({'));
  const body = schema.slice(0, schema.indexOf('\n});'));
  return [...body.matchAll(/^ {2}([A-Za-z_][A-Za-z0-9_]*):/gm)].map((m) => m[1]!);
}

describe('the README', () => {
  it('stays short: at most 250 lines, none over 200 characters', () => {
    expect(lines.length).toBeLessThanOrEqual(250);
    expect(lines.filter((l) => [...l].length > 200)).toEqual([]);
  });

  it('shows the two commands on its first screen', () => {
    const firstScreen = lines.slice(0, 40).join('\n');
    expect(firstScreen).toMatch(/npm install && npm start/);
    expect(firstScreen).toMatch(/^npm test\b/m);
  });

  it('says what Dongyu is not, and gives crisis lines, before anything else', () => {
    const top = lines.slice(0, 20).join('\n');
    expect(top).toMatch(/not a medical device/);
    expect(top).toMatch(/not a crisis service/);
    for (const line of ['12356', '18111', '1925', '988', '116 123', '112']) expect(top).toContain(line);
  });

  it('has a configuration table with every variable src/config.ts reads, spelled exactly', () => {
    const variables = configVariables();
    expect(variables.length).toBeGreaterThan(20);
    const table = proseLines(readme)
      .map((l) => l.text)
      .filter((l) => l.startsWith('| `'));
    const named = new Set(table.map((row) => /^\| `([^`]+)`/.exec(row)?.[1]));
    expect(variables.filter((v) => !named.has(v))).toEqual([]);
  });
});

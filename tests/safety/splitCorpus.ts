/**
 * Splits a labelled safety corpus into its `tune` and `check` halves, the same way every time.
 *
 * Usage: `npx tsx tests/safety/splitCorpus.ts <staging-dir>`, where the staging folder holds
 * `<list>.<locale>.jsonl` files (see `docs/safety.md`, "The labelled corpus"). Within each list and
 * category the lines are ordered by the SHA-256 of their text and dealt alternately, first to
 * `check`, then to `tune`: the halves have the same mix of categories, and no one chooses which
 * message lands where. The halves are appended to `tests/safety/corpus/<split>/<list>.<locale>.jsonl`.
 * Run once per new batch of messages; after that a file is edited only to fix a wrong label.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.argv[2];
if (!staging) {
  console.error('Usage: npx tsx tests/safety/splitCorpus.ts <staging-dir with <list>.<locale>.jsonl files>');
  process.exit(2);
}
const out = join(import.meta.dirname, 'corpus');
const digest = (text: string) => createHash('sha256').update(text).digest('hex');

for (const file of readdirSync(staging).filter((f) => f.endsWith('.jsonl'))) {
  const lines = readFileSync(join(staging, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '');
  const byCategory = new Map<string, { line: string; key: string }[]>();
  for (const line of lines) {
    const row = JSON.parse(line) as { text: string; category: string };
    const group = byCategory.get(row.category) ?? [];
    group.push({ line, key: digest(row.text) });
    byCategory.set(row.category, group);
  }
  const halves = { check: [] as string[], tune: [] as string[] };
  for (const group of byCategory.values()) {
    group.sort((a, b) => (a.key < b.key ? -1 : 1));
    for (const [i, g] of group.entries()) (i % 2 === 0 ? halves.check : halves.tune).push(g.line);
  }
  for (const [split, rows] of Object.entries(halves)) {
    mkdirSync(join(out, split), { recursive: true });
    if (rows.length) appendFileSync(join(out, split, file), `${rows.join('\n')}\n`);
    console.log(`${split}/${file}: +${rows.length}`);
  }
}

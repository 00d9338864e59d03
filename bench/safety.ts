/**
 * `npm run eval:safety` (docs/safety.md#the-evaluation): reads both halves of the labelled corpus,
 * prints the figures, writes bench/safety.json and regenerates the figures block of docs/safety.md.
 * `--misses` lists what the reader gets wrong on the tune half (never the check half: it is measured,
 * not read, so that its figures say how the reader does on messages nobody tuned it to).
 * `--explain "text"` prints what the statistical net makes of one message, its strongest features
 * first, and stops (docs/safety.md#the-statistical-net).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { explainModel } from '../flows/understanding/risk/model.js';
import { readSelfHarm } from '../flows/understanding/risk/selfHarm.js';
import { loadContent } from '../src/content.js';
import { evaluateHalf, type Miss } from './safety/evaluate.js';
import { renderFigures, type SafetyResults, withFigures } from './safety/figures.js';

const ROOT = join(import.meta.dirname, '..');
const RESULTS = join(ROOT, 'bench', 'safety.json');
const DOC = join(ROOT, 'docs', 'safety.md');

const content = loadContent();

const explain = process.argv.indexOf('--explain');
if (explain !== -1) {
  const text = process.argv[explain + 1];
  if (text === undefined) throw new Error('Usage: npm run eval:safety -- --explain "the message"');
  const why = explainModel(text, content.riskModel, 15);
  console.log(`rules alone: ${JSON.stringify(readSelfHarm(text, content.risk))}`);
  console.log(`with the net: ${JSON.stringify(readSelfHarm(text, content.risk, content.riskModel))}`);
  console.log(
    `model score ${why.score.toFixed(3)}, threshold ${why.threshold} → ${why.flagged ? 'flagged' : 'not flagged'}`,
  );
  for (const f of why.features)
    console.log(`  ${f.weight >= 0 ? '+' : ''}${f.weight.toFixed(3)}  ${f.feature}`);
  process.exit(0);
}
const misses: Miss[] = [];
const results: SafetyResults = {
  $source:
    'Written by npm run eval:safety (bench/safety.ts); docs/safety.md shows these figures. Do not edit by hand.',
  tune: evaluateHalf('tune', content.risk, { misses, model: content.riskModel }),
  check: evaluateHalf('check', content.risk, { model: content.riskModel }),
};

console.log(renderFigures(results));
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(DOC, withFigures(readFileSync(DOC, 'utf8'), results));
console.log(`\nWrote ${RESULTS} and the figures block of ${DOC}.`);

if (process.argv.includes('--misses')) {
  console.log(`\nMisses on the tune half (${misses.length}):`);
  for (const m of misses) {
    const text =
      m.row.text.length > 240 ? `${m.row.text.slice(0, 80)} … ${m.row.text.slice(-150)}` : m.row.text;
    console.log(
      `[${m.list}.${m.locale}] ${m.row.category}${m.row.explicit ? '!' : ''}: expected ${m.row.expected}, got ${m.got}` +
        `${m.rule ? ` (${m.rule})` : ''}\n    ${JSON.stringify(text)}`,
    );
  }
}

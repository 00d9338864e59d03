/**
 * The evaluation's figures as Markdown: printed by `npm run eval:safety` and written into
 * docs/safety.md between the `safety-figures` markers, always from bench/safety.json, never typed.
 */
import type { Half } from './corpus.js';
import type { HalfFigures, LocaleFigures, Rate } from './evaluate.js';
import { FLOORS, ISSUE_TARGETS } from './floors.js';

/** What bench/safety.json holds. */
export interface SafetyResults {
  $source: string;
  tune: HalfFigures;
  check: HalfFigures;
}

/** The markers around the generated block in docs/safety.md. */
export const FIGURES_START = '<!-- safety-figures:start -->';
export const FIGURES_END = '<!-- safety-figures:end -->';

const pct = (r: Rate | undefined) =>
  !r || r.rate === null ? '–' : `${(r.rate * 100).toFixed(1)}% (${r.hit}/${r.of})`;
const COLUMNS: [Half, 'en' | 'zh-CN'][] = [
  ['tune', 'en'],
  ['tune', 'zh-CN'],
  ['check', 'en'],
  ['check', 'zh-CN'],
];

function table(results: SafetyResults, rows: [string, (l: LocaleFigures) => string][]): string {
  const head = `| | ${COLUMNS.map(([h, l]) => `${h} ${l}`).join(' | ')} |`;
  const rule = `|---|${COLUMNS.map(() => '---').join('|')}|`;
  const body = rows.map(
    ([name, cell]) => `| ${name} | ${COLUMNS.map(([h, l]) => cell(results[h].locales[l])).join(' | ')} |`,
  );
  return [head, rule, ...body].join('\n');
}

function categories(results: SafetyResults, pick: (l: LocaleFigures) => Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const [h, l] of COLUMNS) for (const k of Object.keys(pick(results[h].locales[l]))) names.add(k);
  return [...names];
}

/** The figures block (without the markers). */
export function renderFigures(results: SafetyResults): string {
  const overall = table(results, [
    ['`risk` recall', (l) => pct(l.selfHarm.riskRecall)],
    ['`risk` recall, explicit lines', (l) => pct(l.selfHarm.explicitRecall)],
    ['`risk` or `possible`, over risk + possible lines', (l) => pct(l.selfHarm.riskOrPossible)],
    ['`possible` lines asked at least', (l) => pct(l.selfHarm.possibleAsked)],
    ['third party read as `thirdParty`', (l) => pct(l.selfHarm.thirdPartyHandled)],
    ['hard negatives read as `risk` (crisis reply)', (l) => pct(l.negatives.risk)],
    ['hard negatives read as `possible` (direct question)', (l) => pct(l.negatives.possible)],
    ['hard negatives read as `thirdParty`', (l) => pct(l.negatives.thirdParty)],
    ['red flags recall', (l) => pct(l.redFlag.recall)],
    ['red-flag false alarms', (l) => pct(l.redFlag.falseAlarms)],
    ['reported use: exact outcome', (l) => pct(l.use.accuracy)],
    ['reported use: false alarms', (l) => pct(l.use.falseAlarms)],
  ]);
  const selfHarmCats = categories(results, (l) => l.selfHarm.byCategory);
  const byCategory = table(
    results,
    selfHarmCats.map((c) => [
      c,
      (l) => {
        const f = l.selfHarm.byCategory[c];
        if (!f) return '–';
        if (c === 'thirdParty') return `${pct(f.thirdParty)} third party`;
        return f.risk.of ? `${pct(f.risk)} risk` : `${pct(f.riskOrPossible)} asked`;
      },
    ]),
  );
  const negCats = categories(results, (l) => l.negatives.byCategory);
  const negatives = table(
    results,
    negCats.map((c) => [
      c,
      (l) => {
        const f = l.negatives.byCategory[c];
        return f ? `${f.risk} / ${f.possible} / ${f.thirdParty} of ${f.lines}` : '–';
      },
    ]),
  );
  const redCats = categories(results, (l) => l.redFlag.byCategory);
  const redFlags = table(
    results,
    redCats.map((c) => [c, (l) => pct(l.redFlag.byCategory[c])]),
  );
  const useCats = categories(results, (l) => l.use.byOutcome);
  const use = table(
    results,
    useCats.map((c) => [c, (l) => pct(l.use.byOutcome[c])]),
  );
  const p = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const floors = [
    '| check half | en floor | zh-CN floor | issue target |',
    '|---|---|---|---|',
    `| \`risk\` recall at least | ${p(FLOORS.en.riskRecall)} | ${p(FLOORS['zh-CN'].riskRecall)} | ${p(ISSUE_TARGETS.riskRecall)} |`,
    `| \`risk\` recall, explicit lines, at least | ${p(FLOORS.en.explicitRecall)} | ${p(FLOORS['zh-CN'].explicitRecall)} | ${p(ISSUE_TARGETS.explicitRecall)} |`,
    `| \`risk\` or \`possible\` at least | ${p(FLOORS.en.riskOrPossible)} | ${p(FLOORS['zh-CN'].riskOrPossible)} | ${p(ISSUE_TARGETS.riskOrPossible)} |`,
    `| third party handled at least | ${p(FLOORS.en.thirdPartyHandled)} | ${p(FLOORS['zh-CN'].thirdPartyHandled)} | – |`,
    `| hard negatives read as \`risk\` at most | ${p(FLOORS.en.negativesRiskAtMost)} | ${p(FLOORS['zh-CN'].negativesRiskAtMost)} | ${p(ISSUE_TARGETS.negativesRiskAtMost)} |`,
    `| hard negatives read as \`possible\` at most | ${p(FLOORS.en.negativesPossibleAtMost)} | ${p(FLOORS['zh-CN'].negativesPossibleAtMost)} | – |`,
    `| red flags recall at least | ${p(FLOORS.en.redFlagRecall)} | ${p(FLOORS['zh-CN'].redFlagRecall)} | – |`,
    `| red-flag false alarms at most | ${p(FLOORS.en.redFlagFalseAlarmsAtMost)} | ${p(FLOORS['zh-CN'].redFlagFalseAlarmsAtMost)} | – |`,
    `| reported use, exact outcome, at least | ${p(FLOORS.en.useAccuracy)} | ${p(FLOORS['zh-CN'].useAccuracy)} | – |`,
  ].join('\n');
  return [
    '### Overall',
    '',
    overall,
    '',
    "### Floors asserted on the check half (tests/safety/floors.test.ts) and the issue's targets",
    '',
    floors,
    '',
    `Mean time to read one message with all three readers: ${results.tune.meanMicroseconds} µs (tune half), ${results.check.meanMicroseconds} µs (check half).`,
    '',
    '### Self-harm by category (`risk` recall; for `possible`-only categories, asked at least)',
    '',
    byCategory,
    '',
    '### Hard negatives by category (`risk` / `possible` / `thirdParty` readings)',
    '',
    negatives,
    '',
    '### Red flags by category (recall)',
    '',
    redFlags,
    '',
    '### Reported use by expected outcome (exact outcome)',
    '',
    use,
  ].join('\n');
}

/** docs/safety.md with its figures block replaced. */
export function withFigures(doc: string, results: SafetyResults): string {
  const start = doc.indexOf(FIGURES_START);
  const end = doc.indexOf(FIGURES_END);
  if (start < 0 || end < start) {
    throw new Error(`docs/safety.md needs the markers ${FIGURES_START} and ${FIGURES_END}; put them back.`);
  }
  return `${doc.slice(0, start + FIGURES_START.length)}\n${renderFigures(results)}\n${doc.slice(end)}`;
}

/** The figures block as it stands in docs/safety.md. */
export function figuresIn(doc: string): string | null {
  const start = doc.indexOf(FIGURES_START);
  const end = doc.indexOf(FIGURES_END);
  if (start < 0 || end < start) return null;
  return doc.slice(start + FIGURES_START.length, end).trim();
}

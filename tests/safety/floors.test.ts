/**
 * Floors on the `check` half of the labelled corpus (docs/safety.md#floors): a change that makes the
 * risk reader worse on messages nobody tuned it to fails here. Also: bench/safety.json and the
 * figures block of docs/safety.md are current (`npm run eval:safety` rewrites both).
 *
 * The issue's own targets (98% risk recall, 100% on explicit lines, 99% risk-or-possible, at most 3%
 * crisis replies on hard negatives) are not met yet; bench/safety/floors.ts says why and how floors
 * move.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../bench/safety/corpus.js';
import { evaluateHalf, type HalfFigures } from '../../bench/safety/evaluate.js';
import { figuresIn, renderFigures, type SafetyResults } from '../../bench/safety/figures.js';
import { FLOORS } from '../../bench/safety/floors.js';
import { loadContent } from '../../src/content.js';

const ROOT = join(import.meta.dirname, '..', '..');
const content = loadContent();
const lexicon = content.risk;
const model = content.riskModel;
const check = evaluateHalf('check', lexicon, { timing: false, model });
const tune = evaluateHalf('tune', lexicon, { timing: false, model });

describe.each(LOCALES)('check half, %s: at or above the floors', (locale) => {
  const f = check.locales[locale];
  const floors = FLOORS[locale];

  it('risk recall, explicit lines, and risk-or-possible', () => {
    expect(f.selfHarm.riskRecall.rate).toBeGreaterThanOrEqual(floors.riskRecall);
    expect(f.selfHarm.explicitRecall.rate).toBeGreaterThanOrEqual(floors.explicitRecall);
    expect(f.selfHarm.riskOrPossible.rate).toBeGreaterThanOrEqual(floors.riskOrPossible);
  });

  it('third parties are read as third parties', () => {
    expect(f.selfHarm.thirdPartyHandled.rate).toBeGreaterThanOrEqual(floors.thirdPartyHandled);
  });

  it('crisis replies on hard negatives stay under the ceiling', () => {
    expect(f.negatives.risk.rate).toBeLessThanOrEqual(floors.negativesRiskAtMost);
  });

  it('direct questions on hard negatives stay under the ceiling (the statistical net asks, never more)', () => {
    expect(f.negatives.possible.rate).toBeLessThanOrEqual(floors.negativesPossibleAtMost);
  });

  it('red flags: recall and false alarms', () => {
    expect(f.redFlag.recall.rate).toBeGreaterThanOrEqual(floors.redFlagRecall);
    expect(f.redFlag.falseAlarms.rate).toBeLessThanOrEqual(floors.redFlagFalseAlarmsAtMost);
  });

  it('reported use: exact outcome', () => {
    expect(f.use.accuracy.rate).toBeGreaterThanOrEqual(floors.useAccuracy);
  });
});

/** Figures without the time measurement (which differs run to run). */
const accuracyOf = (h: HalfFigures) => ({ ...h, meanMicroseconds: 0 });

describe('the published figures are current', () => {
  const results = JSON.parse(readFileSync(join(ROOT, 'bench', 'safety.json'), 'utf8')) as SafetyResults;

  it('bench/safety.json matches the reader (run npm run eval:safety after changing lexicons or rules)', () => {
    expect(accuracyOf(results.check)).toEqual(accuracyOf(check));
    expect(accuracyOf(results.tune)).toEqual(accuracyOf(tune));
  });

  it('the figures block of docs/safety.md is generated from bench/safety.json (run npm run eval:safety)', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'safety.md'), 'utf8');
    expect(figuresIn(doc)).toBe(renderFigures(results).trim());
  });
});

/**
 * The statistical net (docs/safety.md#the-statistical-net): it loads with the content, it may only
 * raise `none` to `possible` (never lower a rule's `risk` or change a `thirdParty`), it explains
 * itself, and training from the committed tune half reproduces the committed weights.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODEL_FILE, riskModelFileText } from '../../../../bench/safety/trainModel.js';
import type { RiskModel } from '../../../../flows/content/riskModel.js';
import {
  explainModel,
  modelFeatures,
  modelScore,
  withModel,
} from '../../../../flows/understanding/risk/model.js';
import type { SelfHarmReading } from '../../../../flows/understanding/risk/reading.js';
import { readSelfHarm } from '../../../../flows/understanding/risk/selfHarm.js';
import { loadContent } from '../../../../src/content.js';

const content = loadContent();
const model = content.riskModel;

/** A model that flags everything: the strongest test of what it may not do. */
const flagsAll: RiskModel = { ...model, bias: 1000 };
/** A model that flags nothing. */
const flagsNothing: RiskModel = { ...model, bias: -1000 };

describe('the statistical net', () => {
  it('loads with the content, small and with thresholds for both languages', () => {
    expect(Object.keys(model.weights).length).toBeGreaterThan(1000);
    expect(readFileSync(MODEL_FILE).length).toBeLessThan(300 * 1024);
    expect(Number.isFinite(model.thresholds.en)).toBe(true);
    expect(Number.isFinite(model.thresholds['zh-CN'])).toBe(true);
  });

  it('reads English words and Chinese characters after normalisation', () => {
    expect(modelFeatures('Ｉ  CAN\u200e’T go on')).toEqual(
      expect.arrayContaining(['w:i', "w:can't", "w:i can't", 'w:go on']),
    );
    expect(modelFeatures('不想活了')).toEqual(expect.arrayContaining(['c:不', 'c:不想', 'c:活了']));
    expect(modelFeatures('不想活了').some((f) => f.startsWith('w:'))).toBe(false);
  });

  it('never lowers a rule’s risk, never changes a third party, never raises to risk', () => {
    const risk: SelfHarmReading = { outcome: 'risk', category: 'plan', rule: 'x' };
    const third: SelfHarmReading = { outcome: 'thirdParty', category: 'thirdParty', rule: 'y' };
    const possible: SelfHarmReading = { outcome: 'possible', category: 'burden', rule: 'z' };
    for (const m of [flagsAll, flagsNothing, model]) {
      expect(withModel(risk, 'anything', m)).toBe(risk);
      expect(withModel(third, 'anything', m)).toBe(third);
      expect(withModel(possible, 'anything', m)).toBe(possible);
    }
    expect(readSelfHarm('I am going to kill myself tonight', content.risk, flagsNothing).outcome).toBe(
      'risk',
    );
    expect(readSelfHarm('my friend said he wants to die', content.risk, flagsAll).outcome).toBe('thirdParty');
  });

  it('raises none to possible (the direct question) only at or above the threshold', () => {
    const none: SelfHarmReading = { outcome: 'none', category: null, rule: null };
    const long = 'i keep thinking that there is no way out of this for me';
    expect(withModel(none, long, flagsAll)).toEqual({
      outcome: 'possible',
      category: 'indirect',
      rule: 'model',
    });
    expect(withModel(none, long, flagsNothing)).toBe(none);
    // Too few known words: not judged, however high the score.
    expect(withModel(none, 'nice walk', flagsAll)).toBe(none);
    // Enough words to be judged: the outcome follows the score against the threshold.
    const lowered: RiskModel = { ...model, thresholds: { en: -1000, 'zh-CN': -1000 } };
    const raised: RiskModel = { ...model, thresholds: { en: 1000, 'zh-CN': 1000 } };
    expect(modelScore(long, model)).toBeGreaterThan(-1000);
    expect(withModel(none, long, lowered).outcome).toBe('possible');
    expect(withModel(none, long, raised).outcome).toBe('none');
  });

  it('leaves everyday replies alone: short answers are too short to judge', () => {
    for (const text of [
      'yes',
      'no',
      'hi',
      'ok thanks',
      '3',
      '好的',
      '还行吧',
      '累',
      'today was ok, did my walk',
    ]) {
      expect(readSelfHarm(text, content.risk, model).outcome, text).toBe('none');
    }
  });

  it('explains a score by its features, strongest first, which add up with the bias', () => {
    const text = 'nobody would even notice if i was gone';
    const why = explainModel(text, model, 1000);
    const sum = why.features.reduce((s, f) => s + f.weight, model.bias);
    expect(why.score).toBeCloseTo(sum, 6);
    const sizes = why.features.map((f) => Math.abs(f.weight));
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(explainModel(text, model, 3).features).toHaveLength(Math.min(3, why.features.length));
  });

  it('is reproducible: training from the committed tune half gives the committed weights (npm run train:safety)', () => {
    expect(riskModelFileText()).toBe(readFileSync(MODEL_FILE, 'utf8'));
  });
});

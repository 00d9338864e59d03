/**
 * The statistical net (docs/safety.md#the-statistical-net): a small Naive Bayes score over word and
 * character n-grams, trained from the tune half of the corpus. It is a second net behind the rules:
 * it may only raise a `none` to `possible` (the direct question), never lower a `risk` or change a
 * `thirdParty`. Pure: weights in (`content.riskModel`), a score out.
 */
import type { RiskModel } from '../../content/riskModel.js';
import { normalise } from './normalise.js';
import type { SelfHarmReading } from './reading.js';

const HAN_RUN = /\p{Script=Han}+/gu;
const WORD = /[a-z0-9']+/g;
const HAN = /\p{Script=Han}/u;

/**
 * The features of a message, each once: English word unigrams and bigrams (`w:`) and Chinese
 * character unigrams and bigrams (`c:`), after the reader's own normalisation.
 */
export function modelFeatures(text: string): string[] {
  const t = normalise(text);
  const out = new Set<string>();
  const words = t.replace(HAN_RUN, ' ').match(WORD) ?? [];
  for (let i = 0; i < words.length; i++) {
    out.add(`w:${words[i]}`);
    if (i + 1 < words.length) out.add(`w:${words[i]} ${words[i + 1]}`);
  }
  for (const run of t.match(HAN_RUN) ?? []) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      out.add(`c:${chars[i]}`);
      if (i + 1 < chars.length) out.add(`c:${chars[i]}${chars[i + 1]}`);
    }
  }
  return [...out];
}

/** Which threshold applies: Chinese when the message has a Han character. */
export function modelLocale(text: string): 'en' | 'zh-CN' {
  return HAN.test(text) ? 'zh-CN' : 'en';
}

/** The model's score for a message: the bias plus the weights of its features. */
export function modelScore(text: string, model: RiskModel): number {
  let score = model.bias;
  for (const f of modelFeatures(text)) score += model.weights[f] ?? 0;
  return score;
}

/**
 * True when the net flags a message: it has at least `minFeatures` features the model knows (a short
 * reply carries too little evidence) and scores at or above its language's threshold.
 */
export function modelFlags(text: string, model: RiskModel): boolean {
  let score = model.bias;
  let known = 0;
  for (const f of modelFeatures(text)) {
    const w = model.weights[f];
    if (w === undefined) continue;
    score += w;
    known++;
  }
  return known >= model.minFeatures && score >= model.thresholds[modelLocale(text)];
}

/** One feature's share of a score. */
export interface Contribution {
  feature: string;
  weight: number;
}

/** Why the model scored a message as it did: its features by weight, strongest first. */
export function explainModel(
  text: string,
  model: RiskModel,
  top = 10,
): { score: number; threshold: number; flagged: boolean; features: Contribution[] } {
  const features = modelFeatures(text)
    .filter((f) => model.weights[f] !== undefined)
    .map((feature) => ({ feature, weight: model.weights[feature]! }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.feature < b.feature ? -1 : 1))
    .slice(0, top);
  const score = modelScore(text, model);
  const threshold = model.thresholds[modelLocale(text)];
  return { score, threshold, flagged: modelFlags(text, model), features };
}

/**
 * The rules' reading with the statistical net behind it: a `none` the model flags becomes `possible` (category `indirect`, rule `model`). Any other reading is
 * returned as it is.
 */
export function withModel(reading: SelfHarmReading, text: string, model: RiskModel): SelfHarmReading {
  if (reading.outcome !== 'none') return reading;
  if (!modelFlags(text, model)) return reading;
  return { outcome: 'possible', category: 'indirect', rule: 'model' };
}

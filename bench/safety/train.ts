/**
 * Trains the statistical net (docs/safety.md#the-statistical-net) from the **tune half** of the
 * safety corpus only: multinomial Naive Bayes over binary n-gram features, the threshold per
 * language chosen by 5-fold cross-validation within the tune half. Deterministic: no randomness,
 * folds dealt by position, features sorted. The check half is never read here.
 */
import type { RiskModel } from '../../flows/content/riskModel.js';
import { modelFeatures } from '../../flows/understanding/risk/model.js';
import { type CorpusRow, LOCALES, type Locale, loadRows } from './corpus.js';

/** One training example. */
export interface Example {
  text: string;
  positive: boolean;
  locale: Locale;
}

/** How many features the weights file keeps (by |weight|), so that it stays small. */
export const KEPT_FEATURES = 8000;
/** Most of the tune negatives (cross-validated) the threshold may flag. */
export const MAX_NEGATIVES_FLAGGED = 0.15;
const FOLDS = 5;
/** A feature must appear in this many tune messages to be weighed: one-off n-grams are noise. */
export const MIN_MESSAGES = 2;
/**
 * The threshold is at least this far above the bias (the score of a message with no known feature):
 * the net asks only on positive evidence, never on words it has not seen ("yes", 好的).
 */
export const MIN_EVIDENCE = 1;
/** Known features a message needs before the net judges it (`riskModel.minFeatures`). */
export const MIN_FEATURES = 6;
const ALPHA = 1;

/** The tune half as examples: self-harm risk/possible lines are positive; everything that is not self-harm is negative. */
export function tuneExamples(dir?: string): Example[] {
  const out: Example[] = [];
  for (const locale of LOCALES) {
    const add = (rows: CorpusRow[], positive: (r: CorpusRow) => boolean | null) => {
      for (const r of rows) {
        const p = positive(r);
        if (p !== null) out.push({ text: r.text, positive: p, locale });
      }
    };
    add(loadRows('tune', 'selfHarm', locale, dir), (r) =>
      r.expected === 'risk' || r.expected === 'possible' ? true : null,
    );
    add(loadRows('tune', 'negatives', locale, dir), () => false);
    add(loadRows('tune', 'redFlag', locale, dir), () => false);
    add(loadRows('tune', 'use', locale, dir), () => false);
  }
  return out;
}

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Naive Bayes weights (log-likelihood ratios) from examples, pruned to the strongest `keep`. */
export function fitWeights(
  examples: Example[],
  keep = KEPT_FEATURES,
): { bias: number; weights: Record<string, number> } {
  const pos = new Map<string, number>();
  const neg = new Map<string, number>();
  let posTotal = 0;
  let negTotal = 0;
  let posDocs = 0;
  for (const e of examples) {
    const counts = e.positive ? pos : neg;
    if (e.positive) posDocs++;
    for (const f of modelFeatures(e.text)) {
      counts.set(f, (counts.get(f) ?? 0) + 1);
      if (e.positive) posTotal++;
      else negTotal++;
    }
  }
  const vocabulary = [...new Set([...pos.keys(), ...neg.keys()])]
    .filter((f) => (pos.get(f) ?? 0) + (neg.get(f) ?? 0) >= MIN_MESSAGES)
    .sort();
  const v = vocabulary.length;
  const scored = vocabulary.map((f) => {
    const p = ((pos.get(f) ?? 0) + ALPHA) / (posTotal + ALPHA * v);
    const n = ((neg.get(f) ?? 0) + ALPHA) / (negTotal + ALPHA * v);
    return { f, w: round(Math.log(p / n)) };
  });
  scored.sort((a, b) => Math.abs(b.w) - Math.abs(a.w) || (a.f < b.f ? -1 : 1));
  const weights: Record<string, number> = {};
  for (const { f, w } of scored.slice(0, keep).sort((a, b) => (a.f < b.f ? -1 : 1))) weights[f] = w;
  return { bias: round(Math.log(posDocs / (examples.length - posDocs))), weights };
}

/** The score as the reader computes it; a message with too few known features can never be flagged. */
function score(text: string, bias: number, weights: Record<string, number>): number {
  let s = bias;
  let known = 0;
  for (const f of modelFeatures(text)) {
    const w = weights[f];
    if (w === undefined) continue;
    s += w;
    known++;
  }
  return known >= MIN_FEATURES ? s : Number.NEGATIVE_INFINITY;
}

/**
 * The threshold for one language: the lowest that flags at most `MAX_NEGATIVES_FLAGGED` of the
 * language's negatives, scored out of fold (each by weights trained without it), and never less
 * than `MIN_EVIDENCE` above the bias.
 */
function chooseThreshold(outOfFold: { score: number; positive: boolean }[], bias: number): number {
  const negatives = outOfFold.filter((s) => !s.positive).map((s) => s.score);
  negatives.sort((a, b) => b - a);
  const allowed = Math.floor(negatives.length * MAX_NEGATIVES_FLAGGED);
  // Strictly above the (allowed+1)-th highest negative: at most `allowed` negatives reach it.
  const cut = negatives[allowed];
  return round(Math.max(cut === undefined ? bias : cut + 1e-4, bias + MIN_EVIDENCE));
}

/** Trains the whole model: cross-validated thresholds, then weights from all the tune half. */
export function trainRiskModel(examples: Example[]): Omit<RiskModel, 'features'> & {
  features: RiskModel['features'];
  crossValidation: Record<Locale, { recall: number; negativesFlagged: number }>;
} {
  const outOfFold: { score: number; positive: boolean; locale: Locale }[] = [];
  for (let k = 0; k < FOLDS; k++) {
    const train = examples.filter((_, i) => i % FOLDS !== k);
    const { bias, weights } = fitWeights(train);
    examples.forEach((e, i) => {
      if (i % FOLDS === k)
        outOfFold.push({ score: score(e.text, bias, weights), positive: e.positive, locale: e.locale });
    });
  }
  const { bias, weights } = fitWeights(examples);
  const thresholds = {} as Record<Locale, number>;
  const crossValidation = {} as Record<Locale, { recall: number; negativesFlagged: number }>;
  for (const locale of LOCALES) {
    const mine = outOfFold.filter((s) => s.locale === locale);
    const t = chooseThreshold(mine, bias);
    thresholds[locale] = t;
    const pos = mine.filter((s) => s.positive);
    const neg = mine.filter((s) => !s.positive);
    crossValidation[locale] = {
      recall: round(pos.filter((s) => s.score >= t).length / pos.length),
      negativesFlagged: round(neg.filter((s) => s.score >= t).length / neg.length),
    };
  }
  return {
    features: 'en word 1-2 grams + zh char 1-2 grams, binary, after normalise()',
    bias,
    minFeatures: MIN_FEATURES,
    thresholds,
    weights,
    crossValidation,
  };
}

/**
 * The statistical net's weights (`riskModel.json`, docs/safety.md#the-statistical-net): a linear
 * score over character and word n-grams, trained by `npm run train:safety` from the tune half of the
 * safety corpus. Read by `flows/understanding/risk/model.ts`.
 */
import { z } from 'zod';

/** The weights file: a bias, one weight per kept feature, a threshold per language. */
export const riskModelSchema = z.object({
  /** How the features are made; the reader refuses weights made another way. */
  features: z.literal('en word 1-2 grams + zh char 1-2 grams, binary, after normalise()'),
  /** Added to every score: log of the positive-to-negative prior. */
  bias: z.number(),
  /** A message with fewer known features than this is too short to judge ("yes", 还行吧): the rules alone read it. */
  minFeatures: z.number().int().min(1),
  /** Decision thresholds per language, chosen by cross-validation within the tune half. */
  thresholds: z.object({ en: z.number(), 'zh-CN': z.number() }),
  /** Feature → weight (log-likelihood ratio); features not listed weigh nothing. */
  weights: z.record(z.string(), z.number()),
});

/** The statistical net's weights as validated at start-up. */
export type RiskModel = z.infer<typeof riskModelSchema>;

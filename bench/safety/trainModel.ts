/**
 * `npm run train:safety` (docs/safety.md#the-statistical-net): trains the statistical net from the
 * tune half of the safety corpus and writes `flows/content/riskModel.json`. Deterministic: the same
 * corpus gives the same file.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { riskModelSchema } from '../../flows/content/riskModel.js';
import {
  KEPT_FEATURES,
  MAX_NEGATIVES_FLAGGED,
  MIN_EVIDENCE,
  MIN_FEATURES,
  MIN_MESSAGES,
  trainRiskModel,
  tuneExamples,
} from './train.js';

/** Where the weights go. */
export const MODEL_FILE = join(import.meta.dirname, '..', '..', 'flows', 'content', 'riskModel.json');

/** The weights file's text for the committed corpus (also used by the test that checks it is current). */
export function riskModelFileText(): string {
  const { crossValidation, ...model } = trainRiskModel(tuneExamples());
  riskModelSchema.parse(model);
  const file = {
    $source:
      'Written by npm run train:safety (bench/safety/trainModel.ts) from tests/safety/corpus/tune only: ' +
      'multinomial Naive Bayes (add-one smoothing) over binary English word and Chinese character 1-2 grams, ' +
      `seen in at least ${MIN_MESSAGES} tune messages, the ${KEPT_FEATURES} strongest kept; a message needs ` +
      `${MIN_FEATURES} known features to be judged; thresholds per language by 5-fold cross-validation within ` +
      `the tune half, the lowest flagging at most ${MAX_NEGATIVES_FLAGGED * 100}% of its negatives and at least ` +
      `${MIN_EVIDENCE} above the bias ` +
      `(cross-validated: ${JSON.stringify(crossValidation)}). Do not edit by hand.`,
    ...model,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const started = performance.now();
  const text = riskModelFileText();
  writeFileSync(MODEL_FILE, text);
  console.log(
    `Wrote ${MODEL_FILE} (${(text.length / 1024).toFixed(0)} KB) in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
}

/**
 * The risk reader (docs/safety.md): pure functions from a message and the concept lexicons
 * (`content.risk`) to a reading. Normalise → tokens → concepts → rules → context.
 */
export type { RiskLexicon } from '../../content/risk.js';
export type {
  RedFlagCategory,
  RedFlagReading,
  SelfHarmCategory,
  SelfHarmReading,
  UseReading,
} from './reading.js';
export { RED_FLAG_CATEGORIES, SELF_HARM_CATEGORIES } from './reading.js';
export { readRedFlag } from './redFlag.js';
export { readSelfHarm } from './selfHarm.js';
export { readUse } from './use.js';

/**
 * The risk reader as the engine uses it (docs/safety.md): one place that hands a message's text and
 * the content's concept lexicons to the pure readers in `flows/understanding/risk/`, so the
 * interpreter and the crisis reply without a store read every message the same way.
 */
import type { FlowContent } from '../../flows/content/schema.js';
import { mentions } from '../../flows/understanding/phrases.js';
import {
  type RedFlagReading,
  readRedFlag,
  readSelfHarm,
  readUse,
  type SelfHarmReading,
  type UseReading,
} from '../../flows/understanding/risk/index.js';

/** What the reader makes of a message as self-harm language, the statistical net behind the rules. */
export function screenSelfHarm(text: string, content: FlowContent): SelfHarmReading {
  return readSelfHarm(text, content.risk, content.riskModel);
}

/**
 * What the reader makes of a message as a medical red flag. The reviewed phrase lists keep their
 * say too (better a false alarm than a miss, docs/clinical-protocol.md#risk-words-and-medical-red-flags):
 * what either reads as a flag is one.
 */
export function screenRedFlag(text: string, content: FlowContent): RedFlagReading {
  const read = readRedFlag(text, content.risk);
  if (read.outcome === 'redFlag' || !mentions(text, 'redFlag', content.phrases)) return read;
  return { outcome: 'redFlag', category: null, rule: 'phrases.redFlag' };
}

/**
 * What the reader makes of a message as a report of use or of craving. The reviewed phrase lists
 * (`flows/content/phrases.json`) keep their say where they match (each of their decisions has a
 * test: "I used my bike" is asked about, "复吸了" is a lapse); the reader reads what they miss.
 */
export function screenUse(text: string, content: FlowContent): UseReading {
  for (const kind of ['lapse', 'possibleLapse', 'craving'] as const)
    if (mentions(text, kind, content.phrases)) return { outcome: kind, rule: `phrases.${kind}` };
  return readUse(text, content.risk);
}

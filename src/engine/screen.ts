/**
 * The risk reader as the engine uses it (docs/safety.md): one place that hands a message's text and
 * the content's lexicons to the pure readers in `flows/understanding/risk/`, so the interpreter and
 * the crisis reply without a store read every message the same way.
 */
import type { FlowContent } from '../../flows/content/schema.js';
import { mentions } from '../../flows/understanding/phrases.js';
import type { RedFlagReading, SelfHarmReading, UseReading } from '../../flows/understanding/risk/reading.js';

/** What the reader makes of a message as self-harm language. */
export function screenSelfHarm(text: string, content: FlowContent): SelfHarmReading {
  return mentions(text, 'selfHarm', content.phrases)
    ? { outcome: 'risk', category: 'ideation', rule: 'phrase' }
    : { outcome: 'none', category: null, rule: null };
}

/** What the reader makes of a message as a medical red flag. */
export function screenRedFlag(text: string, content: FlowContent): RedFlagReading {
  return mentions(text, 'redFlag', content.phrases)
    ? { outcome: 'redFlag', category: null, rule: 'phrase' }
    : { outcome: 'none', category: null, rule: null };
}

/** What the reader makes of a message as a report of use or of craving. */
export function screenUse(text: string, content: FlowContent): UseReading {
  if (mentions(text, 'lapse', content.phrases)) return { outcome: 'lapse', rule: 'phrase' };
  if (mentions(text, 'possibleLapse', content.phrases)) return { outcome: 'possibleLapse', rule: 'phrase' };
  if (mentions(text, 'craving', content.phrases)) return { outcome: 'craving', rule: 'phrase' };
  return { outcome: 'none', rule: null };
}

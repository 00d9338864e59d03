/**
 * What the risk reader makes of a message (docs/safety.md). The reader is pure: text and the
 * concept lexicons in, a reading out. The engine turns a reading into a machine event; the machine
 * decides the reply. Categories name what matched, so a counsellor's alert can say why.
 */

/** Kinds of self-harm language (the corpus labels and the alert's "why"). */
export const SELF_HARM_CATEGORIES = [
  'plan',
  'preparatory',
  'goodbye',
  'burden',
  'deathWish',
  'ideation',
  'selfInjury',
  'indirect',
  'thirdParty',
] as const;
/** One kind of self-harm language. */
export type SelfHarmCategory = (typeof SELF_HARM_CATEGORIES)[number];

/**
 * A reading for self-harm. `risk`: the crisis reply at once. `possible`: ask directly. `thirdParty`:
 * someone else is at risk (a different reply and a `high` alert). `none`: nothing to do.
 */
export interface SelfHarmReading {
  outcome: 'risk' | 'possible' | 'thirdParty' | 'none';
  /** What matched; null for `none`. */
  category: SelfHarmCategory | null;
  /** The named rule that decided (for tests and the evaluation), null for `none`. */
  rule: string | null;
}

/** Kinds of medical red flag. */
export const RED_FLAG_CATEGORIES = [
  'chestPain',
  'fainting',
  'breathless',
  'palpitations',
  'dizziness',
  'confusion',
] as const;
/** One kind of medical red flag. */
export type RedFlagCategory = (typeof RED_FLAG_CATEGORIES)[number];

/** A reading for medical red flags. */
export interface RedFlagReading {
  outcome: 'redFlag' | 'none';
  category: RedFlagCategory | null;
  rule: string | null;
}

/**
 * A reading for reported use: `lapse` a clear report (the lapse flow), `possibleLapse` maybe a use
 * (the confirm question), `craving` a wish to use (craving help), `none`.
 */
export interface UseReading {
  outcome: 'lapse' | 'possibleLapse' | 'craving' | 'none';
  rule: string | null;
}

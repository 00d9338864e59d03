/**
 * Every question the patient machine asks, by its `field`, and how a typed answer to it is read.
 * One table for the machine (which asks them and says why an answer was not understood), the
 * interpreter (`src/engine/interpret.ts`, which reads the answers) and the quantities (what a
 * typed number counts): a field is spelt once, here, and a misspelt one does not compile.
 */

/** How a question is asked: a 0–N scale, yes/no, a list of options, a number, or free text. */
export type AskKind = 'scale' | 'yesno' | 'choice' | 'number' | 'text';

/** What a number typed for a question counts (`1 week` is 7 days; `3次` is no rating). */
export type Unit = 'days' | 'minutes' | 'rating';

/**
 * How a typed answer to a choice question is read before its options are:
 * - `clockTime`: any time (`21:30`, `9pm`, `晚上9点`); the buttons are examples, and a text that
 *   is no time is no answer (凌晨1点 is 01:00, never the first button);
 * - `timezone`: an IANA zone name (`Asia/Singapore`);
 * - `sleepHours`: hours of sleep, 0–24 (`7`, `六个半小时`);
 * - `amount`: a whole amount in the question's unit and range (`1 hour` of exercise is 60);
 * - `language`: a language named in either language (`中文`, `English`);
 * - `integer`: a whole number in the question's range (a PHQ item's 0–3);
 * - `weekdays`: workout days named in either language (`Mon Wed Fri`, 周一三五), as digits (`135`).
 */
export type TypedReading =
  | 'clockTime'
  | 'timezone'
  | 'sleepHours'
  | 'amount'
  | 'language'
  | 'integer'
  | 'weekdays';

/**
 * Why a typed answer was not understood, when the question has its own word for it
 * (`common.invalid.<hint>`): a time or a zone name is wanted, not "an option or its number"; days
 * since last use may be words (2 weeks, yesterday), and its upper limit means nothing to a patient;
 * a PHQ item may be said as how often (`often`); a session step waits for a tap (`step`); the
 * direct question about risk asks gently again (`sure`).
 */
export type QuestionHint = 'time' | 'zone' | 'daysAgo' | 'often' | 'step' | 'sure';

/** How one question is asked and how its answer is read. */
export interface Question {
  kind: AskKind;
  /** What a typed number counts (scale and number questions; `amount` readings). */
  unit?: Unit;
  /** A choice question's typed reading, tried before its options. */
  reading?: TypedReading;
  /** The question's own word for an answer not understood (else its kind's). */
  hint?: QuestionHint;
  /** The answers are numbers (the options' values are digits: minutes, a PHQ item's score). */
  numeric?: true;
  /** A typed number is never an option's position (at a time zone, 3 is no place: UTC+3 is not). */
  noPositions?: true;
  /**
   * Words that say yes to this yes/no question beyond "yes": telling of a use (`用了一点`) to "any
   * use since your last check-in?"; "I did" to "do you mean you used again?" (not "I used my bike").
   */
  yesAlso?: 'tellsOfUse' | 'confirmsUse';
  /**
   * Which hedged answers a yes/no question takes ("not that I know of", 应该没有, 有一点): both by
   * default; only a hedged yes where a doubtful no must not pass (the direct question about risk:
   * "not really" is asked again); only a hedged no where a doubtful yes must not act (erasing
   * everything).
   */
  hedged?: 'yesOnly' | 'noOnly';
  /**
   * A range said for a number (两三分, 七八分, 2-3 weeks): the riskier end is taken where a rule
   * about risk reads the answer (`higher` for craving ratings and PHQ items, `lower` for days since
   * last use: the earlier stage, the gentler plan); without it the patient is asked to pick one.
   */
  range?: 'higher' | 'lower';
  /**
   * Answered at the root, over whatever was asked (`OVERLAY_ANSWER`): the crisis reply's Continue,
   * /delete, /language, /pause, /time, /timezone, "do you mean you used again?", the direct question.
   */
  overlay?: true;
}

/** The questions, by field. */
export const QUESTIONS = {
  // Onboarding and screening (flows/machine/screening.ts).
  consent: { kind: 'yesno' },
  age: { kind: 'number' },
  parq: { kind: 'yesno' },
  lastUse: { kind: 'number', unit: 'days', hint: 'daysAgo', range: 'lower' },
  craving: { kind: 'scale', unit: 'rating', range: 'higher' },
  phq: { kind: 'choice', reading: 'integer', numeric: true, hint: 'often', range: 'higher' },
  activity: { kind: 'scale' },
  likes: { kind: 'choice' },
  setting: { kind: 'choice' },
  checkinTime: { kind: 'choice', reading: 'clockTime', hint: 'time' },
  timezone: { kind: 'choice', reading: 'timezone', hint: 'zone', noPositions: true },
  shareName: { kind: 'yesno' },
  // The daily check-in (flows/machine/checkin.ts).
  checkinCraving: { kind: 'scale', unit: 'rating', range: 'higher' },
  peak: { kind: 'scale', unit: 'rating', range: 'higher' },
  mood: { kind: 'scale', unit: 'rating' },
  sleep: { kind: 'choice', reading: 'sleepHours' },
  exercise: { kind: 'choice', reading: 'amount', unit: 'minutes', numeric: true },
  exerciseType: { kind: 'choice' },
  use: { kind: 'yesno', yesAlso: 'tellsOfUse' },
  // Rescue sessions (flows/machine/rescueSession.ts).
  reportCraving: { kind: 'scale', unit: 'rating', range: 'higher' },
  offer: { kind: 'choice' },
  session: { kind: 'choice', hint: 'step' },
  after: { kind: 'scale', unit: 'rating', range: 'higher' },
  // The exercise program (flows/machine/program.ts, workout.ts; docs/program.md). Its PHQ and PAR-Q+
  // re-assessments ask the onboarding's `phq` and `parq`.
  workoutDays: { kind: 'choice', reading: 'weekdays' },
  workoutOffer: { kind: 'choice' },
  workoutBefore: { kind: 'scale', unit: 'rating' },
  workoutStep: { kind: 'choice' },
  workoutEffort: { kind: 'choice' },
  workoutAfter: { kind: 'scale', unit: 'rating' },
  // Overlays at the root (flows/machine/settings.ts, safety.ts, riskCheck.ts).
  resume: { kind: 'choice', overlay: true },
  deleteConfirm: { kind: 'yesno', overlay: true, hedged: 'noOnly' },
  language: { kind: 'choice', reading: 'language', overlay: true },
  pauseDays: { kind: 'number', unit: 'days', overlay: true },
  setTime: { kind: 'choice', reading: 'clockTime', hint: 'time', overlay: true },
  setZone: { kind: 'choice', reading: 'timezone', hint: 'zone', noPositions: true, overlay: true },
  lapseConfirm: { kind: 'yesno', yesAlso: 'confirmsUse', overlay: true },
  riskCheck: { kind: 'yesno', overlay: true, hedged: 'yesOnly', hint: 'sure' },
} as const satisfies Record<string, Question>;

/** A question's field: which question it is. */
export type Field = keyof typeof QUESTIONS;

/** Every field, for validating stored snapshots. */
export const FIELDS = Object.keys(QUESTIONS) as [Field, ...Field[]];

/** The fields asked with a given kind (what `scaleAsk` and `yesNoAsk` accept). */
export type FieldOfKind<K extends AskKind> = {
  [F in Field]: (typeof QUESTIONS)[F]['kind'] extends K ? F : never;
}[Field];

/** The fields answered at the root, over whatever was asked (see {@link Question.overlay}). */
export type OverlayField = {
  [F in Field]: (typeof QUESTIONS)[F] extends { overlay: true } ? F : never;
}[Field];

/** The question of a field. */
export function questionOf(field: Field): Question {
  return QUESTIONS[field];
}

/** True for the fields answered at the root (see {@link Question.overlay}). */
export function isOverlayField(field: Field): field is OverlayField {
  return questionOf(field).overlay === true;
}

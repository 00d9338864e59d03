/** The patient machine's context and events. Everything here is persisted in the snapshot: keep it small. */

import type { Modality, Sleep } from '../history.js';
import type { Option, Text, TimerEvent } from '../intents.js';
import type { SessionStats } from '../rules/chooseSession.js';
import type { RedFlagCategory, SelfHarmCategory } from '../understanding/risk/reading.js';
import type { Listening } from './listeningTypes.js';
import type { ProgramState, Reassessment, WorkoutProgress } from './programTypes.js';
import type { AskKind, Field, OverlayField } from './questions.js';

/** Why a crisis reply was given: what the reader found, or a yes to the direct question. */
export type CrisisWhy = SelfHarmCategory | 'answeredYes';

/** The two languages. */
export type Locale = 'en' | 'zh-CN';

/**
 * A question waiting for its answer. `field` says which question it is: how its answer is read is
 * in the table of questions (`questions.ts`).
 */
export interface PendingAsk {
  id: string;
  field: Field;
  kind: AskKind;
  prompt: Text;
  options: Option[];
  min?: number;
  max?: number;
  /** A typed number is an amount (hours of sleep), never a position in the list. */
  typedNumber?: 'amount';
}

/** What the screening found; the assessment and prescription are computed from it. */
export interface Profile {
  age: number | null;
  parq: boolean[];
  /** True when every PAR-Q+ answer was no, or a counsellor recorded clearance. */
  cleared: boolean;
  lastUseAt: number | null;
  baselineCraving: number | null;
  phq: number[];
  activeDays: number | null;
  likes: Modality[];
  setting: 'indoors' | 'outdoors' | 'either';
  checkinTime: string;
  timezone: string;
  shareName: boolean;
}

/** One day's check-in, kept for streaks and the weekly trend (the full record is in history). */
export interface DayRecord {
  day: string;
  craving: number;
  peak: number;
  mood: number;
  exMin: number;
}

/** The check-in being answered. */
export interface CheckinDraft {
  day: string;
  craving?: number;
  peak?: number;
  mood?: number;
  sleep?: Sleep;
  exMin?: number;
  exType?: Modality;
}

/** The patient machine's context. */
export interface PatientContext {
  locale: Locale;
  /** Counter for ask ids. */
  seq: number;
  /**
   * The question the patient's next answer goes to. When it is an overlay question (questions.ts:
   * Continue after a crisis reply, /delete, /language, /pause...), the machine's interruption region
   * is in its state (interruption.ts).
   */
  ask: PendingAsk | null;
  /** The question an overlay interrupted: given back once the overlay is answered. */
  saved: PendingAsk | null;
  /** Set by a crisis reply: the next question is parked, not asked, until the patient continues. */
  hold: boolean;
  profile: Profile;
  /** Last craving ratings, oldest first (bounded). */
  ratings: number[];
  stats: SessionStats;
  days: DayRecord[];
  missedInRow: number;
  lastCheckinDay: string | null;
  pausedUntil: number | null;
  checkin: CheckinDraft | null;
  /**
   * The rescue session under way: which, the step it is at, the rating before it, and `completed`
   * once every step was done (it then waits for the rating after it).
   */
  session: { id: string; step: number; before: number; completed?: boolean } | null;
  /** The rating that led to the current offer or session. */
  before: number | null;
  /**
   * The direct question "are you having thoughts of ending your life?" asked after words that may
   * mean risk, and what those words were; null once answered or once counsellors were told it went
   * unanswered.
   */
  riskCheck?: { askId: string; why: SelfHarmCategory } | null;
  /** When the patient last mentioned chest pain, fainting or breathlessness (seated sessions for a while after). */
  redFlagAt?: number | null;
  /** The exercise program (docs/program.md); absent until it starts at the first check-in or `/workout`. */
  program?: ProgramState | null;
  /** A guided workout under way. */
  workout?: WorkoutProgress | null;
  /** A PHQ or PAR-Q+ re-assessment under way. */
  reassess?: Reassessment | null;
  /**
   * Since when the platform has said the patient cannot be reached (blocked the bot, left the
   * Teams chat); null or absent while they can be. Check-ins are held meanwhile (see
   * `flows/rules/reachability.ts`).
   */
  unreachableSince?: number | null;
  /** What the machine remembers of the conversation itself (see `listeningTypes.ts`). */
  listening?: Listening | null;
}

/**
 * Why a typed text is no answer, beyond the question's usual hint: a UTC offset for a time zone; a
 * range where one number is wanted (`pickOne`, with the two numbers said).
 */
export type InvalidHint = 'zoneOffset' | 'pickOne';

/** Every machine event carries the time it happened (the engine's clock). */
type Timed<T> = T & { now: number };

/** Events the patient machine handles. The engine builds them from inbound messages (see interpret.ts). */
export type PatientEvent = Timed<
  | { type: 'ANSWER'; value: string | number | boolean }
  | { type: 'OVERLAY_ANSWER'; field: OverlayField; value: string | number | boolean }
  /** Not an answer; `hint` when the question has its own word for why (see {@link InvalidHint}). */
  | { type: 'INVALID'; hint?: InvalidHint; between?: [number, number] }
  | { type: 'STALE' }
  /** A sticker, photo, file...; or a forwarded message (`forwarded`): someone else's words. */
  | { type: 'UNSUPPORTED'; forwarded?: boolean }
  /** The patient edited a sent message (no risk in it): said back honestly, nothing changes. */
  | { type: 'EDITED' }
  | { type: 'FREE_TEXT' }
  /** Self-harm language (`why`: what the risk reader found), or a yes to the direct question. */
  | { type: 'CRISIS'; why?: CrisisWhy }
  /** Words that may mean risk: the direct question is asked. */
  | { type: 'POSSIBLE_RISK'; why: SelfHarmCategory }
  /** Someone else is at risk (a friend, a family member): what to do, and a `high` alert. */
  | { type: 'THIRD_PARTY' }
  | { type: 'RED_FLAG'; why?: RedFlagCategory }
  | { type: 'CRAVING_REPORT' }
  | { type: 'LAPSE_REPORT' }
  /** Words that may tell of a use ("I used my bike"): the patient is asked before anything changes. */
  | { type: 'LAPSE_UNSURE' }
  | { type: 'HELLO' }
  | { type: 'CMD'; name: string; args: string }
  /**
   * A timer. `heardAt`: when the patient last wrote or pressed anything (the engine's record of
   * their last message; null if never), so a rescue they have left can give way to a due check-in.
   */
  | (TimerEvent & { heardAt?: number | null })
>;

/** Input when a patient is first seen. */
export interface PatientInput {
  locale: Locale;
  timezone: string;
}

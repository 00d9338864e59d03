/**
 * Intents: what a flow asks the runtime to do. Machines never perform I/O; they emit intents
 * (XState `emit`), and the turn engine performs them only after the new snapshot is saved, so a
 * crash can never leave a half-done turn. Every intent is platform-neutral data.
 */
import type { HistoryEntry } from './history.js';

/** Values interpolated into a locale string (`{name}` placeholders). */
export type Params = Record<string, string | number>;

/** A text that is resolved in the patient's language: a locale key and its parameters. */
export interface Text {
  key: string;
  params?: Params;
}

/** One option of a question. `value` is what comes back when it is chosen (button or typed). */
export interface Option {
  value: string;
  label: Text;
}

/**
 * The question attached to a message. Channels render it natively (a 0–10 scale and yes/no as
 * buttons); typed answers are always accepted too. `id` identifies this ask so that a press on an
 * old button can be recognised as stale.
 */
export interface Ask {
  id: string;
  kind: 'scale' | 'yesno' | 'choice' | 'number' | 'text';
  options: Option[];
  /** A number typed for this question is an amount (hours of sleep), never a position in the list. */
  typedNumber?: 'amount';
}

/** Send the patient a message. */
export interface SayIntent {
  type: 'say';
  text: Text;
  ask?: Ask;
}

/** Escalation levels, as in the table of docs/clinical-protocol.md#escalation. */
export type AlertLevel = 'urgent' | 'high' | 'routine';

/** Tell the patient's counsellors. `reason` is a key under `alerts.reason.*`. */
export interface AlertIntent {
  type: 'alert';
  level: AlertLevel;
  reason: string;
  /** Locale keys of what the bot already told the patient (shown in the alert). */
  toldPatient: string[];
  params?: Params;
}

/** Append an entry to the patient's history. */
export interface RecordIntent {
  type: 'record';
  entry: HistoryEntry;
}

/** (Re)schedule the daily check-in at a local time; `pausedUntil` (epoch ms) silences it. */
export interface ScheduleCheckinIntent {
  type: 'scheduleCheckin';
  time: string;
  timezone: string;
  pausedUntil: number | null;
  /** The one reminder comes this long after the check-in (from `flows/content/thresholds.json`). */
  reminderAfterMinutes: number;
}

/** Deliver a system event to this patient's machine after a delay (replaces the same key). */
export interface ScheduleEventIntent {
  type: 'scheduleEvent';
  key: string;
  delayMs: number;
  event: TimerEvent;
}

/** Cancel a scheduled event by key. */
export interface CancelEventIntent {
  type: 'cancelEvent';
  key: string;
}

/** Send the patient a progress chart (falls back to a text sparkline where images are impossible). */
export interface ChartIntent {
  type: 'chart';
  days: number;
  /** The Sunday weekly summary: the chart plus a few sentences. */
  weekly?: boolean;
}

/** Switch the patient's language (after `/language`). Says after it in the same turn use the new one. */
export interface SetLocaleIntent {
  type: 'setLocale';
  locale: 'en' | 'zh-CN';
}

/**
 * Erase everything about this patient (after `/delete` was confirmed, a declined consent, an age
 * under the limit). Performed last. `keepOpenAlerts`: an urgent or high alert raised before (a
 * crisis as the first message) stays with the counsellors, open and re-alerting until someone
 * acknowledges it; only `/delete`, the patient's own request, takes their alerts too.
 */
export interface EraseIntent {
  type: 'erase';
  keepOpenAlerts?: boolean;
}

/** Send the patient everything kept about them, as files (`/export`; see docs/counsellors.md#data-export). */
export interface ExportIntent {
  type: 'export';
}

/** Every intent a flow may emit. */
export type Intent =
  | SayIntent
  | AlertIntent
  | RecordIntent
  | ScheduleCheckinIntent
  | ScheduleEventIntent
  | CancelEventIntent
  | ChartIntent
  | SetLocaleIntent
  | EraseIntent
  | ExportIntent;

/**
 * Events the runtime (timers, counsellor actions) delivers into a patient's machine, arriving as
 * an Inbound of kind `timer`.
 */
export type TimerEvent =
  | { type: 'CHECKIN_DUE'; day: string }
  | { type: 'CHECKIN_REMINDER'; day: string }
  | { type: 'CHECKIN_DAY_END'; day: string }
  | { type: 'SESSION_TIMER'; step: number }
  | { type: 'WEEKLY_SUMMARY' }
  /** The direct question about thoughts of ending one's life is still unanswered (see riskCheck.ts). */
  | { type: 'RISK_CHECK_UNANSWERED'; askId: string }
  /** A counsellor recorded exercise clearance (`/clear CODE`): move to the full plan. */
  | { type: 'CLEARANCE_GRANTED'; by: string }
  /**
   * The platform said the patient can no longer be reached (Telegram: they blocked the bot; Teams:
   * the conversation is gone). Check-ins and reminders are held until they write again.
   */
  | { type: 'UNREACHABLE'; channel: string }
  /** The patient wrote again while unreachable: the engine delivers this before their message. */
  | { type: 'REACHABLE' };

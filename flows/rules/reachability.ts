/**
 * Unreachable patients (issue 23, docs/counsellors.md#unreachable-patients): when the platform says
 * a patient can no longer be reached (Telegram: they blocked the bot; Teams: the conversation is
 * gone), the daily check-in, its reminder and the weekly summary are held, not sent, until the
 * patient writes again. Their schedule stays as it was, so it is back the moment they do.
 */
import type { TimerEvent } from '../intents.js';

/** Timer events held (not delivered to the machine at all) while the patient cannot be reached. */
const HELD: ReadonlySet<TimerEvent['type']> = new Set(['CHECKIN_DUE', 'CHECKIN_REMINDER', 'WEEKLY_SUMMARY']);

/**
 * True when a timer event is held while the patient is unreachable: nothing would reach them, and
 * a check-in sent into the void would only count as missed. (The day's end still closes an open
 * check-in, without counting it as missed: see `markMissed`.)
 */
export function heldWhileUnreachable(event: Pick<TimerEvent, 'type'>): boolean {
  return HELD.has(event.type);
}

/**
 * Drives a test patient through the exercise program (docs/program.md) the way a patient would:
 * a check-in answered, a workout offered and done step by step. Shared by the program's flow tests.
 */
import type { OutboundMessage } from '../../../src/engine/types.js';
import type { Harness, TestPatient } from '../../support/patientHarness.js';

/** Minutes and hours in ms. */
export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** The texts of messages, joined. */
export const text = (ms: OutboundMessage[]) => ms.map((m) => m.text).join('\n');

/** The button values of the last message (none when it asks nothing). */
export function buttons(p: TestPatient): string[] {
  return (p.inbox.at(-1)?.buttons ?? []).map((b) => b.data.slice(b.data.indexOf(':') + 1));
}

/** Answers the open check-in: craving, peak, mood, sleep, exercise minutes, no use. */
export async function answerCheckin(
  p: TestPatient,
  a: { craving?: number; peak?: number; mood?: number; exercise?: number } = {},
): Promise<OutboundMessage[]> {
  await p.say(String(a.craving ?? 3));
  await p.say(String(a.peak ?? 4));
  await p.say(String(a.mood ?? 6));
  await p.press('ok');
  await p.say(String(a.exercise ?? 0));
  if ((a.exercise ?? 0) > 0) await p.press('aerobic');
  return p.press('no');
}

/** Moves the clock to the next `HH:MM` in Shanghai (UTC+8) and runs what came due. */
export async function advanceTo(h: Harness, hhmm: string): Promise<void> {
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  const now = h.clock.now();
  const local = new Date(now + 8 * HOUR);
  let target = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hh, mm) - 8 * HOUR;
  if (target <= now) target += DAY;
  await h.advance(target - now);
}

/**
 * Does a workout from its first question (the craving before) to the end: every step by Next,
 * then the effort and the craving after. Returns the messages of the last answer.
 */
export async function doWorkout(
  p: TestPatient,
  o: { before?: number; effort?: string; after?: number } = {},
): Promise<OutboundMessage[]> {
  await p.say(String(o.before ?? 5));
  for (let i = 0; i < 40 && buttons(p).includes('next'); i++) await p.press('next');
  await p.press(o.effort ?? 'somewhatHard');
  return p.say(String(o.after ?? 3));
}

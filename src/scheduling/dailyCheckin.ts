/**
 * What a daily check-in plan turns into: the jobs of one local day (check-in, reminder, day end),
 * each with a deterministic id. Deterministic, so both schedulers agree job for job; its one read is
 * the flow content, once, for plans stored before they carried their reminder delay.
 */
import type { TimerEvent } from '../../flows/intents.js';
import { loadContent } from '../content.js';
import { type CheckinKind, checkinJobId } from './jobIds.js';
import { type DailyOccurrence, localDay, nextOccurrence, parseHhmm } from './localTime.js';
import type { CheckinPlan, DueJob } from './scheduler.js';

/** One job a scheduler should hold. */
export interface PlannedJob {
  id: string;
  at: number;
  job: DueJob;
  kind: CheckinKind;
  day: string;
}

const EVENT: Record<CheckinKind, 'CHECKIN_DUE' | 'CHECKIN_REMINDER' | 'CHECKIN_DAY_END'> = {
  due: 'CHECKIN_DUE',
  reminder: 'CHECKIN_REMINDER',
  dayend: 'CHECKIN_DAY_END',
};

/** The jobs of one occurrence (the reminder is left out when the day ends first). */
export function checkinJobs(patientId: string, occ: DailyOccurrence): PlannedJob[] {
  const make = (kind: CheckinKind, at: number): PlannedJob => {
    const event: TimerEvent = { type: EVENT[kind], day: occ.day };
    return {
      id: checkinJobId(patientId, kind, occ.day),
      at,
      job: { target: 'patient', patientId, event },
      kind,
      day: occ.day,
    };
  };
  const jobs = [make('due', occ.dueAt)];
  if (occ.reminderAt !== null) jobs.push(make('reminder', occ.reminderAt));
  jobs.push(make('dayend', occ.dayEndAt));
  return jobs;
}

/** True when the plan is paused at `now`. */
export function isPaused(plan: CheckinPlan, now: number): boolean {
  return plan.pausedUntil !== null && plan.pausedUntil > now;
}

/** Throws a {@link LocalTimeError} when the plan's time or zone is malformed. */
export function validatePlan(plan: CheckinPlan): void {
  parseHhmm(plan.time);
  localDay(0, plan.timezone);
}

/**
 * Plans stored before they carried their reminder delay take the one in the flow content (read
 * once, when such a plan first turns up).
 */
let fallbackReminderMinutes: number | undefined;
function contentReminderMinutes(): number {
  fallbackReminderMinutes ??= loadContent().thresholds.checkinReminderAfterMinutes;
  return fallbackReminderMinutes;
}

/**
 * The next occurrence to schedule: the first at or after `fromMs` (and after any pause) whose
 * check-in has not already been sent (`alreadyDue(day)`), so changing the time on a day whose
 * check-in went out never sends a second one that day.
 */
export async function nextOpenOccurrence(
  plan: CheckinPlan,
  fromMs: number,
  alreadyDue: (day: string) => boolean | Promise<boolean>,
): Promise<DailyOccurrence> {
  const reminderMs = (plan.reminderAfterMinutes ?? contentReminderMinutes()) * 60_000;
  let occ = nextOccurrence(plan.time, plan.timezone, fromMs, plan.pausedUntil, reminderMs);
  for (let i = 0; i < 3 && (await alreadyDue(occ.day)); i++) {
    occ = nextOccurrence(plan.time, plan.timezone, occ.dayEndAt, plan.pausedUntil, reminderMs);
  }
  return occ;
}

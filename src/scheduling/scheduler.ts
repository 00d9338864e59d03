/**
 * Scheduling contract. The embedded default is an in-process scheduler; with `REDIS_URL` the
 * BullMQ scheduler runs on the same Redis. One contract test suite runs against both.
 */
import { z } from 'zod';
import type { TimerEvent } from '../../flows/intents.js';

/** A patient's daily check-in plan, in their local time. */
export interface CheckinPlan {
  /** `HH:MM`, 24-hour, local. */
  time: string;
  /** IANA time zone, e.g. `Asia/Shanghai`. */
  timezone: string;
  /** Epoch ms until which reminders are paused, or null. */
  pausedUntil: number | null;
  /** Minutes from the check-in to its reminder (default 120, docs/clinical-protocol.md#daily-check-in). */
  reminderAfterMinutes?: number;
}

/** Validates a stored {@link CheckinPlan} (plans are read back from Redis). */
export const checkinPlanSchema = z.object({
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  timezone: z.string().min(1),
  pausedUntil: z.number().nullable(),
  reminderAfterMinutes: z.number().int().positive().optional(),
});

/** A job that came due: a timer event for a patient's machine, or a system job. */
export type DueJob =
  | { target: 'patient'; patientId: string; event: TimerEvent }
  | { target: 'alert'; patientId: string; alertId: string }
  /** Alert copies (sends or edits) a temporary failure left undone, tried again. */
  | { target: 'alertCopies'; patientId: string; alertId: string }
  | { target: 'digest' };

/** What the runtime does when a job comes due. Must be idempotent (jobs may be retried). */
export type DueHandler = (job: DueJob) => Promise<void>;

export interface Scheduler {
  /**
   * Schedules the patient's daily check-in (CHECKIN_DUE at the local time, CHECKIN_REMINDER two
   * hours later, CHECKIN_DAY_END at local midnight), replacing any earlier plan; correct across DST.
   */
  setDailyCheckin(patientId: string, plan: CheckinPlan): Promise<void>;
  /** Schedules one job at `at` (epoch ms), replacing a job with the same patient and key. */
  scheduleOnce(patientId: string, key: string, at: number, job: DueJob): Promise<void>;
  cancel(patientId: string, key: string): Promise<void>;
  /**
   * Removes every job of the patient (for `/delete`), their check-in plan included. `keep` names
   * one-off keys ({@link Scheduler.scheduleOnce}) whose pending jobs stay: the retention sweep
   * keeps the re-alerts of the alerts still waiting for a counsellor.
   */
  cancelAll(patientId: string, opts?: { keep?: string[] }): Promise<void>;
  /** Schedules the daily routine-alert digest at a local time. */
  setDailyDigest(time: string, timezone: string): Promise<void>;
  start(onDue: DueHandler): Promise<void>;
  stop(): Promise<void>;
}

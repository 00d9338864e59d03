/**
 * What the flows record about a patient over time. The machine emits these as `record` intents;
 * the engine appends them to the store in the same step as the snapshot. Charts, counsellor views
 * and the weekly summary read them back. Kept compact: 90 days must fit in a few kilobytes.
 */
import { z } from 'zod';

/** Sleep as the patient reported it: a quality word or hours. */
export const sleepSchema = z.union([z.enum(['poor', 'ok', 'good']), z.number().min(0).max(24)]);
export type Sleep = z.infer<typeof sleepSchema>;

/** Exercise modality names used across the catalogue, check-ins and charts. */
export const modalitySchema = z.enum(['aerobic', 'resistance', 'mindbody']);
export type Modality = z.infer<typeof modalitySchema>;

/** One stored history entry. `at` is epoch milliseconds; `day` is the patient's local date. */
export const historyEntrySchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('checkin'),
    at: z.number(),
    day: z.string(),
    craving: z.number().int().min(0).max(10),
    peak: z.number().int().min(0).max(10),
    mood: z.number().int().min(0).max(10),
    sleep: sleepSchema,
    exerciseMin: z.number().int().min(0).max(1440),
    exerciseType: modalitySchema.optional(),
    use: z.boolean(),
  }),
  z.object({
    t: z.literal('craving'),
    at: z.number(),
    value: z.number().int().min(0).max(10),
    source: z.enum(['screening', 'report', 'checkin', 'session-after']),
  }),
  z.object({
    t: z.literal('session'),
    at: z.number(),
    sessionId: z.string(),
    modality: modalitySchema,
    minutes: z.number().int().min(0),
    before: z.number().int().min(0).max(10),
    after: z.number().int().min(0).max(10).optional(),
    completed: z.boolean(),
  }),
  z.object({ t: z.literal('lapse'), at: z.number() }),
  z.object({ t: z.literal('missed'), at: z.number(), day: z.string() }),
  // The exercise program (docs/program.md): a guided workout, a re-assessment, a week's review.
  z.object({
    t: z.literal('workout'),
    at: z.number(),
    /** The program week it belongs to (1 = the first). */
    week: z.number().int().min(1),
    form: z.string(),
    modality: modalitySchema,
    /** Minutes done: all of them when completed, the steps finished when stopped early. */
    minutes: z.number().int().min(0),
    /** Minutes the workout was planned for (the dose). */
    planned: z.number().int().min(0),
    level: z.number().int().min(1).max(3),
    before: z.number().int().min(0).max(10),
    after: z.number().int().min(0).max(10).optional(),
    /** How hard it felt, on the Borg 6–20 scale. */
    effort: z.number().int().min(6).max(20).optional(),
    completed: z.boolean(),
  }),
  /** PHQ items answered at a re-assessment: two (PHQ-2) or nine (PHQ-9). */
  z.object({
    t: z.literal('phq'),
    at: z.number(),
    items: z.array(z.number().int().min(0).max(3)).min(2).max(9),
  }),
  /** A PAR-Q+ re-assessment: how many of its questions were answered yes. */
  z.object({ t: z.literal('parq'), at: z.number(), yes: z.number().int().min(0).max(7) }),
  /** A program week as reviewed when the next began: what was planned, what was done, what followed. */
  z.object({
    t: z.literal('week'),
    at: z.number(),
    week: z.number().int().min(1),
    plan: z.enum(['acute', 'early', 'maintenance', 'notCleared']),
    /** Workouts planned and completed. */
    planned: z.number().int().min(0),
    done: z.number().int().min(0),
    /** Minutes done, and minutes planned (workouts planned × the dose). */
    minutes: z.number().int().min(0),
    plannedMinutes: z.number().int().min(0),
    /** The dose of the week reviewed (minutes per workout, intensity level). */
    dose: z.number().int().min(0),
    level: z.number().int().min(1).max(3),
    outcome: z.enum(['up', 'top', 'hold', 'back', 'newPlan']),
  }),
]);
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/**
 * The history entry of a rescue session, finished or cut short: its minutes count only when the
 * patient completed it.
 */
export function sessionEntry(
  at: number,
  session: { id: string; before: number },
  catalogued: { modality: Modality; minutes: number },
  outcome: { completed: boolean; after?: number },
): Extract<HistoryEntry, { t: 'session' }> {
  return {
    t: 'session',
    at,
    sessionId: session.id,
    modality: catalogued.modality,
    minutes: outcome.completed ? catalogued.minutes : 0,
    before: session.before,
    ...(outcome.after === undefined ? {} : { after: outcome.after }),
    completed: outcome.completed,
  };
}

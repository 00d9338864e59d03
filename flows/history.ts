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

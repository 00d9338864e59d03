/**
 * What the patient machine keeps about the exercise program (docs/program.md): the program itself
 * (dose, chosen days, the week under way, when the patient was last re-assessed), a guided workout
 * under way, and a re-assessment questionnaire under way. Zod schemas, because the engine validates
 * every stored snapshot with them (src/engine/snapshot.ts); the types follow from them.
 */
import { z } from 'zod';
import { planIdSchema, stageIdSchema } from '../content/schema.js';

/** A workout's dose: minutes per workout and the intensity level (1 light, 2 moderate, 3 upper moderate). */
export const doseSchema = z.object({
  minutes: z.number().int().min(1).max(240),
  level: z.number().int().min(1).max(3),
});
/** A workout's dose. */
export type Dose = z.infer<typeof doseSchema>;

/** The program: kept in the snapshot from the first check-in (or `/workout`) on. */
export const programSchema = z.object({
  /** The local date the program began: the first day of week 1. */
  startDay: z.string(),
  /** The program week the log counts (1 = the first). */
  week: z.number().int().min(1),
  /** This week's completed workouts, their minutes (stopped ones included), and the hardest effort rated. */
  log: z.object({
    done: z.number().int().min(0),
    minutes: z.number().int().min(0),
    maxEffort: z.number().int().min(0).max(20),
  }),
  dose: doseSchema,
  /** The dose week 1 began with (for the milestones). */
  startMinutes: z.number().int().min(1),
  /** The weekdays chosen for workouts (1 = Monday … 7 = Sunday); null until chosen. Daily plans need none. */
  days: z.array(z.number().int().min(1).max(7)).nullable(),
  /** Workouts completed over the whole program (which modality comes next follows from it). */
  done: z.number().int().min(0),
  /** The stage and the last use the patient was last told of: a change in either is news. */
  told: z.object({ stage: stageIdSchema, lastUseAt: z.number().nullable() }),
  /** The program week in which the plan last changed with the stage (that week takes no step). */
  newPlanWeek: z.number().int().min(1).nullable().optional(),
  /** The plan the dose was last fitted to (a stage's, or the light plan before clearance). */
  plan: planIdSchema,
  /** The local day a workout was last offered, skipped or put off: no second offer that day. */
  offeredDay: z.string().nullable(),
  /** The local day a workout was last completed. */
  doneDay: z.string().nullable(),
  /** The last PHQ (at onboarding or a re-assessment): its local day and total, and whether it was the PHQ-9. */
  phq: z.object({ day: z.string(), total: z.number().int().min(0).max(27), full: z.boolean() }),
  /** When the PAR-Q+ was last answered (epoch ms). */
  parqAt: z.number(),
  /** Why the program questions were opened: after a check-in, or for `/workout` (no mood questions then). */
  via: z.enum(['checkin', 'workout']),
});
/** The program as the machine keeps it. */
export type ProgramState = z.infer<typeof programSchema>;

/** A guided workout under way. */
export const workoutProgressSchema = z.object({
  form: z.string(),
  dose: doseSchema,
  /** The step shown (0-based), or -1 once every step was done. */
  step: z.number().int().min(-1),
  /** Craving before, 0–10. */
  before: z.number().int().min(0).max(10),
  /** Borg 6–20, once rated. */
  effort: z.number().int().min(6).max(20).nullable(),
  /** True when the workout was stopped before its last step. */
  stopped: z.boolean(),
});
/** A guided workout under way. */
export type WorkoutProgress = z.infer<typeof workoutProgressSchema>;

/** A re-assessment questionnaire under way: which one, and the answers so far (PAR-Q+ yes = 1). */
export const reassessSchema = z.object({
  kind: z.enum(['phq', 'parq']),
  answers: z.array(z.number().int().min(0).max(3)),
});
/** A re-assessment under way. */
export type Reassessment = z.infer<typeof reassessSchema>;

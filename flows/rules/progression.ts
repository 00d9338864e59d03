/**
 * The weekly step (docs/program.md#progression), pure. At the end of each program week the dose
 * goes one step up (first 5 more minutes, then, at the plan's most minutes, one intensity level),
 * is held, or goes one step back:
 *
 * - a red flag during the week → held;
 * - no workout at all → one step back (intensity first, then minutes); at the plan's start, held;
 * - fewer workouts than `stepUpWhenShareDoneAtLeast` of those planned → held;
 * - a workout rated harder than the top of the plan's RPE range (`effortCeiling`) → held;
 * - otherwise one step up, never above the plan's range (so never above what clearance allows).
 *
 * Rules and sources: flows/content/progression.json.
 */
import type { FlowContent } from '../content/schema.js';
import type { Dose } from '../machine/programTypes.js';
import { fitDose, type PlanRange } from './program.js';

/** What a week ended with. */
export type WeekOutcome = 'up' | 'top' | 'hold' | 'back';
/** Why a step up was held back. */
export type HoldReason = 'redFlag' | 'missed' | 'effort' | 'none';

/** The week as the review sees it. */
export interface WeekFacts {
  dose: Dose;
  range: PlanRange;
  /** Workouts planned and completed. */
  planned: number;
  done: number;
  /** The hardest effort rated (Borg 6–20), 0 with none rated. */
  maxEffort: number;
  /** A medical red flag was mentioned during the week. */
  redFlag: boolean;
}

/** The review: the next week's dose, what happened, and why when it was held. */
export interface WeekReview {
  dose: Dose;
  outcome: WeekOutcome;
  why?: HoldReason;
  /** What a step up or back changed. */
  changed?: 'minutes' | 'level';
}

/** Reviews a week (see the module comment for the rules, in order). */
export function reviewWeek(week: WeekFacts, progression: FlowContent['progression']): WeekReview {
  const dose = fitDose(week.dose, week.range);
  const { range } = week;
  if (week.redFlag) return { dose, outcome: 'hold', why: 'redFlag' };
  if (week.done === 0) return stepBack(dose, range, progression.stepMinutes);
  if (week.done < Math.ceil(week.planned * progression.stepUpWhenShareDoneAtLeast - 1e-9))
    return { dose, outcome: 'hold', why: 'missed' };
  if (week.maxEffort > progression.effortCeiling[range.id]) return { dose, outcome: 'hold', why: 'effort' };
  return stepUp(dose, range, progression.stepMinutes);
}

/** One step up: more minutes until the plan's most, then one intensity level; at the top, nothing. */
export function stepUp(dose: Dose, range: PlanRange, stepMinutes: number): WeekReview {
  if (dose.minutes < range.minutes[1])
    return {
      dose: { ...dose, minutes: Math.min(range.minutes[1], dose.minutes + stepMinutes) },
      outcome: 'up',
      changed: 'minutes',
    };
  if (dose.level < range.levels[1])
    return { dose: { ...dose, level: dose.level + 1 }, outcome: 'up', changed: 'level' };
  return { dose, outcome: 'top' };
}

/** One step back, the reverse of the way up: intensity first, then minutes; never below the plan's start. */
export function stepBack(dose: Dose, range: PlanRange, stepMinutes: number): WeekReview {
  if (dose.level > range.levels[0])
    return { dose: { ...dose, level: dose.level - 1 }, outcome: 'back', changed: 'level' };
  if (dose.minutes > range.minutes[0])
    return {
      dose: { ...dose, minutes: Math.max(range.minutes[0], dose.minutes - stepMinutes) },
      outcome: 'back',
      changed: 'minutes',
    };
  // Already at the plan's start: nothing lower to go to (no workouts: start again from there).
  return { dose, outcome: 'hold', why: 'none' };
}

/**
 * The exercise program's calendar and plan ranges (docs/program.md), pure: which plan applies and
 * its ranges (minutes, intensity levels, workouts a week), program weeks counted from the start
 * day, the chosen weekdays, the modality that comes next, and the workout forms allowed now.
 */
import type { FlowContent, PlanId, StageId, WorkoutForm } from '../content/schema.js';
import type { Modality } from '../history.js';
import type { Dose } from '../machine/programTypes.js';
import { planFor } from './prescription.js';

const DAY = 86_400_000;

/** The ranges a plan allows: minutes per workout, intensity levels, workouts a week. */
export interface PlanRange {
  id: PlanId;
  minutes: readonly [number, number];
  levels: readonly [number, number];
  perWeek: readonly [number, number];
}

/** The plan for a stage and clearance, with its ranges from prescriptions.json and progression.json. */
export function planRange(stage: StageId, cleared: boolean, content: FlowContent): PlanRange {
  return rangeOf(planFor(stage, cleared, content.prescriptions).id, content);
}

/** A plan's ranges by its id. */
export function rangeOf(id: PlanId, content: FlowContent): PlanRange {
  const plan = content.prescriptions.plans[id];
  // src/content.ts checks at start-up that every frequency has its entry.
  const perWeek = content.progression.workoutsPerWeek[plan.frequency] ?? [3, 5];
  return { id, minutes: plan.minutes, levels: content.progression.levels[id], perWeek };
}

const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));

/** A dose fitted into a plan's ranges (never above what the plan, and so clearance, allows). */
export function fitDose(dose: Dose, range: PlanRange): Dose {
  return { minutes: clamp(dose.minutes, range.minutes), level: clamp(dose.level, range.levels) };
}

/** Where a plan starts: the lower end of its minutes and intensity. */
export function startDose(range: PlanRange): Dose {
  return { minutes: range.minutes[0], level: range.levels[0] };
}

/** Whole days from local date `from` to local date `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** The local date `n` days after `day`. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** The program week a local date falls in: 1 for the start day and the six after it. */
export function programWeek(startDay: string, day: string): number {
  return Math.max(1, Math.floor(daysBetween(startDay, day) / 7) + 1);
}

/** The ISO weekday of a local date: 1 = Monday … 7 = Sunday. */
export function weekday(day: string): number {
  return new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
}

/** True for a plan with workouts every day (no days to choose). */
export const isDaily = (range: PlanRange): boolean => range.perWeek[0] >= 7;

/** True when the chosen days fit the plan (a daily plan needs none). */
export function daysFit(days: readonly number[] | null, range: PlanRange): boolean {
  if (isDaily(range)) return true;
  return days !== null && days.length >= range.perWeek[0] && days.length <= range.perWeek[1];
}

/** Workouts a week the plan asks for: every day, or the days chosen. */
export function plannedPerWeek(days: readonly number[] | null, range: PlanRange): number {
  if (isDaily(range)) return 7;
  return daysFit(days, range) ? days!.length : range.perWeek[0];
}

/** True when `day` is a workout day: every day on a daily plan, else one of the chosen weekdays. */
export function isWorkoutDay(days: readonly number[] | null, range: PlanRange, day: string): boolean {
  return isDaily(range) || (days ?? []).includes(weekday(day));
}

/** The modality of the next workout: the plan's rotation, in turn by workouts completed. */
export function nextModality(done: number, plan: PlanId, content: FlowContent): Modality {
  const rotation = content.workouts.rotation[plan];
  return rotation[done % rotation.length]!;
}

/** What decides which forms a patient may do now. */
export interface FormChoice {
  stage: StageId;
  cleared: boolean;
  /** Indoors only: the patient's preference, or night. */
  indoorsOnly: boolean;
}

/**
 * The forms of a modality the patient may do now: of their stage, light ones only before
 * clearance, indoor ones only at night or for a patient who prefers indoors (when none is left
 * indoors, the outdoor ones stay: better a walk than nothing).
 */
export function formsFor(modality: Modality, choice: FormChoice, content: FlowContent): WorkoutForm[] {
  const allowed = content.workouts.forms.filter(
    (f) => f.modality === modality && f.stages.includes(choice.stage) && (choice.cleared || f.light),
  );
  const indoors = allowed.filter((f) => !f.outdoors);
  return choice.indoorsOnly && indoors.length ? indoors : allowed;
}

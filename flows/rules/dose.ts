/**
 * The week's exercise dose against the prescription (docs/program.md#dose-and-outcome), pure: what
 * the program week asks for (workouts, minutes, the mix of kinds in the plan's rotation) and what
 * the history shows was done in it. For `/progress`, the weekly summary, the counsellor's `/patient`
 * and the outcome report.
 */
import type { FlowContent } from '../content/schema.js';
import type { HistoryEntry, Modality } from '../history.js';
import type { ProgramState } from '../machine/programTypes.js';
import { daysBetween, fitDose, type PlanRange, plannedPerWeek } from './program.js';

/** Minutes by kind. */
export type Mix = Record<Modality, number>;

/** Workouts and minutes, with the minutes by kind. */
export interface DoseAmount {
  workouts: number;
  minutes: number;
  mix: Mix;
}

/** A program week's dose: planned and done. */
export interface WeekDose {
  /** The program week (1 = the first) and its day (1–7). */
  week: number;
  day: number;
  planned: DoseAmount;
  done: DoseAmount;
}

const noMix = (): Mix => ({ aerobic: 0, resistance: 0, mindbody: 0 });

/**
 * What the week asks for: the planned workouts at today's dose, their kinds in the rotation's turn
 * from where the week began (workouts completed before it).
 */
export function plannedDose(program: ProgramState, range: PlanRange, content: FlowContent): DoseAmount {
  const workouts = plannedPerWeek(program.days, range);
  const { minutes } = fitDose(program.dose, range);
  const rotation = content.workouts.rotation[range.id];
  const first = program.done - program.log.done;
  const mix = noMix();
  for (let i = 0; i < workouts; i++) mix[rotation[(first + i) % rotation.length]!] += minutes;
  return { workouts, minutes: workouts * minutes, mix };
}

/** What was done in program week `week`: workouts completed, minutes of every workout (stopped ones too). */
export function doneDose(history: readonly HistoryEntry[], week: number): DoseAmount {
  const done: DoseAmount = { workouts: 0, minutes: 0, mix: noMix() };
  for (const e of history) {
    if (e.t !== 'workout' || e.week !== week) continue;
    if (e.completed) done.workouts++;
    done.minutes += e.minutes;
    done.mix[e.modality] += e.minutes;
  }
  return done;
}

/** The current program week's dose on local date `today`. */
export function weekDose(
  program: ProgramState,
  range: PlanRange,
  history: readonly HistoryEntry[],
  today: string,
  content: FlowContent,
): WeekDose {
  const sinceStart = Math.max(0, daysBetween(program.startDay, today));
  const week = Math.floor(sinceStart / 7) + 1;
  return {
    week,
    day: (sinceStart % 7) + 1,
    planned: plannedDose(program, range, content),
    done: doneDose(history, week),
  };
}

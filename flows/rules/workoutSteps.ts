/**
 * A guided workout's steps from its form and dose (docs/program.md#the-workout-catalogue), pure:
 * the same form, dose and content always give the same steps, so the machine keeps only the step
 * number. Every workout has a warm-up and a cool-down (ACSM: 5 minutes each, 2 for a workout under
 * 20 minutes); between them:
 *
 * - steady (walk, march, cycle): the rest of the minutes in blocks of at most `blockMinutes`, each
 *   with the talk-test cue of the dose's level;
 * - circuit (body-weight, band): as many rounds of the exercises as fit (at most `maxRounds`), each
 *   exercise a step in the form of the dose's level (easier, standard, harder), then rest; time left
 *   over of 5 minutes or more becomes a steady finisher;
 * - flow (Baduanjin, Tai Chi): as many rounds of the form's parts as come closest to the minutes.
 */
import type { FlowContent, WorkoutForm } from '../content/schema.js';
import type { Params } from '../intents.js';
import type { Dose } from '../machine/programTypes.js';

/** One step: what is said (a locale key under `workouts.` and its params) and how long it runs. */
export interface WorkoutStep {
  key: string;
  params: Params;
  seconds: number;
}

/** A circuit leftover this long or more becomes a steady finisher. */
const FINISHER_AT_LEAST_MINUTES = 5;

/** Warm-up and cool-down minutes for a workout of `minutes`. */
export function warmUpMinutes(minutes: number, content: FlowContent): number {
  const w = content.workouts.warmUp;
  return minutes < w.shortUnderMinutes ? w.shortMinutes : w.minutes;
}

/** The steps of a workout. */
export function workoutSteps(form: WorkoutForm, dose: Dose, content: FlowContent): WorkoutStep[] {
  const warm = warmUpMinutes(dose.minutes, content);
  const main = Math.max(1, dose.minutes - 2 * warm);
  const around = (middle: WorkoutStep[]): WorkoutStep[] => [
    {
      key: `workouts.${form.kind}.warmUp`,
      params: { minutes: warm, form: `@workouts.form.${form.id}.name` },
      seconds: warm * 60,
    },
    ...middle,
    { key: `workouts.${form.kind}.coolDown`, params: { minutes: warm }, seconds: warm * 60 },
  ];
  switch (form.kind) {
    case 'steady':
      return around(steadyBlocks(form.id, main, form.blockMinutes, dose.level));
    case 'circuit': {
      // A round is every exercise with a rest after each but the last; rounds are apart by
      // `roundRestSeconds`; the last exercise of all needs no rest.
      const round = form.exercises.length * form.workSeconds + (form.exercises.length - 1) * form.restSeconds;
      const fit = Math.floor((main * 60 + form.roundRestSeconds) / (round + form.roundRestSeconds));
      const rounds = Math.min(form.maxRounds, Math.max(1, fit));
      const steps: WorkoutStep[] = [];
      for (let r = 1; r <= rounds; r++)
        form.exercises.forEach((ex, i) => {
          const lastOfRound = i === form.exercises.length - 1;
          const rest = !lastOfRound ? form.restSeconds : r < rounds ? form.roundRestSeconds : 0;
          steps.push({
            key: rest === 0 ? 'workouts.circuit.lastExercise' : 'workouts.circuit.exercise',
            params: {
              round: r,
              rounds,
              exercise: `@workouts.exercise.${ex}.level${dose.level}`,
              rest,
            },
            seconds: form.workSeconds + rest,
          });
        });
      const used = steps.reduce((a, s) => a + s.seconds, 0) / 60;
      const left = Math.round(main - used);
      if (left >= FINISHER_AT_LEAST_MINUTES)
        steps.push({
          key: 'workouts.circuit.finisher',
          params: { minutes: left, cue: `@workouts.cue.level${dose.level}` },
          seconds: left * 60,
        });
      return around(steps);
    }
    case 'flow': {
      const rounds = Math.min(form.maxRounds, Math.max(1, Math.round(main / form.roundMinutes)));
      const part = Math.round((form.roundMinutes * 60) / form.parts);
      const steps: WorkoutStep[] = [];
      for (let r = 1; r <= rounds; r++)
        for (let k = 1; k <= form.parts; k++)
          steps.push({
            key: `workouts.${form.id}.part${k}`,
            params: { round: r, rounds, cue: `@workouts.${form.id}.level${dose.level}` },
            seconds: part,
          });
      return around(steps);
    }
  }
}

/** Steady blocks of at most `blockMinutes` filling `minutes`, each with the level's talk-test cue. */
function steadyBlocks(id: string, minutes: number, blockMinutes: number, level: number): WorkoutStep[] {
  const blocks = Math.max(1, Math.ceil(minutes / blockMinutes));
  const seconds = Math.round((minutes * 60) / blocks);
  return Array.from({ length: blocks }, (_, i) => ({
    key: 'workouts.steady.block',
    params: {
      block: i + 1,
      blocks,
      minutes: Math.round(seconds / 60),
      form: `@workouts.form.${id}.name`,
      cue: `@workouts.cue.level${level}`,
    },
    seconds,
  }));
}

/** Minutes of the steps done: all when completed, else those before `step`. */
export function minutesDone(steps: readonly WorkoutStep[], step: number): number {
  const done = step === -1 ? steps : steps.slice(0, Math.max(0, step));
  return Math.round(done.reduce((a, s) => a + s.seconds, 0) / 60);
}

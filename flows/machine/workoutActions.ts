/**
 * What a guided workout does (docs/program.md#a-guided-workout): the craving before, each step with
 * its timer, Stop, the effort in plain words and the craving after, the record in the history and
 * the week's log; a red flag during it. The workout's states are in `workout.ts`; these are its
 * named actions.
 */
import type { FlowContent } from '../content/schema.js';
import { minutesDone, workoutSteps } from '../rules/workoutSteps.js';
import { ask, choiceOptions, scaleAsk } from './asks.js';
import { doseNow, programFacts, todayOf } from './programNews.js';
import type { WorkoutProgress } from './programTypes.js';
import { alertFor, regionOf } from './safety.js';
import { patientSetup } from './setup.js';
import type { PatientContext, PatientEvent } from './types.js';

const { assign, emit, enqueueActions } = patientSetup;
const TIMER_KEY = 'workout';
const answerOf = (event: PatientEvent) => (event.type === 'ANSWER' ? event.value : undefined);

/** The steps of the workout under way (recomputed: the form, the dose and the content fix them). */
export function stepsOf(workout: WorkoutProgress, content: FlowContent) {
  const form = content.workouts.forms.find((f) => f.id === workout.form);
  return form ? workoutSteps(form, workout.dose, content) : [];
}

/** The emergency number of the patient's region (a `@` param), as the red-flag messages give it. */
const emergency = (context: PatientContext) => ({ numbers: `@safety.emergency.${regionOf(context)}` });

/**
 * Records the workout (as far as it got), adds it to the week's log and the program's count, and
 * clears it. `after` is the craving rated afterwards, when it was.
 */
function recordWorkout(content: FlowContent, after?: number) {
  return enqueueActions(({ context, event, enqueue }) => {
    const w = context.workout;
    const program = context.program;
    if (!w) return;
    enqueue.emit({ type: 'cancelEvent', key: TIMER_KEY });
    const form = content.workouts.forms.find((f) => f.id === w.form);
    const completed = w.step === -1;
    const minutes = minutesDone(stepsOf(w, content), w.step);
    if (form && program) {
      enqueue.emit({
        type: 'record',
        entry: {
          t: 'workout',
          at: event.now,
          week: program.week,
          form: w.form,
          modality: form.modality,
          minutes,
          planned: w.dose.minutes,
          level: w.dose.level,
          before: w.before,
          ...(after === undefined ? {} : { after }),
          ...(w.effort === null ? {} : { effort: w.effort }),
          completed,
        },
      });
      const today = todayOf(context, event);
      enqueue.assign({
        program: {
          ...program,
          log: {
            done: program.log.done + (completed ? 1 : 0),
            minutes: program.log.minutes + minutes,
            maxEffort: Math.max(program.log.maxEffort, w.effort ?? 0),
          },
          done: program.done + (completed ? 1 : 0),
          doneDay: completed ? today : program.doneDay,
          offeredDay: today,
        },
      });
    }
    enqueue.assign({ workout: null });
  });
}

/** The named actions of a guided workout (see `machineSetup.ts`). */
export function workoutActions(content: FlowContent) {
  const { kept } = content.thresholds;
  const effortOptions = content.workouts.effort.options;
  return {
    /** The form chosen at the offer, at today's dose (never above what today's plan allows). */
    startWorkout: assign({
      workout: ({ context, event }) => ({
        form: String(answerOf(event)),
        dose: doseNow(context, content, event.now),
        step: 0,
        before: 0,
        effort: null,
        stopped: false,
      }),
    }),
    /** "Let's do your walk, 35 minutes. Before we start: how strong is your craving?" */
    askWorkoutBefore: ask(({ context }) => {
      const w = context.workout!;
      return scaleAsk('workoutBefore', {
        key: 'workout.before',
        params: { form: `@workouts.form.${w.form}.name`, minutes: w.dose.minutes },
      });
    }),
    /** The craving before: kept with the workout, and a rating like any other. */
    recordWorkoutBefore: enqueueActions(({ context, event, enqueue }) => {
      const before = Number(answerOf(event));
      enqueue.assign({
        workout: { ...context.workout!, before },
        ratings: [...context.ratings, before].slice(-kept.cravingRatings),
      });
      enqueue.emit({
        type: 'record',
        entry: { t: 'craving', at: event.now, value: before, source: 'report' },
      });
    }),
    /** The step: its words with Next (Done on the last), Stop and "I feel unwell", and its timer. */
    askWorkoutStep: enqueueActions(({ context, enqueue }) => {
      const w = context.workout!;
      const steps = stepsOf(w, content);
      const step = steps[w.step]!;
      const last = w.step === steps.length - 1;
      enqueue(
        ask(() => ({
          field: 'workoutStep',
          kind: 'choice',
          prompt: { key: step.key, params: { ...step.params, step: w.step + 1, steps: steps.length } },
          options: [
            { value: 'next', label: { key: last ? 'session.done' : 'session.next' } },
            { value: 'stop', label: { key: 'session.stop' } },
            { value: 'unwell', label: { key: 'session.unwell' } },
          ],
        })),
      );
      if (step.seconds > 0)
        enqueue.emit({
          type: 'scheduleEvent',
          key: TIMER_KEY,
          delayMs: step.seconds * 1000,
          event: { type: 'WORKOUT_TIMER', step: w.step },
        });
    }),
    cancelWorkoutTimer: emit({ type: 'cancelEvent', key: TIMER_KEY }),
    /** Stop: "you did part of it, and that counts"; the effort and the craving are still asked. */
    stopWorkout: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'cancelEvent', key: TIMER_KEY });
      enqueue.assign({ workout: { ...context.workout!, stopped: true } });
      enqueue.emit({ type: 'say', text: { key: 'workout.stopped' } });
    }),
    nextWorkoutStep: assign({
      workout: ({ context }) => ({ ...context.workout!, step: context.workout!.step + 1 }),
    }),
    /** Every step done. */
    completeWorkoutSteps: assign({ workout: ({ context }) => ({ ...context.workout!, step: -1 }) }),
    /** "How hard did that feel?", in plain words (the Borg values behind them). */
    askWorkoutEffort: ask(() => ({
      field: 'workoutEffort',
      kind: 'choice',
      prompt: { key: 'workout.effort' },
      options: choiceOptions(
        'workout.effortOption',
        effortOptions.map((o) => o.id),
      ),
    })),
    rateWorkoutEffort: assign({
      workout: ({ context, event }) => ({
        ...context.workout!,
        effort: effortOptions.find((o) => o.id === answerOf(event))?.borg ?? null,
      }),
    }),
    askWorkoutAfter: ask(() => scaleAsk('workoutAfter', { key: 'workout.after' })),
    /** The craving after: said back with the minutes (and a word when it felt too hard), then recorded. */
    finishWorkout: enqueueActions(({ context, event, enqueue }) => {
      const w = context.workout;
      if (!w) return;
      const after = Number(answerOf(event));
      const minutes = minutesDone(stepsOf(w, content), w.step);
      const { range } = programFacts(context, content, event.now);
      enqueue.emit({
        type: 'say',
        text: {
          key: w.step === -1 ? 'workout.done' : 'workout.donePart',
          params: { minutes, before: w.before, after, form: `@workouts.form.${w.form}.name` },
        },
      });
      if ((w.effort ?? 0) > content.progression.effortCeiling[range.id])
        enqueue.emit({ type: 'say', text: { key: 'workout.felt.hard' } });
      enqueue.assign({ ratings: [...context.ratings, after].slice(-kept.cravingRatings), ask: null });
      enqueue.emit({
        type: 'record',
        entry: { t: 'craving', at: event.now, value: after, source: 'session-after' },
      });
      enqueue(recordWorkout(content, after));
    }),
    /**
     * Leaving the workout with it still set (another flow, a crisis, a red flag): recorded as far as
     * it got, its timer cancelled, its question dropped; a kind word when another flow the patient
     * opened cut it short (after a crisis reply, a red flag or a reported use, those flows say what
     * matters).
     */
    leaveWorkout: enqueueActions(({ context, event, enqueue }) => {
      const w = context.workout;
      if (!w) return;
      enqueue(recordWorkout(content));
      if (context.ask?.field.startsWith('workout')) enqueue.assign({ ask: null });
      const leftForAnother =
        event.type === 'CRAVING_REPORT' || (event.type === 'CMD' && event.name !== 'lapse');
      if (w.step !== -1 && leftForAnother) enqueue.emit({ type: 'say', text: { key: 'workout.stopped' } });
    }),
    /** A medical red flag during or just after a workout: stop, emergency number, urgent alert. */
    workoutRedFlag: enqueueActions(({ context, event, enqueue }) => {
      enqueue.assign({ redFlagAt: event.now });
      enqueue.emit({ type: 'say', text: { key: 'safety.redFlag', params: emergency(context) } });
      const why = event.type === 'RED_FLAG' ? event.why : undefined;
      enqueue.emit(alertFor(content, 'medicalRedFlag', ['safety.told.redFlag'], why ? { why } : undefined));
      enqueue.emit({ type: 'say', text: { key: 'workout.stoppedForSafety' } });
    }),
    /**
     * A red flag before the first step: no workout today, and the advice given outside a session
     * (no alert: nothing was under way). Nothing is recorded.
     */
    dropWorkout: assign({ workout: null }),
  };
}

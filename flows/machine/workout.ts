/**
 * A guided workout (docs/program.md#a-guided-workout): the craving before, then the steps of the
 * chosen form at the patient's dose, each moving on by itself when its time is up (a WORKOUT_TIMER,
 * like a rescue session's) or with Next; Stop ends it early, "I feel unwell" and red-flag words stop
 * it with the emergency number and an urgent alert. Afterwards how hard it felt, in plain words (the
 * Borg RPE behind them), and the craving again. Recorded in the history, counted in the week's log.
 *
 * Leaving it any other way (`/checkin`, `/craving`, a reported use, self-harm words) records it as
 * far as it got and cancels its timer: the state's exit does that, whatever the way out.
 */
import type { FlowContent } from '../content/schema.js';
import { minutesDone, workoutSteps } from '../rules/workoutSteps.js';
import { ask, choiceOptions, scaleAsk } from './asks.js';
import { weeklyOnSunday } from './checkin.js';
import { programFacts, todayOf } from './programNews.js';
import type { WorkoutProgress } from './programTypes.js';
import { offerWhenRising } from './risingOffer.js';
import { alertFor, crisis, regionOf } from './safety.js';
import { patientSetup } from './setup.js';
import type { PatientContext, PatientEvent } from './types.js';

const { assign, emit, enqueueActions } = patientSetup;
const RATINGS_KEPT = 12;
const TIMER_KEY = 'workout';
const value = (event: PatientEvent) => (event.type === 'ANSWER' ? event.value : undefined);

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
export function recordWorkout(content: FlowContent, after?: number) {
  return enqueueActions(({ context, event, enqueue }) => {
    const w = context.workout;
    const program = context.program;
    if (!w) return;
    enqueue.emit({ type: 'cancelEvent', key: TIMER_KEY });
    const form = content.workouts.forms.find((f) => f.id === w.form);
    const steps = stepsOf(w, content);
    const completed = w.step === -1;
    const minutes = minutesDone(steps, w.step);
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

/** Leaving the workout state with the workout still set: recorded as far as it got. */
function leaveWorkout(content: FlowContent) {
  const record = recordWorkout(content);
  return enqueueActions(({ context, event, enqueue }) => {
    const w = context.workout;
    if (!w) return;
    enqueue(record);
    const ownField = context.ask?.field.startsWith('workout') ?? false;
    if (ownField) enqueue.assign({ ask: null });
    // A word for a workout cut short by another flow the patient opened; after a crisis reply, a
    // red flag or a reported use, those flows say what matters.
    const leftForAnother =
      event.type === 'CRAVING_REPORT' || (event.type === 'CMD' && event.name !== 'lapse');
    if (w.step !== -1 && leftForAnother) enqueue.emit({ type: 'say', text: { key: 'workout.stopped' } });
  });
}

/** A medical red flag during or just after a workout: stop, emergency number, urgent alert. */
function workoutRedFlag(content: FlowContent) {
  return enqueueActions(({ context, event, enqueue }) => {
    enqueue.assign({ redFlagAt: event.now });
    enqueue.emit({ type: 'say', text: { key: 'safety.redFlag', params: emergency(context) } });
    const why = event.type === 'RED_FLAG' ? event.why : undefined;
    enqueue.emit(alertFor(content, 'medicalRedFlag', ['safety.told.redFlag'], why ? { why } : undefined));
    enqueue.emit({ type: 'say', text: { key: 'workout.stoppedForSafety' } });
  });
}

/** The workout states: before → step ⇄ advance → effort → after → finish. */
export function workoutState(content: FlowContent) {
  const effortOptions = content.workouts.effort.options;
  const draftOfDay = assign({
    checkin: ({ context, event }) => {
      const day = todayOf(context, event);
      return context.checkin?.day === day ? context.checkin : { day };
    },
  });
  const notCheckedIn = ({ context, event }: { context: PatientContext; event: PatientEvent }) =>
    context.lastCheckinDay !== todayOf(context, event);

  const stepAsk = ask(({ context }) => {
    const w = context.workout!;
    const steps = stepsOf(w, content);
    const step = steps[w.step]!;
    const last = w.step === steps.length - 1;
    return {
      field: 'workoutStep',
      kind: 'choice',
      prompt: { key: step.key, params: { ...step.params, step: w.step + 1, steps: steps.length } },
      options: [
        { value: 'next', label: { key: last ? 'session.done' : 'session.next' } },
        { value: 'stop', label: { key: 'session.stop' } },
        { value: 'unwell', label: { key: 'session.unwell' } },
      ],
    };
  });

  return patientSetup.createStateConfig({
    initial: 'before',
    exit: leaveWorkout(content),
    on: {
      // A check-in that comes due waits behind the workout (never cut short for it), and follows it.
      CHECKIN_DUE: {
        actions: [
          weeklyOnSunday(content),
          enqueueActions(({ context, event, enqueue }) => {
            if (notCheckedIn({ context, event })) enqueue(draftOfDay);
          }),
        ],
      },
      CHECKIN_REMINDER: { guard: notCheckedIn, actions: draftOfDay },
      // Urgent → stop exercising (docs/clinical-protocol.md#escalation); the exit records it.
      CRISIS: {
        target: '#patient.active.idle',
        actions: [
          crisis(content, 'selfHarm'),
          emit({ type: 'say', text: { key: 'workout.stoppedForSafety' } }),
        ],
      },
      RED_FLAG: { target: '#patient.active.idle', actions: workoutRedFlag(content) },
    },
    states: {
      before: {
        entry: ask(({ context }) => {
          const w = context.workout!;
          return scaleAsk('workoutBefore', {
            key: 'workout.before',
            params: { form: `@workouts.form.${w.form}.name`, minutes: w.dose.minutes },
          });
        }),
        on: {
          ANSWER: {
            target: 'step',
            actions: [
              assign({
                workout: ({ context, event }) => ({ ...context.workout!, before: Number(value(event)) }),
                ratings: ({ context, event }) =>
                  [...context.ratings, Number(value(event))].slice(-RATINGS_KEPT),
              }),
              emit(({ event }) => ({
                type: 'record' as const,
                entry: {
                  t: 'craving' as const,
                  at: event.now,
                  value: Number(value(event)),
                  source: 'report' as const,
                },
              })),
            ],
          },
          // Not started yet: chest pain now means no workout today, but it is no emergency of the
          // workout's (the root's advice, without the alert), and nothing is recorded.
          RED_FLAG: {
            target: '#patient.active.idle',
            actions: [
              assign({ workout: null }),
              enqueueActions(({ context, event, enqueue }) => {
                enqueue.assign({ redFlagAt: event.now });
                enqueue.emit({
                  type: 'say',
                  text: { key: 'safety.healthWorry', params: emergency(context) },
                });
              }),
            ],
          },
        },
      },
      step: {
        entry: [
          stepAsk,
          enqueueActions(({ context, enqueue }) => {
            const w = context.workout!;
            const seconds = stepsOf(w, content)[w.step]?.seconds ?? 0;
            if (seconds > 0)
              enqueue.emit({
                type: 'scheduleEvent',
                key: TIMER_KEY,
                delayMs: seconds * 1000,
                event: { type: 'WORKOUT_TIMER', step: w.step },
              });
          }),
        ],
        on: {
          ANSWER: [
            {
              guard: ({ event }) => value(event) === 'unwell',
              target: '#patient.active.idle',
              actions: workoutRedFlag(content),
            },
            {
              guard: ({ event }) => value(event) === 'stop',
              target: 'effort',
              actions: [
                emit({ type: 'cancelEvent', key: TIMER_KEY }),
                assign({ workout: ({ context }) => ({ ...context.workout!, stopped: true }) }),
                emit({ type: 'say', text: { key: 'workout.stopped' } }),
              ],
            },
            { target: 'advance', actions: emit({ type: 'cancelEvent', key: TIMER_KEY }) },
          ],
          WORKOUT_TIMER: {
            guard: ({ context, event }) => event.step === context.workout?.step,
            target: 'advance',
          },
        },
      },
      advance: {
        always: [
          {
            guard: ({ context }) => context.workout!.step + 1 < stepsOf(context.workout!, content).length,
            target: 'step',
            actions: assign({
              workout: ({ context }) => ({ ...context.workout!, step: context.workout!.step + 1 }),
            }),
          },
          {
            target: 'effort',
            actions: assign({ workout: ({ context }) => ({ ...context.workout!, step: -1 }) }),
          },
        ],
      },
      effort: {
        entry: ask(() => ({
          field: 'workoutEffort',
          kind: 'choice',
          prompt: { key: 'workout.effort' },
          options: choiceOptions(
            'workout.effortOption',
            effortOptions.map((o) => o.id),
          ),
        })),
        on: {
          ANSWER: {
            target: 'after',
            actions: assign({
              workout: ({ context, event }) => ({
                ...context.workout!,
                effort: effortOptions.find((o) => o.id === value(event))?.borg ?? null,
              }),
            }),
          },
        },
      },
      after: {
        entry: ask(() => scaleAsk('workoutAfter', { key: 'workout.after' })),
        on: {
          ANSWER: { target: 'finish', actions: finishWorkout(content) },
        },
      },
      // Recorded; a craving that rose by the rule gets a rescue offer at once, as after a check-in.
      finish: {
        always: [offerWhenRising(content, 'workout.rising'), { target: '#patient.active.idle' }],
      },
    },
  });
}

/** The craving after: thanks with the before → after pair and the minutes, then the record. */
function finishWorkout(content: FlowContent) {
  return enqueueActions(({ context, event, enqueue }) => {
    const w = context.workout;
    if (!w) return;
    const after = Number(value(event));
    const minutes = minutesDone(stepsOf(w, content), w.step);
    const { range } = programFacts(context, content, event.now);
    const hard = (w.effort ?? 0) > content.progression.effortCeiling[range.id];
    enqueue.emit({
      type: 'say',
      text: {
        key: w.step === -1 ? 'workout.done' : 'workout.donePart',
        params: { minutes, before: w.before, after, form: `@workouts.form.${w.form}.name` },
      },
    });
    if (hard) enqueue.emit({ type: 'say', text: { key: 'workout.felt.hard' } });
    enqueue.assign({ ratings: [...context.ratings, after].slice(-RATINGS_KEPT), ask: null });
    enqueue.emit({
      type: 'record',
      entry: { t: 'craving', at: event.now, value: after, source: 'session-after' },
    });
    enqueue(recordWorkout(content, after));
  });
}

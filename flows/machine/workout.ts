/**
 * A guided workout (docs/program.md#a-guided-workout): the craving before, then the steps of the
 * chosen form at the patient's dose, each moving on by itself when its time is up (a WORKOUT_TIMER,
 * like a rescue session's) or with Next; Stop ends it early, "I feel unwell" and red-flag words stop
 * it with the emergency number and an urgent alert. Afterwards how hard it felt, in plain words, and
 * the craving again. Its actions are in `workoutActions.ts`.
 *
 * Leaving it any other way (`/checkin`, `/craving`, a reported use, self-harm words) records it as
 * far as it got and cancels its timer: the state's exit does that, whatever the way out.
 */
import type { PatientSetup } from './machineSetup.js';

const IDLE = '#patient.flow.active.idle';

/** The workout states: before → step ⇄ advance → effort → after → finish. */
export function workoutState(s: PatientSetup) {
  return s.createStateConfig({
    initial: 'before',
    exit: 'leaveWorkout',
    on: {
      // A check-in that comes due waits behind the workout (never cut short for it), and follows it.
      CHECKIN_DUE: [
        { guard: 'dayNotCheckedIn', actions: ['weeklyOnSunday', 'draftOfDay'] },
        { actions: 'weeklyOnSunday' },
      ],
      CHECKIN_REMINDER: { guard: 'dayNotCheckedIn', actions: 'draftOfDay' },
      // Urgent → stop exercising (docs/clinical-protocol.md#escalation); the exit records it.
      CRISIS: {
        target: IDLE,
        actions: [
          { type: 'crisis', params: { trigger: 'selfHarm' } },
          { type: 'say', params: { key: 'workout.stoppedForSafety' } },
        ],
      },
      RED_FLAG: { target: IDLE, actions: 'workoutRedFlag' },
    },
    states: {
      before: {
        entry: 'askWorkoutBefore',
        on: {
          ANSWER: { target: 'step', actions: 'recordWorkoutBefore' },
          // Not started yet: chest pain now means no workout today, with the advice given outside a
          // session (no alert: nothing was under way), and nothing recorded.
          RED_FLAG: { target: IDLE, actions: ['dropWorkout', 'healthWorry'] },
        },
      },
      step: {
        entry: 'askWorkoutStep',
        on: {
          ANSWER: [
            {
              guard: { type: 'answered', params: { value: 'unwell' } },
              target: IDLE,
              actions: 'workoutRedFlag',
            },
            {
              guard: { type: 'answered', params: { value: 'stop' } },
              target: 'effort',
              actions: 'stopWorkout',
            },
            { target: 'advance', actions: 'cancelWorkoutTimer' },
          ],
          WORKOUT_TIMER: { guard: 'workoutStepTimeUp', target: 'advance' },
        },
      },
      advance: {
        always: [
          { guard: 'moreWorkoutSteps', target: 'step', actions: 'nextWorkoutStep' },
          { target: 'effort', actions: 'completeWorkoutSteps' },
        ],
      },
      effort: {
        entry: 'askWorkoutEffort',
        on: { ANSWER: { target: 'after', actions: 'rateWorkoutEffort' } },
      },
      after: {
        entry: 'askWorkoutAfter',
        on: { ANSWER: { target: 'finish', actions: 'finishWorkout' } },
      },
      // Recorded; a craving that rose by the rule gets a rescue offer at once, as after a check-in.
      finish: {
        always: [
          {
            guard: 'cravingRising',
            target: '#patient.flow.active.offer',
            actions: ['offerFromLatestRating', { type: 'say', params: { key: 'workout.rising' } }],
          },
          { target: IDLE },
        ],
      },
    },
  });
}

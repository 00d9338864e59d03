/**
 * The exercise program after a check-in, or on `/workout` (docs/program.md): a small sequence that
 * asks what is due and then offers the day's workout. Its actions are in `programActions.ts`.
 *
 * After a check-in: the PHQ when due, the PAR-Q+ when due, the workout days when the plan needs them
 * and none fit, then the day's workout when today is a workout day and none was offered or done yet.
 * On `/workout` (or "today's workout" typed): the PAR-Q+ when due, then a workout at once, whatever
 * the day. For a day after a red flag (`restAfterRedFlagHours`) no workout is offered.
 *
 * A check-in that comes due meanwhile takes over (what was left open is asked again later); a
 * workout under way is the exception (see workout.ts).
 */
import { and, not } from 'xstate';
import type { PatientSetup } from './machineSetup.js';
import { parqState, phqState } from './reassessment.js';
import { workoutState } from './workout.js';

const IDLE = '#patient.flow.active.idle';
const say = (key: string) => ({ type: 'say', params: { key } }) as const;

/** The follow-up states (`program`) and the guided workout (`workout`). */
export function programStates(s: PatientSetup) {
  const program = s.createStateConfig({
    initial: 'next',
    entry: ['programUpdate', 'openProgram'],
    on: {
      // A new day's check-in takes over; what was left open here is asked again another time. A day
      // checked in already (by /checkin) gets no second one, as in idle.
      CHECKIN_DUE: [
        { guard: 'dayCheckedIn', actions: ['programUpdate', 'weeklyOnSunday'] },
        { target: '#patient.flow.active.checkin', actions: ['weeklyOnSunday', 'dropReassessment'] },
      ],
      CHECKIN_REMINDER: [
        {
          guard: 'checkinToResume',
          target: '#patient.flow.active.checkin.resume',
          actions: 'dropReassessment',
        },
        { guard: 'dayNotCheckedIn', target: '#patient.flow.active.checkin', actions: 'dropReassessment' },
      ],
    },
    states: {
      next: {
        always: [
          {
            guard: and([not('programViaCheckin'), 'restingAfterRedFlag']),
            target: IDLE,
            actions: say('program.resting'),
          },
          { guard: and(['programViaCheckin', 'phqDue']), target: 'phq' },
          { guard: 'parqDue', target: 'parq' },
          { guard: and(['programViaCheckin', 'workoutDaysNeeded']), target: 'days' },
          { guard: not('programViaCheckin'), target: 'offer' },
          {
            guard: and(['workoutDue', 'restingAfterRedFlag']),
            target: IDLE,
            actions: ['markOffered', say('program.resting')],
          },
          { guard: 'workoutDue', target: 'offer' },
          { target: IDLE },
        ],
      },
      phq: phqState(s),
      parq: parqState(s),
      days: {
        entry: 'askWorkoutDays',
        on: {
          ANSWER: [
            { guard: 'workoutDaysFit', target: 'next', actions: 'setWorkoutDays' },
            { actions: 'sayWorkoutDaysInvalid' },
          ],
        },
      },
      offer: {
        entry: 'askWorkoutOffer',
        on: {
          ANSWER: [
            {
              guard: { type: 'answered', params: { value: 'skip' } },
              target: IDLE,
              actions: ['markOffered', say('program.offer.skipped')],
            },
            { guard: 'workoutFormChosen', target: '#patient.flow.active.workout', actions: 'startWorkout' },
            { target: IDLE, actions: ['markOffered', say('program.offer.later')] },
          ],
        },
      },
    },
  });
  return { program, workout: workoutState(s) };
}

/**
 * `/workout` in the active phase (also "today's workout", 今天的运动 typed): during a workout, a word
 * that one is under way; `/workout days` to choose the workout days again (on a plan with days to
 * choose); otherwise the program's follow-up for a workout now. A rescue session under way is left
 * the kind way, as `/checkin` leaves it.
 */
export function programCommands(s: PatientSetup) {
  const workout = { type: 'isCommand', params: { name: 'workout' } } as const;
  return s.createStateConfig({
    on: {
      CMD: [
        { guard: and([workout, 'workoutUnderway']), actions: [say('workout.already'), 'reask'] },
        { guard: and(['workoutDaysCommand', 'dailyPlan']), actions: [say('program.days.daily'), 'reask'] },
        {
          guard: 'workoutDaysCommand',
          target: '#patient.flow.active.program.days',
          actions: ['leaveSession', 'programUpdate'],
        },
        { guard: workout, target: '#patient.flow.active.program', reenter: true, actions: 'leaveSession' },
      ],
    },
  }).on!.CMD!;
}

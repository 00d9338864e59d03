/**
 * The daily check-in (docs/clinical-protocol.md#daily-check-in): craving now, peak in the last 24 h, mood,
 * sleep, exercise since the last check-in, any use (asked gently). Under a minute. Its actions are in
 * `checkinActions.ts`.
 */
import { not } from 'xstate';
import type { FlowContent } from '../content/schema.js';
import { choiceOptions, scaleAsk, yesNoAsk } from './asks.js';
import type { PatientSetup } from './machineSetup.js';

/** The check-in state tree; `done` decides what follows (lapse, a rescue offer, or idle). */
export function checkinState(s: PatientSetup, content: FlowContent) {
  return s.createStateConfig({
    initial: 'start',
    on: {
      // A new day's check-in while an older one is still open: start afresh for the new day.
      CHECKIN_DUE: {
        guard: 'newCheckinDay',
        target: '#patient.flow.active.checkin',
        reenter: true,
        actions: 'weeklyOnSunday',
      },
      // A day already checked in needs no reminder, even while a second check-in is open.
      CHECKIN_REMINDER: { guard: not('dayCheckedIn'), actions: 'remindOpenCheckin' },
      CHECKIN_DAY_END: {
        guard: 'checkinDayEnds',
        target: 'idle',
        // The open check-in is over with its day, also when the day was checked in already (a
        // second one left open): nothing of it may come back as "today's" at midnight.
        actions: ['markMissed', 'dropCheckin'],
      },
    },
    states: {
      start: { entry: 'startCheckin', always: 'craving' },
      // Back from a rescue that interrupted it (/craving mid-check-in) or that it came due behind:
      // the answers given are kept, and the check-in goes on at the first question not answered
      // yet. With none given, it is introduced as any check-in is (there is nothing to go back to).
      resume: {
        entry: 'sayCheckinResumed',
        always: [
          { guard: { type: 'checkinUnanswered', params: { part: 'craving' } }, target: 'craving' },
          { guard: { type: 'checkinUnanswered', params: { part: 'peak' } }, target: 'peak' },
          { guard: { type: 'checkinUnanswered', params: { part: 'mood' } }, target: 'mood' },
          { guard: { type: 'checkinUnanswered', params: { part: 'sleep' } }, target: 'sleep' },
          { guard: { type: 'checkinUnanswered', params: { part: 'exMin' } }, target: 'exercise' },
          { guard: 'exerciseTypeUnanswered', target: 'exerciseType' },
          { target: 'use' },
        ],
      },
      craving: {
        entry: {
          type: 'ask',
          params: scaleAsk('checkinCraving', { key: 'checkin.craving', params: { i: 1, n: 6 } }),
        },
        on: {
          ANSWER: { target: 'peak', actions: { type: 'recordCheckinAnswer', params: { part: 'craving' } } },
        },
      },
      peak: {
        entry: { type: 'ask', params: scaleAsk('peak', { key: 'checkin.peak', params: { i: 2, n: 6 } }) },
        on: {
          ANSWER: { target: 'mood', actions: { type: 'recordCheckinAnswer', params: { part: 'peak' } } },
        },
      },
      mood: {
        entry: { type: 'ask', params: scaleAsk('mood', { key: 'checkin.mood', params: { i: 3, n: 6 } }) },
        on: {
          ANSWER: { target: 'sleep', actions: { type: 'recordCheckinAnswer', params: { part: 'mood' } } },
        },
      },
      sleep: {
        entry: {
          type: 'ask',
          params: {
            field: 'sleep',
            kind: 'choice',
            prompt: { key: 'checkin.sleep', params: { i: 4, n: 6 } },
            options: choiceOptions('checkin.sleepOption', ['poor', 'ok', 'good']),
            // "7" is seven hours, as the question asks, not the seventh button.
            typedNumber: 'amount',
          },
        },
        on: {
          ANSWER: { target: 'exercise', actions: { type: 'recordCheckinAnswer', params: { part: 'sleep' } } },
        },
      },
      exercise: {
        entry: {
          type: 'ask',
          params: {
            field: 'exercise',
            kind: 'choice',
            prompt: { key: 'checkin.exercise', params: { i: 5, n: 6 } },
            options: choiceOptions('checkin.exerciseOption', ['0', '10', '20', '30']),
            min: 0,
            max: content.thresholds.exerciseMinutesAtMost,
          },
        },
        on: {
          ANSWER: [
            {
              guard: { type: 'answeredAmount', params: { amount: 0 } },
              target: 'use',
              actions: { type: 'recordCheckinAnswer', params: { part: 'exMin' } },
            },
            { target: 'exerciseType', actions: { type: 'recordCheckinAnswer', params: { part: 'exMin' } } },
          ],
        },
      },
      exerciseType: {
        entry: {
          type: 'ask',
          params: {
            field: 'exerciseType',
            kind: 'choice',
            prompt: { key: 'checkin.exerciseType' },
            options: choiceOptions('checkin.modality', ['aerobic', 'resistance', 'mindbody']),
          },
        },
        on: {
          ANSWER: { target: 'use', actions: { type: 'recordCheckinAnswer', params: { part: 'exType' } } },
        },
      },
      use: {
        entry: { type: 'ask', params: yesNoAsk('use', { key: 'checkin.use', params: { i: 6, n: 6 } }) },
        on: {
          ANSWER: [
            {
              guard: { type: 'answered', params: { value: true } },
              target: '#patient.flow.active.lapse',
              actions: { type: 'finishCheckin', params: { use: true } },
            },
            { target: 'done', actions: { type: 'finishCheckin', params: { use: false } } },
          ],
        },
      },
      done: {
        entry: 'clearAsk',
        always: [
          // docs/clinical-protocol.md#rising-craving-and-rescue-sessions: a session offered at once.
          {
            guard: 'cravingRising',
            target: '#patient.flow.active.offer',
            actions: ['offerFromLatestRating', { type: 'say', params: { key: 'checkin.rising' } }],
          },
          { target: '#patient.flow.active.idle' },
        ],
      },
    },
  });
}

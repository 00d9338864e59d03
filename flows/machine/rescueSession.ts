/**
 * Rising craving → a rescue session (docs/clinical-protocol.md#rising-craving-and-rescue-sessions): rate the
 * craving, offer a mind-body or an aerobic session chosen from stage, clearance, setting and the patient's
 * own record, guide it step by step (stoppable at any time), ask the craving again and keep the before/after
 * pair. Its actions are in `rescueActions.ts`.
 */
import { and } from 'xstate';
import type { FlowContent } from '../content/schema.js';
import { scaleAsk } from './asks.js';
import type { PatientSetup } from './machineSetup.js';

const IDLE = '#patient.flow.active.idle';
const AFTER = '#patient.flow.active.after';
const CHECKIN_RESUMED = '#patient.flow.active.checkin.resume';

/** The states: cravingRate → offer → session → after, plus lapse. */
export function rescueStates(s: PatientSetup, content: FlowContent) {
  // A daily check-in that comes due during a rescue (docs/clinical-protocol.md#daily-check-in: every
  // day, one reminder two hours later). While the patient is at it, the check-in waits behind the rescue as
  // an unanswered draft of its day, and follows the rescue's end (`checkinToResume`). A rescue the
  // patient has left (silent for `leaveWhenSilentMinutes` when the check-in comes due, or
  // `atReminderLeaveWhenSilentMinutes` when its reminder does; the timer event carries when the
  // patient was last heard, none counts as silent) is left instead, and the check-in starts at
  // once, today's answers kept. A session under way is never left. Either way a Sunday's weekly
  // chart comes.
  const { leaveWhenSilentMinutes, atReminderLeaveWhenSilentMinutes } = content.thresholds.checkinBehindRescue;
  const waitBehind = s.createStateConfig({
    on: {
      CHECKIN_DUE: [
        { guard: 'dayNotCheckedIn', actions: ['weeklyOnSunday', 'draftOfDay'] },
        // Checked in earlier today: nothing waits behind the rescue.
        { actions: 'weeklyOnSunday' },
      ],
      CHECKIN_REMINDER: { guard: 'dayNotCheckedIn', actions: 'draftOfDay' },
    },
  }).on!;
  /** The check-in coming due while a rescue waits for an answer; `offerOpen`: a strong offer is left. */
  const checkinComesDue = (offerOpen: boolean) =>
    s.createStateConfig({
      on: {
        CHECKIN_DUE: [
          {
            guard: and([
              'dayNotCheckedIn',
              { type: 'silentFor', params: { minutes: leaveWhenSilentMinutes } },
            ]),
            target: CHECKIN_RESUMED,
            actions: [
              ...(offerOpen
                ? [{ type: 'strongOfferLeft', params: { told: 'offer.leftTold' } } as const]
                : []),
              'leaveRescue',
              'draftOfDay',
              'weeklyOnSunday',
            ],
          },
          { guard: 'dayNotCheckedIn', actions: ['weeklyOnSunday', 'draftOfDay'] },
          { actions: 'weeklyOnSunday' },
        ],
        CHECKIN_REMINDER: [
          {
            guard: and([
              'dayNotCheckedIn',
              { type: 'silentFor', params: { minutes: atReminderLeaveWhenSilentMinutes } },
            ]),
            target: CHECKIN_RESUMED,
            actions: [
              ...(offerOpen
                ? [{ type: 'strongOfferLeft', params: { told: 'offer.leftTold' } } as const]
                : []),
              'leaveRescue',
              'draftOfDay',
            ],
          },
          { guard: 'dayNotCheckedIn', actions: 'draftOfDay' },
        ],
      },
    }).on!;

  const cravingRate = s.createStateConfig({
    entry: { type: 'ask', params: scaleAsk('reportCraving', { key: 'craving.howStrong' }) },
    on: {
      ...checkinComesDue(false),
      ANSWER: { target: 'offer', actions: 'recordCravingReport' },
    },
  });

  const offer = s.createStateConfig({
    entry: 'askOffer',
    on: {
      ...checkinComesDue(true),
      // /checkin instead of an answer: the offer is declined, and the check-in starts.
      CMD: {
        guard: { type: 'isCommand', params: { name: 'checkin' } },
        target: '#patient.flow.active.checkin',
        actions: { type: 'strongOfferLeft', params: { told: 'offer.declinedTold' } },
      },
      ANSWER: [
        { guard: 'declinedOffer', target: 'idle', actions: 'declineOffer' },
        { target: 'session', actions: 'startSession' },
      ],
    },
  });

  const session = s.createStateConfig({
    initial: 'step',
    on: {
      ...waitBehind,
      // Urgent → stop exercising (docs/clinical-protocol.md#escalation): the session ends with its timer,
      // whatever was pending, then the crisis reply, and a word on how to start again when ready.
      CRISIS: {
        target: IDLE,
        actions: [
          'endSession',
          { type: 'crisis', params: { trigger: 'selfHarm' } },
          { type: 'say', params: { key: 'session.stoppedForSafety' } },
        ],
      },
    },
    states: {
      step: {
        entry: ['askSessionStep', 'scheduleStepTimer'],
        on: {
          ANSWER: [
            { guard: { type: 'answered', params: { value: 'unwell' } }, target: IDLE, actions: 'redFlag' },
            {
              guard: { type: 'answered', params: { value: 'stop' } },
              target: AFTER,
              actions: [
                { type: 'cancelTimer', params: { key: 'session' } },
                { type: 'say', params: { key: 'session.stopped' } },
              ],
            },
            { target: 'advance', actions: { type: 'cancelTimer', params: { key: 'session' } } },
          ],
          SESSION_TIMER: { guard: 'stepTimeUp', target: 'advance' },
          RED_FLAG: { target: IDLE, actions: 'redFlag' },
        },
      },
      advance: {
        always: [
          { guard: 'moreSteps', target: 'step', actions: 'nextStep' },
          { target: AFTER, actions: 'completeSession' },
        ],
      },
    },
  });

  const after = s.createStateConfig({
    entry: { type: 'ask', params: scaleAsk('after', { key: 'session.after' }) },
    on: {
      ...checkinComesDue(false),
      // Chest pain or fainting just after the last step is as urgent as during it.
      RED_FLAG: { target: 'idle', actions: 'redFlag' },
      ANSWER: [
        {
          // Still high after a strong craving (docs/clinical-protocol.md#escalation, high: support, the
          // counsellor is told), or rising by the rule: another session is offered at once, from the rating
          // just given.
          guard: 'offerAgain',
          target: 'offer',
          actions: ['recordResult', 'offerFromAnswer'],
        },
        { target: 'idle', actions: 'recordResult' },
      ],
    },
  });

  // A use (docs/clinical-protocol.md#escalation: high): the counsellor is told, and the craving is asked.
  const lapse = s.createStateConfig({
    entry: [
      { type: 'cancelTimer', params: { key: 'session' } },
      'startLapse',
      'recordLapse',
      { type: 'say', params: { key: 'lapse.support' } },
      { type: 'alert', params: { trigger: 'lapse', told: ['lapse.told'] } },
    ],
    always: { target: 'cravingRate' },
  });

  return { cravingRate, offer, session, after, lapse };
}

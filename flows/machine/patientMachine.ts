/**
 * The patient machine, two parallel regions (drawn in docs/statechart.md by `npm run statechart`):
 *
 * - `flow`, the conversation: onboarding and screening, then the active phase (daily check-ins,
 *   rescue sessions, lapses). Its own handlers keep safety and commands available from any state.
 * - `interruption`: the overlay question open over the conversation, if any (/delete, /language,
 *   /pause, /time, /timezone, the crisis reply's Continue, "do you mean you used again?", the direct
 *   question about risk), which interrupts without losing the place (see `interruption.ts`).
 *
 * Every guard and action is named in `setup()` (`machineSetup.ts`); the configuration holds none.
 */
import { and, or } from 'xstate';
import type { FlowContent, Thresholds } from '../content/schema.js';
import { yesNoAsk } from './asks.js';
import { checkinState } from './checkin.js';
import { interruptionRegion } from './interruption.js';
import { createPatientSetup } from './machineSetup.js';
import { rescueStates } from './rescueSession.js';
import { screeningState } from './screening.js';
import type { PatientContext, PatientInput } from './types.js';

/** Bumped whenever a change makes older snapshots unsafe to resume as they are. */
export const FLOW_VERSION = 1;

/**
 * Commands whose argument answers the question they open (`/craving 8`, `/time 21:30`,
 * `/timezone Asia/Hong_Kong`): the engine reads the argument as the patient's typed answer to it.
 * (`/pause 7` and `/language en` read theirs in the machine: they skip their question altogether.)
 */
export const ARGUMENT_ANSWERS: ReadonlySet<string> = new Set(['craving', 'time', 'timezone']);

/** The commands that wait until setting up is done. */
const AFTER_SETUP = ['checkin', 'plan', 'progress', 'pause', 'resume', 'time', 'timezone'] as const;

/** The context a new patient starts with (the program's defaults from `thresholds`). */
export function initialContext(input: PatientInput, thresholds: Thresholds): PatientContext {
  return {
    locale: input.locale,
    seq: 0,
    ask: null,
    saved: null,
    hold: false,
    profile: {
      age: null,
      parq: [],
      cleared: false,
      lastUseAt: null,
      baselineCraving: null,
      phq: [],
      activeDays: null,
      likes: [],
      setting: 'either',
      checkinTime: thresholds.defaultCheckinTime,
      timezone: input.timezone,
      shareName: false,
    },
    ratings: [],
    stats: {},
    days: [],
    missedInRow: 0,
    lastCheckinDay: null,
    pausedUntil: null,
    checkin: null,
    session: null,
    before: null,
  };
}

/** A fixed message, then the pending question again. */
const sayThenReask = (key: string) => [{ type: 'say', params: { key } } as const, 'reask' as const];

/** Builds the patient machine over validated content. */
export function createPatientMachine(content: FlowContent) {
  const s = createPatientSetup(content);
  const command = (name: string) => ({ type: 'isCommand', params: { name } }) as const;
  const useConfirmed = { type: 'overlayAnswer', params: { field: 'lapseConfirm', value: true } } as const;

  return s.createMachine({
    id: 'patient',
    type: 'parallel',
    context: ({ input }) => initialContext(input, content.thresholds),
    states: {
      flow: {
        initial: 'onboarding',
        on: {
          CRISIS: { actions: { type: 'crisis', params: { trigger: 'selfHarm' } } },
          POSSIBLE_RISK: { actions: 'askRiskCheck' },
          RISK_CHECK_UNANSWERED: {
            guard: 'riskCheckOpen',
            actions: ['alertRiskCheckUnanswered', 'closeRiskCheck'],
          },
          THIRD_PARTY: { actions: ['answerThirdParty', 'reask'] },
          // Only states with a session (or just after one) stop it and alert; anywhere else, advice.
          RED_FLAG: { actions: ['healthWorry', 'reask'] },
          // An answer no state takes (its question belonged to a state that was left): say so kindly.
          ANSWER: { actions: sayThenReask('common.staleNoQuestion') },
          STALE: { actions: ['sayStale', 'reask'] },
          UNSUPPORTED: { actions: ['sayUnsupported', 'reask'] },
          EDITED: { actions: sayThenReask('common.edited') },
          INVALID: [
            {
              // Someone who keeps writing after a crisis reply is heard, then the conversation goes on.
              guard: { type: 'askIs', params: { field: 'resume' } },
              actions: [{ type: 'say', params: { key: 'safety.heard' } }, 'resumeSaved'],
            },
            { actions: 'sayInvalid' },
          ],
          OVERLAY_ANSWER: [
            // The direct question. Yes: the question it interrupted is put back first, so the crisis
            // reply keeps it behind its Continue button, and every state's own crisis handling applies.
            {
              guard: { type: 'overlayAnswer', params: { field: 'riskCheck', value: true } },
              actions: ['cancelRiskCheckTimer', 'putBackInterrupted', 'closeRiskCheck', 'crisisAnsweredYes'],
            },
            {
              guard: { type: 'overlayAnswer', params: { field: 'riskCheck' } },
              actions: [
                'cancelRiskCheckTimer',
                'closeRiskCheck',
                { type: 'say', params: { key: 'safety.riskCheck.no' } },
                'resumeSaved',
              ],
            },
            { guard: { type: 'overlayAnswer', params: { field: 'resume' } }, actions: 'resumeSaved' },
            {
              guard: { type: 'overlayAnswer', params: { field: 'deleteConfirm', value: true } },
              actions: [
                'dropQuestions',
                { type: 'say', params: { key: 'delete.done' } },
                { type: 'erase', params: {} },
              ],
            },
            {
              guard: { type: 'overlayAnswer', params: { field: 'deleteConfirm' } },
              actions: [{ type: 'say', params: { key: 'delete.kept' } }, 'resumeSaved'],
            },
            {
              guard: { type: 'overlayAnswer', params: { field: 'language' } },
              actions: [
                'setLocaleFromAnswer',
                { type: 'say', params: { key: 'language.changed' } },
                'resumeSaved',
              ],
            },
            {
              // A new check-in time or time zone: the daily check-in is scheduled again.
              guard: or([
                { type: 'overlayAnswer', params: { field: 'setTime' } } as const,
                { type: 'overlayAnswer', params: { field: 'setZone' } } as const,
              ]),
              actions: ['changeTimeOrZone', 'resumeSaved'],
            },
            {
              // "Do you mean you used again?" Yes before consent is only thanked (nothing of theirs is
              // kept yet); once setting up or active, the states below take a yes (a reported use).
              guard: useConfirmed,
              actions: [{ type: 'say', params: { key: 'lapse.duringSetup' } }, 'resumeSaved'],
            },
            {
              // No: nothing changes, and the patient is back where they were.
              guard: { type: 'overlayAnswer', params: { field: 'lapseConfirm' } },
              actions: [{ type: 'say', params: { key: 'lapse.notUse' } }, 'resumeSaved'],
            },
            {
              guard: { type: 'overlayAnswer', params: { field: 'pauseDays' } },
              actions: ['pauseFromAnswer', 'resumeSaved'],
            },
          ],
          CMD: [
            // The crisis lines at the end of the help are the patient's region's, as in a crisis reply.
            { guard: command('help'), actions: ['sayHelp', 'reask'] },
            { guard: command('start'), actions: sayThenReask('common.welcomeBack') },
            // Everything kept about them, as files (a right of access: from any point, any state).
            { guard: command('export'), actions: ['exportRecord', 'reask'] },
            { guard: command('delete'), actions: 'askDeleteConfirm' },
            {
              guard: 'languageArgument',
              actions: ['setLocaleFromArgument', ...sayThenReask('language.changed')],
            },
            { guard: command('language'), actions: 'askLanguage' },
            { actions: sayThenReask('common.unknownCommand') },
          ],
          CHECKIN_DAY_END: { actions: 'markMissed' },
          // Not set up yet: nobody to tell (the counsellors know only set-up patients' check-ins).
          UNREACHABLE: { actions: { type: 'markUnreachable', params: { alert: false } } },
          REACHABLE: { actions: 'markReachable' },
          CLEARANCE_GRANTED: { actions: 'grantClearance' },
          FREE_TEXT: { actions: sayThenReask('common.freeText') },
          HELLO: { actions: sayThenReask('common.welcomeBack') },
          CRAVING_REPORT: { actions: sayThenReask('craving.duringSetup') },
          LAPSE_REPORT: { actions: sayThenReask('lapse.duringSetup') },
          // "I used my bike", 今天用了跑步机: maybe a use, maybe not. Nothing changes until the patient
          // says yes (see OVERLAY_ANSWER); the question it interrupts waits behind it.
          LAPSE_UNSURE: {
            actions: { type: 'overlay', params: yesNoAsk('lapseConfirm', { key: 'lapse.confirm' }) },
          },
        },
        states: {
          onboarding: {
            ...screeningState(s, content),
            onDone: { target: 'active' },
            on: {
              CMD: [
                {
                  guard: { type: 'isCommandIn', params: { names: AFTER_SETUP } },
                  actions: sayThenReask('common.afterSetup'),
                },
                // Someone with a craving is not told "later": they get something to do now.
                { guard: command('craving'), actions: sayThenReask('craving.duringSetup') },
                { guard: and([command('lapse'), 'consented']), actions: ['lapseDuringSetup', 'reask'] },
                { guard: command('lapse'), actions: sayThenReask('lapse.duringSetup') },
              ],
              // A use reported before consent is only thanked: nothing of theirs is kept yet.
              LAPSE_REPORT: { guard: 'consented', actions: ['lapseDuringSetup', 'reask'] },
              // A use confirmed while setting up: as if reported plainly, then setting up goes on.
              OVERLAY_ANSWER: {
                guard: and([useConfirmed, 'consented']),
                actions: ['lapseDuringSetup', 'resumeSaved'],
              },
            },
          },
          active: {
            initial: 'idle',
            on: {
              CMD: [
                // Re-entered even from within a check-in, so the patient always gets an answer.
                { guard: command('checkin'), target: '.checkin', reenter: true, actions: 'leaveSession' },
                {
                  guard: command('craving'),
                  target: '.cravingRate',
                  reenter: true,
                  actions: ['leaveSession', { type: 'say', params: { key: 'craving.thanks' } }],
                },
                { guard: command('lapse'), target: '.lapse', reenter: true },
                { guard: command('plan'), actions: ['sayPlan', 'reask'] },
                { guard: command('progress'), actions: ['showProgress', 'reask'] },
                { guard: 'pauseArgument', actions: 'pauseFromArgument' },
                { guard: command('pause'), actions: 'askPauseDays' },
                { guard: command('time'), actions: 'askCheckinTime' },
                { guard: command('timezone'), actions: 'askTimezone' },
                {
                  guard: command('resume'),
                  actions: [
                    'unpause',
                    'scheduleCheckin',
                    { type: 'say', params: { key: 'pause.resumed' } },
                    // A "pause for how many days?" still open is moot now: back to where they were.
                    { type: 'resumeOrReask', params: { field: 'pauseDays' } },
                  ],
                },
              ],
              CRAVING_REPORT: {
                target: '.cravingRate',
                reenter: true,
                actions: ['leaveSession', { type: 'say', params: { key: 'craving.thanks' } }],
              },
              LAPSE_REPORT: { target: '.lapse', reenter: true },
              // Blocked the bot or left the chat: the counsellors are told once (routine).
              UNREACHABLE: { actions: { type: 'markUnreachable', params: { alert: true } } },
              // A use confirmed ("do you mean you used again?" yes): exactly a reported use. The
              // question the confirmation interrupted is dropped, as a reported use drops it.
              OVERLAY_ANSWER: {
                guard: useConfirmed,
                target: '.lapse',
                reenter: true,
                actions: 'forgetInterrupted',
              },
              // Only news to a patient who was waiting for it (a PAR-Q+ yes).
              CLEARANCE_GRANTED: {
                guard: 'notCleared',
                actions: [
                  'grantClearance',
                  { type: 'say', params: { key: 'clearance.granted' } },
                  'sayPlan',
                  'reask',
                ],
              },
            },
            states: {
              idle: {
                // Nothing is pending in idle: a question an overlay interrupted belonged to a state
                // that is gone, so it must not come back.
                entry: 'forgetQuestions',
                // Not in the same breath as a crisis reply or a stop for a medical red flag
                // (docs/tone.md#a-crisis: the interrupted questionnaire resumes later): the patient's
                // next message brings it.
                always: { guard: 'checkinToResumeLater', target: 'checkin.resume' },
                on: {
                  CHECKIN_DUE: [
                    // Checked in earlier today (by /checkin): no second one at the usual time.
                    { guard: 'dayCheckedIn', actions: 'weeklyOnSunday' },
                    { target: 'checkin', actions: 'weeklyOnSunday' },
                  ],
                  CHECKIN_REMINDER: [
                    // Today's check-in, still waiting after a crisis reply: on where it was.
                    { guard: 'checkinToResume', target: 'checkin.resume' },
                    { guard: 'dayNotCheckedIn', target: 'checkin' },
                  ],
                  HELLO: { actions: { type: 'say', params: { key: 'common.welcomeBack' } } },
                  FREE_TEXT: { actions: { type: 'say', params: { key: 'common.freeText' } } },
                },
              },
              checkin: checkinState(s, content),
              ...rescueStates(s, content),
            },
          },
        },
      },
      interruption: interruptionRegion(s),
    },
  });
}

/** The patient machine type. */
export type PatientMachine = ReturnType<typeof createPatientMachine>;

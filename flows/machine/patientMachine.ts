/**
 * The patient machine: onboarding and screening, then the active phase (daily check-ins, rescue
 * sessions, lapses). Global handlers at the root keep safety and commands available from any state;
 * overlays (/delete, /language, /pause, the crisis "continue") interrupt without losing the place.
 */
import { and, not, stateIn } from 'xstate';
import type { FlowContent, Thresholds } from '../content/schema.js';
import { parseLanguage } from '../understanding/choices.js';
import { overlay, reask, resumeSaved, yesNoAsk, yesNoOptions } from './asks.js';
import { checkinState, checkinToResume, markMissed, weeklyOnSunday } from './checkin.js';
import { lapseDuringSetup, rescueStates } from './rescueSession.js';
import { askRiskCheck, riskCheckAnswers, riskCheckUnanswered, thirdParty } from './riskCheck.js';
import { crisis, crisisNumbers, endSession, healthWorry } from './safety.js';
import { planText, screeningState } from './screening.js';
import { overlayAnswers, pauseDaysArg, pauseFor, zoneLabel } from './settings.js';
import { patientSetup } from './setup.js';
import { invalidReask, unsupportedReply } from './shortReask.js';
import type { PatientContext, PatientEvent, PatientInput } from './types.js';
import { unknownCommand } from './unknownCommand.js';

/** Bumped whenever a change makes older snapshots unsafe to resume as they are. */
export const FLOW_VERSION = 1;

/**
 * Commands whose argument answers the question they open (`/craving 8`, `/time 21:30`,
 * `/timezone Asia/Hong_Kong`): the engine reads the argument as the patient's typed answer to it.
 * (`/pause 7` and `/language en` read theirs in the machine: they skip their question altogether.)
 */
export const ARGUMENT_ANSWERS: ReadonlySet<string> = new Set(['craving', 'time', 'timezone']);

const { assign, emit, enqueueActions } = patientSetup;

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

/** A crisis reply, or a session stopped for a medical red flag, given in this turn. */
const stoppedForSafety = (event: PatientEvent) =>
  event.type === 'CRISIS' ||
  event.type === 'RED_FLAG' ||
  (event.type === 'ANSWER' && event.value === 'unwell');

/** Builds the patient machine over validated content. */
export function createPatientMachine(content: FlowContent) {
  const rescue = rescueStates(content);
  const { pauseDays } = content.thresholds;
  // Past the consent question (its state, or a crisis reply held before it). The cast: xstate's
  // `stateIn` is typed for machines without declared event types.
  const consented = not(stateIn({ onboarding: 'consent' })) as never;
  const isCmd =
    (name: string) =>
    ({ event }: { event: { type: string; name?: string } }) =>
      event.type === 'CMD' && event.name === name;

  // Leaving a session for a check-in or a new craving report: it is recorded as far as it got, its
  // timer goes, and a session cut short is acknowledged. Without a session there is no timer to
  // cancel (and a cancel is a scheduler round trip).
  const leaveSession = enqueueActions(({ context, enqueue }) => {
    if (context.session === null) return;
    const cutShort = context.session.step !== -1;
    enqueue(endSession(content));
    if (cutShort) enqueue.emit({ type: 'say', text: { key: 'session.stopped' } });
  });

  // "Do you mean you used again?" answered yes.
  const confirmedUse = ({ event }: { event: PatientEvent }) =>
    event.type === 'OVERLAY_ANSWER' && event.field === 'lapseConfirm' && event.value === true;

  const pauseArg = pauseDaysArg(content);
  const applyPause = pauseFor(content);

  return patientSetup.createMachine({
    id: 'patient',
    context: ({ input }) => initialContext(input, content.thresholds),
    initial: 'onboarding',
    on: {
      CRISIS: { actions: crisis(content, 'selfHarm') },
      POSSIBLE_RISK: { actions: askRiskCheck(content) },
      RISK_CHECK_UNANSWERED: riskCheckUnanswered(content),
      THIRD_PARTY: { actions: thirdParty(content) },
      // Only states with a session (or just after one) stop it and alert; anywhere else, advice.
      RED_FLAG: { actions: [healthWorry(), reask] },
      // An answer no state takes (its question belonged to a state that was left): say so kindly.
      ANSWER: { actions: [emit({ type: 'say', text: { key: 'common.staleNoQuestion' } }), reask] },
      STALE: {
        actions: enqueueActions(({ context, enqueue }) => {
          enqueue.emit({
            type: 'say',
            text: { key: context.ask ? 'common.stale' : 'common.staleNoQuestion' },
          });
          enqueue(reask);
        }),
      },
      // A sticker or a forwarded message: said so, with the question's buttons (not the whole question).
      UNSUPPORTED: { actions: unsupportedReply },
      EDITED: { actions: [emit({ type: 'say', text: { key: 'common.edited' } }), reask] },
      INVALID: [
        {
          // Someone who keeps writing after a crisis reply is heard, then the conversation goes on.
          guard: ({ context }) => context.ask?.field === 'resume',
          actions: [emit({ type: 'say', text: { key: 'safety.heard' } }), resumeSaved],
        },
        // One line that says what is wanted, with the buttons; never the whole question again.
        { actions: invalidReask },
      ],
      OVERLAY_ANSWER: [...riskCheckAnswers, ...overlayAnswers(content)],
      CMD: [
        {
          // The crisis lines at the end of the help are the patient's region's, as in a crisis reply.
          guard: isCmd('help'),
          actions: [
            emit(({ context }) => ({
              type: 'say' as const,
              text: { key: 'help.patient', params: crisisNumbers(context) },
            })),
            reask,
          ],
        },
        {
          guard: isCmd('start'),
          actions: [emit({ type: 'say', text: { key: 'common.welcomeBack' } }), reask],
        },
        {
          guard: isCmd('delete'),
          actions: overlay(() => ({
            field: 'deleteConfirm',
            kind: 'yesno',
            prompt: { key: 'delete.confirm' },
            options: yesNoOptions,
          })),
        },
        {
          // `/language en`, `/language 中文`, `/language Chinese`...
          guard: ({ event }) =>
            event.type === 'CMD' && event.name === 'language' && !!parseLanguage(event.args),
          actions: [
            assign({
              locale: ({ event }) => (event.type === 'CMD' && parseLanguage(event.args)) || 'zh-CN',
            }),
            emit(({ context }) => ({ type: 'setLocale' as const, locale: context.locale })),
            emit({ type: 'say', text: { key: 'language.changed' } }),
            reask,
          ],
        },
        {
          guard: isCmd('language'),
          actions: overlay(() => ({
            field: 'language',
            kind: 'choice',
            prompt: { key: 'language.prompt' },
            options: [
              { value: 'zh-CN', label: { key: 'language.zh' } },
              { value: 'en', label: { key: 'language.en' } },
            ],
          })),
        },
        // A typo (`/chekin`) gets the nearest command suggested.
        { actions: [unknownCommand(content), reask] },
      ],
      CHECKIN_DAY_END: { actions: markMissed(content) },
      CLEARANCE_GRANTED: {
        actions: assign({ profile: ({ context }) => ({ ...context.profile, cleared: true }) }),
      },
      FREE_TEXT: { actions: [emit({ type: 'say', text: { key: 'common.freeText' } }), reask] },
      HELLO: { actions: [emit({ type: 'say', text: { key: 'common.welcomeBack' } }), reask] },
      CRAVING_REPORT: { actions: [emit({ type: 'say', text: { key: 'craving.duringSetup' } }), reask] },
      LAPSE_REPORT: { actions: [emit({ type: 'say', text: { key: 'lapse.duringSetup' } }), reask] },
      // "I used my bike", 今天用了跑步机: maybe a use, maybe not. Nothing changes until the patient
      // says yes (see OVERLAY_ANSWER); the question it interrupts waits behind it.
      LAPSE_UNSURE: { actions: overlay(() => yesNoAsk('lapseConfirm', { key: 'lapse.confirm' })) },
    },
    states: {
      onboarding: {
        ...screeningState(content),
        onDone: { target: 'active' },
        on: {
          CMD: [
            {
              guard: ({ event }) =>
                event.type === 'CMD' &&
                ['checkin', 'plan', 'progress', 'pause', 'resume', 'time', 'timezone'].includes(event.name),
              actions: [emit({ type: 'say', text: { key: 'common.afterSetup' } }), reask],
            },
            // Someone with a craving is not told "later": they get something to do now.
            {
              guard: isCmd('craving'),
              actions: [emit({ type: 'say', text: { key: 'craving.duringSetup' } }), reask],
            },
            { guard: and([isCmd('lapse'), consented]) as never, actions: [lapseDuringSetup(content), reask] },
            {
              guard: isCmd('lapse'),
              actions: [emit({ type: 'say', text: { key: 'lapse.duringSetup' } }), reask],
            },
          ],
          // A use reported before consent is only thanked: nothing of theirs is kept yet.
          LAPSE_REPORT: { guard: consented, actions: [lapseDuringSetup(content), reask] },
          // A use confirmed while setting up: as if reported plainly, then setting up goes on.
          OVERLAY_ANSWER: {
            guard: and([confirmedUse as never, consented]) as never,
            actions: [lapseDuringSetup(content), resumeSaved],
          },
        },
      },
      active: {
        initial: 'idle',
        on: {
          CMD: [
            {
              guard: isCmd('checkin'),
              target: '.checkin',
              // Re-entered even from within a check-in, so the patient always gets an answer.
              reenter: true,
              actions: leaveSession,
            },
            {
              guard: isCmd('craving'),
              target: '.cravingRate',
              reenter: true,
              actions: [leaveSession, emit({ type: 'say', text: { key: 'craving.thanks' } })],
            },
            { guard: isCmd('lapse'), target: '.lapse', reenter: true },
            {
              guard: isCmd('plan'),
              actions: [
                emit(({ context, event }) => ({
                  type: 'say' as const,
                  text: planText(context, content, event.now),
                })),
                reask,
              ],
            },
            {
              guard: isCmd('progress'),
              actions: [
                emit(({ event }) => ({
                  type: 'chart' as const,
                  days: event.type === 'CMD' && event.args.trim() === '30' ? 30 : 14,
                })),
                reask,
              ],
            },
            {
              guard: ({ event }) =>
                event.type === 'CMD' && event.name === 'pause' && pauseArg(event.args) !== null,
              actions: enqueueActions(({ event, enqueue }) => {
                if (event.type === 'CMD') enqueue(applyPause(pauseArg(event.args)!));
              }),
            },
            {
              guard: isCmd('pause'),
              actions: overlay(() => ({
                field: 'pauseDays',
                kind: 'number',
                prompt: { key: 'pause.howLong', params: pauseDays },
                options: [],
                min: pauseDays.min,
                max: pauseDays.max,
              })),
            },
            {
              guard: isCmd('time'),
              actions: overlay(() => ({
                field: 'setTime',
                kind: 'choice',
                prompt: { key: 'settings.timePrompt' },
                options: content.screening.checkinTimes.map((t) => ({
                  value: t,
                  label: { key: 'common.raw', params: { text: t } },
                })),
              })),
            },
            {
              guard: isCmd('timezone'),
              actions: overlay((context) => ({
                field: 'setZone',
                kind: 'choice',
                prompt: {
                  key: 'screening.timezone',
                  params: { current: zoneLabel(content, context.profile.timezone) },
                },
                options: content.screening.timezones.map((tz) => ({
                  value: tz,
                  label: { key: `screening.tz.${tz.replace('/', '_')}` },
                })),
              })),
            },
            {
              guard: isCmd('resume'),
              actions: [
                assign({ pausedUntil: null }),
                emit(({ context }) => ({
                  type: 'scheduleCheckin' as const,
                  time: context.profile.checkinTime,
                  timezone: context.profile.timezone,
                  pausedUntil: null,
                  reminderAfterMinutes: content.thresholds.checkinReminderAfterMinutes,
                })),
                emit({ type: 'say', text: { key: 'pause.resumed' } }),
                // A "pause for how many days?" still open is moot now: back to where they were.
                enqueueActions(({ context, enqueue }) =>
                  enqueue(context.ask?.field === 'pauseDays' ? resumeSaved : reask),
                ),
              ],
            },
          ],
          CRAVING_REPORT: {
            target: '.cravingRate',
            reenter: true,
            actions: [leaveSession, emit({ type: 'say', text: { key: 'craving.thanks' } })],
          },
          LAPSE_REPORT: { target: '.lapse', reenter: true },
          // A use confirmed ("do you mean you used again?" yes): exactly a reported use. The
          // question the confirmation interrupted is dropped, as a reported use drops it.
          OVERLAY_ANSWER: {
            guard: confirmedUse,
            target: '.lapse',
            reenter: true,
            actions: assign({ saved: null }),
          },
          CLEARANCE_GRANTED: {
            // Only news to a patient who was waiting for it (a PAR-Q+ yes).
            guard: ({ context }) => !context.profile.cleared,
            actions: [
              assign({ profile: ({ context }) => ({ ...context.profile, cleared: true }) }),
              emit({ type: 'say', text: { key: 'clearance.granted' } }),
              emit(({ context, event }) => ({
                type: 'say' as const,
                text: planText(
                  { ...context, profile: { ...context.profile, cleared: true } },
                  content,
                  event.now,
                ),
              })),
              reask,
            ],
          },
        },
        states: {
          idle: {
            // Nothing is pending in idle: a question an overlay interrupted belonged to a state
            // that is gone, so it must not come back.
            entry: assign({ ask: null, saved: null, hold: false }),
            // Not in the same breath as a crisis reply or a stop for a medical red flag
            // (docs/tone.md#a-crisis: the interrupted questionnaire resumes later): the patient's next
            // message brings it.
            always: {
              guard: ({ context, event }) => checkinToResume({ context, event }) && !stoppedForSafety(event),
              target: 'checkin.resume',
            },
            on: {
              CHECKIN_DUE: [
                // Checked in earlier today (by /checkin): no second one at the usual time.
                {
                  guard: ({ context, event }) => 'day' in event && context.lastCheckinDay === event.day,
                  actions: weeklyOnSunday(content),
                },
                { target: 'checkin', actions: weeklyOnSunday(content) },
              ],
              CHECKIN_REMINDER: [
                // Today's check-in, still waiting after a crisis reply: on where it was.
                { guard: checkinToResume, target: 'checkin.resume' },
                { guard: ({ context, event }) => context.lastCheckinDay !== event.day, target: 'checkin' },
              ],
              HELLO: { actions: emit({ type: 'say', text: { key: 'common.welcomeBack' } }) },
              FREE_TEXT: { actions: emit({ type: 'say', text: { key: 'common.freeText' } }) },
            },
          },
          checkin: checkinState(content),
          ...rescue,
        },
      },
    },
  });
}

/** The patient machine type. */
export type PatientMachine = ReturnType<typeof createPatientMachine>;

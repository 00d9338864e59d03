/**
 * Rising craving → a rescue session (docs/clinical-protocol.md#rising-craving-and-rescue-sessions): rate the
 * craving, offer a mind-body or an aerobic session chosen from stage, clearance, setting and the patient's
 * own record, guide it step by step (stoppable at any time), ask the craving again and keep the before/after
 * pair.
 */
import type { FlowContent } from '../content/schema.js';
import { sessionEntry } from '../history.js';
import { chooseSessions } from '../rules/chooseSession.js';
import { isNight } from '../rules/localTime.js';
import { isRising } from '../rules/risingCraving.js';
import { daysSince, stageFor } from '../rules/stage.js';
import { ask, isOverlay, scaleAsk } from './asks.js';
import { weeklyOnSunday } from './checkin.js';
import { alertFor, crisisInSession, endSession, redFlag } from './safety.js';
import { patientSetup } from './setup.js';
import type { PatientContext, PatientEvent } from './types.js';

const { assign, enqueueActions, emit } = patientSetup;
const value = (event: PatientEvent) => (event.type === 'ANSWER' ? event.value : undefined);

/** The sessions to offer now. */
export function offerFor(context: PatientContext, content: FlowContent, now: number) {
  const p = context.profile;
  return chooseSessions(
    content.sessions.sessions,
    {
      stage: stageFor(daysSince(p.lastUseAt ?? now, now), content.thresholds),
      cleared: p.cleared,
      setting: p.setting,
      night: isNight(now, p.timezone, content.thresholds.night),
      likes: p.likes,
      stats: context.stats,
      resting:
        context.redFlagAt != null &&
        now - context.redFlagAt < content.thresholds.restAfterRedFlagHours * 3_600_000,
    },
    content.sessions.ranking,
  );
}

/** The states: cravingRate → offer → session → after, plus lapse. */
export function rescueStates(content: FlowContent) {
  const sessionById = (id: string) => content.sessions.sessions.find((s) => s.id === id);
  const { highCraving, kept } = content.thresholds;
  // docs/clinical-protocol.md#escalation, high: a strong craving that a session did not bring down enough.
  const stillHigh = (before: number, after: number) =>
    before >= highCraving.before && after >= highCraving.afterStillAtLeast;

  // docs/clinical-protocol.md#escalation, high: a strong craving whose session is declined. An offer left
  // open for another flow (/checkin, or a check-in that came due behind it) was declined too: `told` says so.
  const strongOfferLeft = (told: 'offer.declinedTold' | 'offer.leftTold') =>
    enqueueActions(({ context, enqueue }) => {
      if ((context.before ?? 0) < highCraving.before) return;
      enqueue.emit({ type: 'say', text: { key: told } });
      enqueue.emit(
        alertFor(content, 'sessionDeclined', ['offer.told.declined'], { before: context.before ?? 0 }),
      );
      enqueue.assign({ before: null });
    });

  // A daily check-in that comes due during a rescue (docs/clinical-protocol.md#daily-check-in: every
  // day, one reminder two hours later). While the patient is at it, the check-in waits behind the rescue as
  // an unanswered draft of its day, and follows the rescue's end (`checkinToResume`). A rescue the
  // patient has left (silent for `leaveWhenSilentMinutes` when the check-in comes due, or
  // `atReminderLeaveWhenSilentMinutes` when its reminder does; the timer event carries when the
  // patient was last heard, none counts as silent) is left instead, and the check-in starts at
  // once, today's answers kept. A session under way is never left. Either way a Sunday's weekly
  // chart comes.
  const { leaveWhenSilentMinutes, atReminderLeaveWhenSilentMinutes } = content.thresholds.checkinBehindRescue;
  const silentFor =
    (minutes: number) =>
    ({ event }: { context: PatientContext; event: PatientEvent }) => {
      const heardAt = 'heardAt' in event ? event.heardAt : undefined;
      return heardAt == null || event.now - heardAt >= minutes * 60_000;
    };
  const notCheckedIn = ({ context, event }: { context: PatientContext; event: PatientEvent }) =>
    'day' in event && context.lastCheckinDay !== event.day;
  const draftOfDay = assign({
    checkin: ({ context, event }) => {
      const day = 'day' in event && typeof event.day === 'string' ? event.day : '';
      return context.checkin?.day === day ? context.checkin : { day };
    },
  });
  // The session just done (if any) is recorded as far as it got, without its rating; the rescue's
  // question goes, but a question the patient opened over it (/language...) stays open.
  const leaveRescue = enqueueActions(({ context, enqueue }) => {
    if (context.session !== null) enqueue(endSession(content));
    const overlayOpen = context.ask !== null && isOverlay(context.ask);
    enqueue.assign({ ask: overlayOpen ? context.ask : null, saved: null, session: null, before: null });
  });
  const weekly = weeklyOnSunday(content);
  const waitBehind = {
    CHECKIN_DUE: [
      { guard: notCheckedIn, actions: [weekly, draftOfDay] },
      // Checked in earlier today: nothing waits behind the rescue.
      { actions: weekly },
    ],
    CHECKIN_REMINDER: { guard: notCheckedIn, actions: draftOfDay },
  };
  const checkinComesDue = (leaveOffer?: ReturnType<typeof strongOfferLeft>) => {
    const leave = leaveOffer ? [leaveOffer, leaveRescue] : [leaveRescue];
    const dueSilent = silentFor(leaveWhenSilentMinutes);
    const reminderSilent = silentFor(atReminderLeaveWhenSilentMinutes);
    return {
      CHECKIN_DUE: [
        {
          guard: (args: { context: PatientContext; event: PatientEvent }) =>
            notCheckedIn(args) && dueSilent(args),
          target: '#patient.active.checkin.resume',
          actions: [...leave, draftOfDay, weekly],
        },
        ...waitBehind.CHECKIN_DUE,
      ],
      CHECKIN_REMINDER: [
        {
          guard: (args: { context: PatientContext; event: PatientEvent }) =>
            notCheckedIn(args) && reminderSilent(args),
          target: '#patient.active.checkin.resume',
          actions: [...leave, draftOfDay],
        },
        waitBehind.CHECKIN_REMINDER,
      ],
    };
  };

  const cravingRate = patientSetup.createStateConfig({
    entry: ask(() => scaleAsk('reportCraving', { key: 'craving.howStrong' })),
    on: {
      ...checkinComesDue(),
      ANSWER: {
        target: 'offer',
        actions: [
          assign({
            before: ({ event }) => Number(value(event)),
            ratings: ({ context, event }) =>
              [...context.ratings, Number(value(event))].slice(-kept.cravingRatings),
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
    },
  });

  const offer = patientSetup.createStateConfig({
    entry: ask(({ context, event }) => {
      const picks = offerFor(context, content, event.now);
      const strong = (context.before ?? 0) >= highCraving.before;
      return {
        field: 'offer',
        kind: 'choice',
        prompt: { key: strong ? 'offer.strong' : 'offer.prompt', params: { before: context.before ?? 0 } },
        options: [
          ...picks.map((s) => ({ value: s.id, label: { key: `sessions.${s.id}.label` } })),
          { value: 'notnow', label: { key: 'offer.notNow' } },
        ],
      };
    }),
    on: {
      ...checkinComesDue(strongOfferLeft('offer.leftTold')),
      // /checkin instead of an answer: the offer is declined, and the check-in starts.
      CMD: {
        guard: ({ event }) => event.type === 'CMD' && event.name === 'checkin',
        target: '#patient.active.checkin',
        actions: strongOfferLeft('offer.declinedTold'),
      },
      ANSWER: [
        {
          guard: ({ event }) => value(event) === 'notnow' || !sessionById(String(value(event))),
          target: 'idle',
          actions: enqueueActions(({ context, enqueue }) => {
            if ((context.before ?? 0) >= highCraving.before) enqueue(strongOfferLeft('offer.declinedTold'));
            else enqueue.emit({ type: 'say', text: { key: 'offer.declined' } });
            enqueue.assign({ ask: null, before: null });
          }),
        },
        {
          target: 'session',
          actions: assign({
            session: ({ context, event }) => ({
              id: String(value(event)),
              step: 0,
              before: context.before ?? 0,
            }),
          }),
        },
      ],
    },
  });

  const stepAsk = ask(({ context }) => {
    const s = context.session!;
    const session = sessionById(s.id)!;
    const last = s.step === session.steps.length - 1;
    return {
      field: 'session',
      kind: 'choice',
      prompt: {
        key: `sessions.${session.steps[s.step]!.key}`,
        params: { step: s.step + 1, steps: session.steps.length },
      },
      options: [
        { value: 'next', label: { key: last ? 'session.done' : 'session.next' } },
        { value: 'stop', label: { key: 'session.stop' } },
        { value: 'unwell', label: { key: 'session.unwell' } },
      ],
    };
  });

  const session = patientSetup.createStateConfig({
    initial: 'step',
    on: {
      ...waitBehind,
      // Urgent → stop exercising (docs/clinical-protocol.md#escalation): the session ends with its timer,
      // whatever was pending.
      CRISIS: { target: '#patient.active.idle', actions: crisisInSession(content) },
    },
    states: {
      step: {
        entry: [
          stepAsk,
          enqueueActions(({ context, enqueue }) => {
            const s = context.session!;
            const seconds = sessionById(s.id)!.steps[s.step]!.seconds;
            if (seconds > 0)
              enqueue.emit({
                type: 'scheduleEvent',
                key: 'session',
                delayMs: seconds * 1000,
                event: { type: 'SESSION_TIMER', step: s.step },
              });
          }),
        ],
        on: {
          ANSWER: [
            {
              guard: ({ event }) => value(event) === 'unwell',
              target: '#patient.active.idle',
              actions: redFlag(content),
            },
            {
              guard: ({ event }) => value(event) === 'stop',
              target: '#patient.active.after',
              actions: [
                emit({ type: 'cancelEvent', key: 'session' }),
                emit({ type: 'say', text: { key: 'session.stopped' } }),
              ],
            },
            { target: 'advance', actions: emit({ type: 'cancelEvent', key: 'session' }) },
          ],
          SESSION_TIMER: {
            guard: ({ context, event }) => event.step === context.session?.step,
            target: 'advance',
          },
          RED_FLAG: { target: '#patient.active.idle', actions: redFlag(content) },
        },
      },
      advance: {
        always: [
          {
            guard: ({ context }) =>
              context.session!.step + 1 < sessionById(context.session!.id)!.steps.length,
            target: 'step',
            actions: assign({
              session: ({ context }) => ({ ...context.session!, step: context.session!.step + 1 }),
            }),
          },
          {
            target: '#patient.active.after',
            actions: assign({ session: ({ context }) => ({ ...context.session!, step: -1 }) }),
          },
        ],
      },
    },
  });

  // docs/clinical-protocol.md#rising-craving-and-rescue-sessions: a rating after a session that is still high
  // (a strong craving not brought down enough) or rising by the rule gets another offer at once.
  const offerAgain = ({ context, event }: { context: PatientContext; event: PatientEvent }) => {
    const after = Number(value(event));
    return (
      stillHigh(context.session?.before ?? 0, after) ||
      isRising([...context.ratings, after], content.thresholds.rising)
    );
  };

  /** What a rating after a session records and says (and, when still high, tells the counsellor). */
  const recordResult = enqueueActions(({ context, event, enqueue }) => {
    const s = context.session;
    const found = s && sessionById(s.id);
    const afterValue = Number(value(event));
    enqueue.assign({
      ratings: [...context.ratings, afterValue].slice(-kept.cravingRatings),
      ask: null,
      session: null,
      before: null,
    });
    if (!s || !found) return;
    const completed = s.step === -1;
    enqueue.emit({
      type: 'record',
      entry: sessionEntry(event.now, s, found, { completed, after: afterValue }),
    });
    enqueue.emit({
      type: 'record',
      entry: { t: 'craving', at: event.now, value: afterValue, source: 'session-after' },
    });
    const prev = context.stats[s.id] ?? { n: 0, totalDrop: 0 };
    enqueue.assign({
      stats: {
        ...context.stats,
        [s.id]: { n: prev.n + 1, totalDrop: prev.totalDrop + (s.before - afterValue) },
      },
    });
    const high = stillHigh(s.before, afterValue);
    const change = afterValue < s.before ? 'better' : afterValue === s.before ? 'same' : 'worse';
    // "That worked for you" would jar beside "the craving is still high": a small drop is said as
    // one. A rise followed by another offer is not told "send /craving to try another".
    const result =
      change === 'better' && high
        ? 'betterStillHigh'
        : change === 'worse' && offerAgain({ context, event })
          ? 'worseOfferAgain'
          : change;
    enqueue.emit({
      type: 'say',
      text: {
        key: `session.result.${result}`,
        params: { before: s.before, after: afterValue, session: `@sessions.${s.id}.name` },
      },
    });
    if (high) {
      enqueue.emit({ type: 'say', text: { key: 'session.toldCounsellor' } });
      enqueue.emit(
        alertFor(content, 'highCravingAfterSession', ['session.told.stillHigh'], {
          before: s.before,
          after: afterValue,
        }),
      );
    }
  });

  const after = patientSetup.createStateConfig({
    entry: ask(() => scaleAsk('after', { key: 'session.after' })),
    on: {
      ...checkinComesDue(),
      // Chest pain or fainting just after the last step is as urgent as during it.
      RED_FLAG: { target: 'idle', actions: redFlag(content) },
      ANSWER: [
        {
          // Still high after a strong craving (docs/clinical-protocol.md#escalation, high: support, the
          // counsellor is told), or rising by the rule: another session is offered at once, from the rating
          // just given.
          guard: offerAgain,
          target: 'offer',
          actions: [recordResult, assign({ before: ({ event }) => Number(value(event)) })],
        },
        { target: 'idle', actions: recordResult },
      ],
    },
  });

  const lapse = patientSetup.createStateConfig({
    entry: [
      emit({ type: 'cancelEvent', key: 'session' }),
      assign({
        profile: ({ context, event }) => ({ ...context.profile, lastUseAt: event.now }),
        session: null,
        ask: null,
        // A check-in this interrupted is not resumed afterwards: its use question is answered.
        checkin: null,
      }),
      emit(({ event }) => ({ type: 'record' as const, entry: { t: 'lapse' as const, at: event.now } })),
      emit({ type: 'say', text: { key: 'lapse.support' } }),
      emit(alertFor(content, 'lapse', ['lapse.told'])),
    ],
    always: { target: 'cravingRate' },
  });

  return { cravingRate, offer, session, after, lapse };
}

/**
 * A use reported while setting up, after consent (docs/clinical-protocol.md#escalation: a reported use is a
 * high alert, whenever it comes): the counsellor is told, the use is recorded, and a day count already given
 * is restarted from today. Then setting up goes on where it was.
 */
export function lapseDuringSetup(content: FlowContent) {
  return patientSetup.enqueueActions(({ context, event, enqueue }) => {
    if (context.profile.lastUseAt !== null)
      enqueue.assign({ profile: { ...context.profile, lastUseAt: event.now } });
    enqueue.emit({ type: 'record', entry: { t: 'lapse', at: event.now } });
    enqueue.emit({ type: 'say', text: { key: 'lapse.duringSetupTold' } });
    enqueue.emit(alertFor(content, 'lapse', ['lapse.toldDuringSetup']));
  });
}

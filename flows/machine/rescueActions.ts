/**
 * What a rescue does (docs/clinical-protocol.md#rising-craving-and-rescue-sessions): the craving
 * rated, sessions offered from stage, clearance, setting and the patient's own record, a session
 * guided step by step, the rating after it kept with the one before; and a reported use. The
 * rescue's states are in `rescueSession.ts`; these are its named actions.
 */
import type { FlowContent } from '../content/schema.js';
import { sessionEntry } from '../history.js';
import { chooseSessions } from '../rules/chooseSession.js';
import { isNight } from '../rules/localTime.js';
import { isRising } from '../rules/risingCraving.js';
import { daysSince, stageFor } from '../rules/stage.js';
import { ask, isOverlay } from './asks.js';
import { alertFor, endSession } from './safety.js';
import { patientSetup, withParams } from './setup.js';
import type { PatientContext, PatientEvent } from './types.js';

const { assign, emit, enqueueActions } = patientSetup;

const answerOf = (event: PatientEvent) => (event.type === 'ANSWER' ? event.value : undefined);

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

/** A catalogued session by id. */
export const sessionOf = (content: FlowContent, id: string) =>
  content.sessions.sessions.find((s) => s.id === id);

/**
 * docs/clinical-protocol.md#escalation, high: a strong craving that a session did not bring down
 * enough.
 */
export function stillHigh(content: FlowContent, before: number, after: number): boolean {
  const { highCraving } = content.thresholds;
  return before >= highCraving.before && after >= highCraving.afterStillAtLeast;
}

/**
 * docs/clinical-protocol.md#rising-craving-and-rescue-sessions: a rating after a session that is
 * still high (a strong craving not brought down enough) or rising by the rule gets another offer at once.
 */
export function offersAgain(content: FlowContent, context: PatientContext, after: number): boolean {
  return (
    stillHigh(content, context.session?.before ?? 0, after) ||
    isRising([...context.ratings, after], content.thresholds.rising)
  );
}

/**
 * docs/clinical-protocol.md#escalation, high: a strong craving whose session is declined. An offer left
 * open for another flow (/checkin, or a check-in that came due behind it) was declined too: `told` says so.
 */
function strongOfferLeft(content: FlowContent, told: StrongOfferTold) {
  return enqueueActions(({ context, enqueue }) => {
    if ((context.before ?? 0) < content.thresholds.highCraving.before) return;
    enqueue.emit({ type: 'say', text: { key: told } });
    enqueue.emit(
      alertFor(content, 'sessionDeclined', ['offer.told.declined'], { before: context.before ?? 0 }),
    );
    enqueue.assign({ before: null });
  });
}

/** What the patient is told when a strong craving's offer is declined, or left for another flow. */
export type StrongOfferTold = 'offer.declinedTold' | 'offer.leftTold';

/** What a rating after a session records and says (and, when still high, tells the counsellor). */
function recordResult(content: FlowContent) {
  const { kept } = content.thresholds;
  return enqueueActions(({ context, event, enqueue }) => {
    const s = context.session;
    const found = s && sessionOf(content, s.id);
    const afterValue = Number(answerOf(event));
    enqueue.assign({
      ratings: [...context.ratings, afterValue].slice(-kept.cravingRatings),
      ask: null,
      session: null,
      before: null,
    });
    if (!s || !found) return;
    enqueue.emit({
      type: 'record',
      entry: sessionEntry(event.now, s, found, { completed: s.completed === true, after: afterValue }),
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
    const high = stillHigh(content, s.before, afterValue);
    const change = afterValue < s.before ? 'better' : afterValue === s.before ? 'same' : 'worse';
    // "That worked for you" would jar beside "the craving is still high": a small drop is said as
    // one. A rise followed by another offer is not told "send /craving to try another".
    const result =
      change === 'better' && high
        ? 'betterStillHigh'
        : change === 'worse' && offersAgain(content, context, afterValue)
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
}

/**
 * A use reported while setting up, after consent (docs/clinical-protocol.md#escalation: a reported use is a
 * high alert, whenever it comes): the counsellor is told, the use is recorded, and a day count already given
 * is restarted from today. Then setting up goes on where it was.
 */
export function lapseDuringSetup(content: FlowContent) {
  return enqueueActions(({ context, event, enqueue }) => {
    if (context.profile.lastUseAt !== null)
      enqueue.assign({ profile: { ...context.profile, lastUseAt: event.now } });
    enqueue.emit({ type: 'record', entry: { t: 'lapse', at: event.now } });
    enqueue.emit({ type: 'say', text: { key: 'lapse.duringSetupTold' } });
    enqueue.emit(alertFor(content, 'lapse', ['lapse.toldDuringSetup']));
  });
}

/** The named actions of the rescue (see `machineSetup.ts`). */
export function rescueActions(content: FlowContent) {
  const { kept } = content.thresholds;
  return {
    /** "How strong is the craving?" answered: the offer's "before", the ratings, the record. */
    recordCravingReport: enqueueActions(({ context, event, enqueue }) => {
      const rating = Number(answerOf(event));
      enqueue.assign({ before: rating, ratings: [...context.ratings, rating].slice(-kept.cravingRatings) });
      enqueue.emit({
        type: 'record',
        entry: { t: 'craving', at: event.now, value: rating, source: 'report' },
      });
    }),
    /** The rating that rose is the offer's "before" (the end of a check-in or of onboarding). */
    offerFromLatestRating: assign({ before: ({ context }) => context.ratings.at(-1) ?? null }),
    /** The rating after a session, still high or rising, is the next offer's "before". */
    offerFromAnswer: assign({ before: ({ event }) => Number(answerOf(event)) }),
    /** The sessions for now, and Not now; a strong craving is offered with more urgency. */
    askOffer: ask(({ context, event }) => {
      const picks = offerFor(context, content, event.now);
      const strong = (context.before ?? 0) >= content.thresholds.highCraving.before;
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
    /** A strong craving's offer declined or left: the patient is told, and so is the counsellor. */
    strongOfferLeft: withParams<{ told: StrongOfferTold }>(({ enqueue }, { told }) =>
      enqueue(strongOfferLeft(content, told)),
    ),
    /** Not now: a strong craving is declined with an alert; any other with a kind word. */
    declineOffer: enqueueActions(({ context, enqueue }) => {
      if ((context.before ?? 0) >= content.thresholds.highCraving.before)
        enqueue(strongOfferLeft(content, 'offer.declinedTold'));
      else enqueue.emit({ type: 'say', text: { key: 'offer.declined' } });
      enqueue.assign({ ask: null, before: null });
    }),
    /** The session picked, at its first step, with the rating before it. */
    startSession: assign({
      session: ({ context, event }) => ({
        id: String(answerOf(event)),
        step: 0,
        before: context.before ?? 0,
      }),
    }),
    /** The step's words, with Next (Done at the last), Stop and "I feel unwell". */
    askSessionStep: ask(({ context }) => {
      const s = context.session!;
      const session = sessionOf(content, s.id)!;
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
    }),
    /** A timed step moves on by itself when its time is up. */
    scheduleStepTimer: enqueueActions(({ context, enqueue }) => {
      const s = context.session!;
      const seconds = sessionOf(content, s.id)!.steps[s.step]!.seconds;
      if (seconds > 0)
        enqueue.emit({
          type: 'scheduleEvent',
          key: 'session',
          delayMs: seconds * 1000,
          event: { type: 'SESSION_TIMER', step: s.step },
        });
    }),
    nextStep: assign({
      session: ({ context }) => ({ ...context.session!, step: context.session!.step + 1 }),
    }),
    /** Every step done: the session is complete (recorded so when it is rated, or left). */
    completeSession: assign({ session: ({ context }) => ({ ...context.session!, completed: true }) }),
    recordResult: recordResult(content),
    /**
     * Leaving a session for a check-in or a new craving report: it is recorded as far as it got,
     * its timer goes, and a session cut short is acknowledged. Without a session there is no timer to
     * cancel (and a cancel is a scheduler round trip).
     */
    leaveSession: enqueueActions(({ context, enqueue }) => {
      if (context.session === null) return;
      const cutShort = context.session.completed !== true;
      enqueue(endSession(content));
      if (cutShort) enqueue.emit({ type: 'say', text: { key: 'session.stopped' } });
    }),
    /**
     * A rescue left for a check-in: the session just done (if any) is recorded as far as it got,
     * without its rating; the rescue's question goes, but one the patient opened over it
     * (/language...) stays open.
     */
    leaveRescue: enqueueActions(({ context, enqueue }) => {
      if (context.session !== null) enqueue(endSession(content));
      const overlayOpen = context.ask !== null && isOverlay(context.ask);
      enqueue.assign({ ask: overlayOpen ? context.ask : null, saved: null, session: null, before: null });
    }),
    /** A use: the day count restarts, any session and open check-in end, and it is recorded. */
    startLapse: assign({
      profile: ({ context, event }) => ({ ...context.profile, lastUseAt: event.now }),
      session: null,
      ask: null,
      // A check-in this interrupted is not resumed afterwards: its use question is answered.
      checkin: null,
    }),
    recordLapse: emit(({ event }) => ({
      type: 'record' as const,
      entry: { t: 'lapse' as const, at: event.now },
    })),
    lapseDuringSetup: lapseDuringSetup(content),
  };
}

/**
 * The patient machine's guards, by name (see `machineSetup.ts`). Guards that differ only by a value
 * take it as a parameter (`{ type: 'isCommand', params: { name: 'help' } }`), so the machine's
 * configuration holds no closures and a diagram can name every condition.
 */
import { not, stateIn } from 'xstate';
import type { FlowContent } from '../content/schema.js';
import { needsFullPhq9, phqTotal } from '../rules/phq.js';
import { isRising } from '../rules/risingCraving.js';
import { parseLanguage } from '../understanding/choices.js';
import { isOverlay } from './asks.js';
import { type CheckinPart, checkinToResume } from './checkinActions.js';
import type { Field, OverlayField } from './questions.js';
import { offersAgain, sessionOf } from './rescueActions.js';
import { pauseDaysArg } from './settings.js';
import type { GuardArgs } from './setup.js';
import type { PatientEvent } from './types.js';

const answerOf = (event: PatientEvent) => (event.type === 'ANSWER' ? event.value : undefined);

/** The id of the consent state, for the guards that ask whether the patient is past it. */
export const CONSENT_STATE = '#patient.flow.onboarding.consent';

/** The overlay question open now (see the machine's interruption region), or null. */
export function openInterruption(context: GuardArgs['context']): OverlayField | null {
  return context.ask && isOverlay(context.ask) ? (context.ask.field as OverlayField) : null;
}

/** A crisis reply, or a session stopped for a medical red flag, given in this turn. */
const stoppedForSafety = (event: PatientEvent) =>
  event.type === 'CRISIS' ||
  event.type === 'RED_FLAG' ||
  (event.type === 'ANSWER' && event.value === 'unwell');

/** The named guards over validated content. */
export function patientGuards(content: FlowContent) {
  const { thresholds, screening } = content;
  const pauseArg = pauseDaysArg(content);
  return {
    /** A command by its name. */
    isCommand: ({ event }: GuardArgs, { name }: { name: string }) =>
      event.type === 'CMD' && event.name === name,
    /** A command among several. */
    isCommandIn: ({ event }: GuardArgs, { names }: { names: readonly string[] }) =>
      event.type === 'CMD' && names.includes(event.name),
    /** `/language en`, `/language 中文`, `/language Chinese`: the command names the language. */
    languageArgument: ({ event }: GuardArgs) =>
      event.type === 'CMD' && event.name === 'language' && !!parseLanguage(event.args),
    /** `/pause 7`, `/pause 2周`: the command says for how many days. */
    pauseArgument: ({ event }: GuardArgs) =>
      event.type === 'CMD' && event.name === 'pause' && pauseArg(event.args) !== null,
    /** Past the consent question (its state, or a crisis reply held before it). */
    consented: not(stateIn(CONSENT_STATE)),
    /** The pending question is this field's. */
    askIs: ({ context }: GuardArgs, { field }: { field: Field }) => context.ask?.field === field,
    /** An answer to this overlay question (with this value, when one is given). */
    overlayAnswer: ({ event }: GuardArgs, { field, value }: { field: OverlayField; value?: boolean }) =>
      event.type === 'OVERLAY_ANSWER' &&
      event.field === field &&
      (value === undefined || event.value === value),
    /** The answer is exactly this value (yes, a button's value). */
    answered: ({ event }: GuardArgs, { value }: { value: string | boolean }) => answerOf(event) === value,
    /** The answer is this amount (no exercise: 0 minutes). */
    answeredAmount: ({ event }: GuardArgs, { amount }: { amount: number }) =>
      Number(answerOf(event)) === amount,
    /** The answer is a number below this one (an age under the adult age). */
    answeredBelow: ({ event }: GuardArgs, { limit }: { limit: number }) => Number(answerOf(event)) < limit,
    /** Not now, or a session that is no longer offered. */
    declinedOffer: ({ event }: GuardArgs) => {
      const v = answerOf(event);
      return v === 'notnow' || !sessionOf(content, String(v));
    },
    /** PHQ-9 item 9 (thoughts of self-harm) above 0: the safety path, whatever the total. */
    phqSelfHarmItem: ({ context, event }: GuardArgs) =>
      context.profile.phq.length === screening.selfHarmItem - 1 && Number(answerOf(event)) > 0,
    /** PAR-Q+ questions still to ask. */
    moreParq: ({ context }: GuardArgs) => context.profile.parq.length < screening.parq.length,
    /** A PAR-Q+ yes. */
    parqYes: ({ context }: GuardArgs) => context.profile.parq.some(Boolean),
    /** Clearance recorded by a counsellor (also while the PAR-Q+ was still being answered). */
    cleared: ({ context }: GuardArgs) => context.profile.cleared,
    /** PHQ questions still to ask: the PHQ-2, then the rest of the PHQ-9 when the PHQ-2 calls for it. */
    morePhq: ({ context }: GuardArgs) =>
      context.profile.phq.length < 2 ||
      (context.profile.phq.length < 9 && needsFullPhq9(context.profile.phq.slice(0, 2), thresholds)),
    /** A PHQ-9 total at the referral threshold. */
    phq9High: ({ context }: GuardArgs) =>
      context.profile.phq.length === 9 && phqTotal(context.profile.phq) >= thresholds.phq9Referral,
    /** Craving rising by the rule (docs/clinical-protocol.md#rising-craving-and-rescue-sessions). */
    cravingRising: ({ context }: GuardArgs) => isRising(context.ratings, thresholds.rising),
    /** A question of the open check-in not answered yet. */
    checkinUnanswered: ({ context }: GuardArgs, { part }: { part: CheckinPart }) =>
      context.checkin?.[part] === undefined,
    /** Exercise done, and its kind not said yet. */
    exerciseTypeUnanswered: ({ context }: GuardArgs) =>
      !!context.checkin?.exMin && context.checkin.exType === undefined,
    /** A check-in of today left unfinished for a rescue session: it is resumed. */
    checkinToResume,
    /**
     * As {@link checkinToResume}, but not in the same breath as a crisis reply or a stop for a
     * medical red flag (docs/tone.md#a-crisis: the interrupted questionnaire resumes later).
     */
    checkinToResumeLater: (args: GuardArgs) => checkinToResume(args) && !stoppedForSafety(args.event),
    /** The timer's day was checked in already. */
    dayCheckedIn: ({ context, event }: GuardArgs) => 'day' in event && context.lastCheckinDay === event.day,
    /** The timer's day was not checked in yet. */
    dayNotCheckedIn: ({ context, event }: GuardArgs) =>
      'day' in event && context.lastCheckinDay !== event.day,
    /** A new day's check-in while an older one is still open. */
    newCheckinDay: ({ context, event }: GuardArgs) => 'day' in event && context.checkin?.day !== event.day,
    /** The end of the open check-in's day. */
    checkinDayEnds: ({ context, event }: GuardArgs) => 'day' in event && context.checkin?.day === event.day,
    /**
     * The patient has been silent this long (the timer event carries when they were last heard;
     * never counts as silent).
     */
    silentFor: ({ event }: GuardArgs, { minutes }: { minutes: number }) => {
      const heardAt = 'heardAt' in event ? event.heardAt : undefined;
      return heardAt == null || event.now - heardAt >= minutes * 60_000;
    },
    /** The step timer of the step the session is at (an older step's timer is late). */
    stepTimeUp: ({ context, event }: GuardArgs) =>
      event.type === 'SESSION_TIMER' && event.step === context.session?.step,
    /** Steps left in the session. */
    moreSteps: ({ context }: GuardArgs) => {
      const s = context.session!;
      return s.step + 1 < sessionOf(content, s.id)!.steps.length;
    },
    /** The rating after a session is still high, or rising: another offer at once. */
    offerAgain: ({ context, event }: GuardArgs) => offersAgain(content, context, Number(answerOf(event))),
    /** Clearance is news only to a patient who was waiting for it (a PAR-Q+ yes). */
    notCleared: ({ context }: GuardArgs) => !context.profile.cleared,
    /** The timer of the direct question still open (an older one's timer is moot). */
    riskCheckOpen: ({ context, event }: GuardArgs) =>
      event.type === 'RISK_CHECK_UNANSWERED' && context.riskCheck?.askId === event.askId,
    /** The interruption open now is this overlay question's (null: none). */
    interruptionIs: ({ context }: GuardArgs, { field }: { field: OverlayField | null }) =>
      openInterruption(context) === field,
  };
}

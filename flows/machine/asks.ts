/**
 * Asking questions. Every question is a {@link PendingAsk} in the context plus a `say` intent with
 * its options; the engine turns the patient's next message into ANSWER / INVALID / STALE against it.
 */
import type { Option, Params, Text, TimerEvent } from '../intents.js';
import { type Field, type FieldOfKind, isOverlayField, type QUESTIONS, questionOf } from './questions.js';
import { patientSetup, withParams } from './setup.js';
import type { PatientContext, PatientEvent, PendingAsk } from './types.js';

/** Events that do not come from the patient: the clock, a counsellor (a Record: none is forgotten). */
const TIMER: Record<TimerEvent['type'], true> = {
  CLEARANCE_GRANTED: true,
  CHECKIN_DUE: true,
  CHECKIN_REMINDER: true,
  CHECKIN_DAY_END: true,
  SESSION_TIMER: true,
  WEEKLY_SUMMARY: true,
  RISK_CHECK_UNANSWERED: true,
  UNREACHABLE: true,
  REACHABLE: true,
};
const TIMER_EVENTS = new Set<string>(Object.keys(TIMER));

/**
 * A question before it gets its id, asked with the kind the table of questions gives its field
 * (`{ field: 'sleep', kind: 'scale' }` does not compile).
 */
export type AskSpec = {
  [F in Field]: Omit<PendingAsk, 'id' | 'field' | 'kind'> & { field: F; kind: (typeof QUESTIONS)[F]['kind'] };
}[Field];

/** Options 0..max labelled with their numbers. */
export function scaleOptions(min: number, max: number): Option[] {
  return Array.from({ length: max - min + 1 }, (_, i) => ({
    value: String(min + i),
    label: { key: 'common.n', params: { n: min + i } },
  }));
}

/** Yes and no. */
export const yesNoOptions: Option[] = [
  { value: 'yes', label: { key: 'common.yes' } },
  { value: 'no', label: { key: 'common.no' } },
];

/** Options whose labels are `<prefix>.<value>` keys. */
export function choiceOptions(prefix: string, values: readonly string[], params?: Params): Option[] {
  return values.map((value) => ({ value, label: { key: `${prefix}.${value}`, params } }));
}

/** A scale question 0–10. */
export function scaleAsk(field: FieldOfKind<'scale'>, prompt: Text): AskSpec {
  return { field, kind: 'scale', prompt, options: scaleOptions(0, 10), min: 0, max: 10 };
}

/** A yes/no question. */
export function yesNoAsk(field: FieldOfKind<'yesno'>, prompt: Text): AskSpec {
  return { field, kind: 'yesno', prompt, options: yesNoOptions };
}

/** The intent that shows a pending ask. */
export function sayAsk(ask: PendingAsk) {
  return {
    type: 'say' as const,
    text: ask.prompt,
    ask: {
      id: ask.id,
      kind: ask.kind,
      options: ask.options,
      ...(ask.typedNumber ? { typedNumber: ask.typedNumber } : {}),
    },
  };
}

/**
 * Asks a question: gives it a fresh id, makes it the pending ask and says it. After a crisis reply
 * (`hold`), the question is parked in `saved` instead, and asked when the patient continues.
 */
export function ask(build: (args: { context: PatientContext; event: PatientEvent }) => AskSpec) {
  return patientSetup.enqueueActions(({ context, event, enqueue }) => {
    const seq = context.seq + 1;
    const pending: PendingAsk = { ...build({ context, event }), id: seq.toString(36) };
    // A timer (a session's next step, a due check-in) does not talk over an open overlay question
    // (/delete's confirmation, /language...): its question waits behind it, as after a crisis reply.
    const timerOverOverlay = TIMER_EVENTS.has(event.type) && context.ask !== null && isOverlay(context.ask);
    if (context.hold || timerOverOverlay) {
      enqueue.assign({ seq, saved: pending });
      return;
    }
    enqueue.assign({ seq, ask: pending });
    enqueue.emit(sayAsk(pending));
  });
}

/** Says the pending question again (after help, an invalid answer, an unsupported message...). */
export const reask = patientSetup.enqueueActions(({ context, enqueue }) => {
  if (context.ask) enqueue.emit(sayAsk(context.ask));
});

/** Clears the pending question (the state that asked it has been left). */
export const clearAsk = patientSetup.assign({ ask: null });

/**
 * Interrupts the pending question with an overlay question (crisis "continue", /delete, /language,
 * /pause), keeping the interrupted one in `saved`.
 */
export function overlay(spec: (context: PatientContext) => AskSpec) {
  return patientSetup.enqueueActions(({ context, enqueue }) => {
    const seq = context.seq + 1;
    const pending: PendingAsk = { ...spec(context), id: seq.toString(36) };
    const keep = context.ask && !isOverlay(context.ask) ? context.ask : context.saved;
    // The same question parked earlier (a /timezone a crisis reply interrupted) is asked anew now:
    // keeping the old one would bring it back, stale, once this one is answered.
    const saved = keep && keep.field === pending.field ? null : keep;
    enqueue.assign({ seq, saved, ask: pending });
    enqueue.emit(sayAsk(pending));
  });
}

/** Goes back to the question an overlay interrupted (asking it again with a fresh id). */
export const resumeSaved = patientSetup.enqueueActions(({ context, enqueue }) => {
  if (!context.saved) {
    enqueue.assign({ ask: null, hold: false });
    return;
  }
  const seq = context.seq + 1;
  const pending: PendingAsk = { ...context.saved, id: seq.toString(36) };
  enqueue.assign({ seq, ask: pending, saved: null, hold: false });
  enqueue.emit(sayAsk(pending));
});

/** True for the root-level overlay questions. */
export function isOverlay(a: PendingAsk): boolean {
  return isOverlayField(a.field);
}

/** Forgets every question: nothing is pending (idle), not even one an overlay interrupted. */
export const forgetQuestions = patientSetup.assign({ ask: null, saved: null, hold: false });

/** Says again what was asked, with the reason it was not taken as an answer (an invalid reply). */
export const sayInvalid = patientSetup.enqueueActions(({ context, event, enqueue }) => {
  const a = context.ask;
  if (!a) return;
  // The question's own word for it (questions.ts), else its kind's.
  const hint = (event.type === 'INVALID' && event.hint) || questionOf(a.field).hint;
  const key = hint
    ? `common.invalid.${hint}`
    : a.kind === 'scale' || a.kind === 'number'
      ? 'common.invalid.range'
      : `common.invalid.${a.kind}`;
  enqueue.emit({ type: 'say', text: { key, params: { min: a.min ?? 0, max: a.max ?? 10 } } });
  enqueue.emit(sayAsk(a));
});

/**
 * The named actions of asking (see `machineSetup.ts`): a fixed question or overlay question given
 * as the action's parameters, a plain message, and the pending question said again, given back or
 * forgotten.
 */
export const askActions = {
  /** Asks the question in the parameters (see {@link ask}). */
  ask: withParams<AskSpec>(({ enqueue }, spec) => enqueue(ask(() => spec))),
  /** Opens the overlay question in the parameters (see {@link overlay}). */
  overlay: withParams<AskSpec>(({ enqueue }, spec) => enqueue(overlay(() => spec))),
  /** A plain message: the text in the parameters. */
  say: withParams<Text>(({ enqueue }, text) => enqueue.emit({ type: 'say', text })),
  reask,
  resumeSaved,
  clearAsk,
  forgetQuestions,
  /** Drops the open question and the one it interrupted (the patient is being erased). */
  dropQuestions: patientSetup.assign({ ask: null, saved: null }),
  /** Drops the question an overlay interrupted (a confirmed use drops it, as a reported one does). */
  forgetInterrupted: patientSetup.assign({ saved: null }),
  /** Back to where the patient was when the named overlay is the open question; else asks again. */
  resumeOrReask: withParams<{ field: Field }>(({ context, enqueue }, { field }) =>
    enqueue(context.ask?.field === field ? resumeSaved : reask),
  ),
  /** "That question has passed" (or "there is no question open"). */
  sayStale: patientSetup.emit(({ context }) => ({
    type: 'say' as const,
    text: { key: context.ask ? 'common.stale' : 'common.staleNoQuestion' },
  })),
  /** A sticker, photo or file; or a forwarded message, which is someone else's words. */
  sayUnsupported: patientSetup.emit(({ event }) => ({
    type: 'say' as const,
    text: {
      key: event.type === 'UNSUPPORTED' && event.forwarded ? 'common.forwarded' : 'common.unsupported',
    },
  })),
  sayInvalid,
};

/**
 * Short re-asks (docs/patient-journey.md#short-re-asks): an answer that is not understood gets one
 * line that names what is wanted, with the question's buttons again, never the whole question; from
 * the third miss in a row, the buttons alone and "or type /help". A sticker gets its own line with
 * the buttons, too.
 */
import type { Ask, Text } from '../intents.js';
import { questionOf } from './questions.js';
import { patientSetup } from './setup.js';
import type { PatientContext, PatientEvent, PendingAsk } from './types.js';

/** Misses in a row after which only the buttons and "/help" are offered. */
export const MISSES_BEFORE_BUTTONS_ONLY = 2;

/** The line that says what the pending question wants: its own word for it, else its kind's. */
export function hintFor(a: PendingAsk, event: PatientEvent): Text {
  // Two numbers where one is wanted: "2 or 3? Pick the one that fits better."
  if (event.type === 'INVALID' && event.between)
    return { key: 'common.invalid.pickOne', params: { low: event.between[0], high: event.between[1] } };
  const hint = (event.type === 'INVALID' && event.hint) || questionOf(a.field).hint;
  const key = hint
    ? `common.invalid.${hint}`
    : a.kind === 'scale' || a.kind === 'number'
      ? 'common.invalid.range'
      : `common.invalid.${a.kind}`;
  return { key, params: { min: a.min ?? 0, max: a.max ?? 10 } };
}

/** The pending question's buttons, to go with a short line (none for a typed number). */
export function buttonsOf(a: PendingAsk): Ask | undefined {
  if (!a.options.length) return undefined;
  return {
    id: a.id,
    kind: a.kind,
    options: a.options,
    ...(a.typedNumber ? { typedNumber: a.typedNumber } : {}),
  };
}

/** How many answers in a row the pending question has not understood, this one included. */
export function missesNow(context: PatientContext): number {
  const a = context.ask;
  const prev = context.listening?.misses;
  return a && prev?.askId === a.id ? prev.n + 1 : 1;
}

/** A line with the pending question's buttons under it (the line alone when there are none). */
export function sayWithButtons(context: PatientContext, text: Text) {
  const buttons = context.ask ? buttonsOf(context.ask) : undefined;
  return { type: 'say' as const, text, ...(buttons ? { ask: buttons } : {}) };
}

/**
 * An answer not understood: the hint and the buttons; from the third miss in a row the buttons with
 * "tap one, or type /help" (a typed number, which has no buttons: the hint, then "/help").
 */
export const invalidReask = patientSetup.enqueueActions(({ context, event, enqueue }) => {
  const a = context.ask;
  if (!a) return;
  const n = missesNow(context);
  enqueue.assign({ listening: { ...context.listening, misses: { askId: a.id, n } } });
  if (n <= MISSES_BEFORE_BUTTONS_ONLY) {
    enqueue.emit(sayWithButtons(context, hintFor(a, event)));
    return;
  }
  if (a.options.length) {
    enqueue.emit(sayWithButtons(context, { key: 'common.reask.tapOrHelp' }));
    return;
  }
  enqueue.emit({ type: 'say', text: hintFor(a, event) });
  enqueue.emit({ type: 'say', text: { key: 'common.reask.stuck' } });
});

/**
 * A sticker, photo or file, or a forwarded message: said so, with the pending question's buttons,
 * or, for a question without buttons (a typed number), the line that says what it wants.
 */
export const unsupportedReply = patientSetup.enqueueActions(({ context, event, enqueue }) => {
  const forwarded = event.type === 'UNSUPPORTED' && event.forwarded;
  enqueue.emit(sayWithButtons(context, { key: forwarded ? 'common.forwarded' : 'common.unsupported' }));
  const a = context.ask;
  if (a && !a.options.length) enqueue.emit({ type: 'say', text: hintFor(a, event) });
});

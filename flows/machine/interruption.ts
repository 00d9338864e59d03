/**
 * The interruption region: which overlay question is open over the conversation, as a state a
 * diagram can show. An overlay question interrupts whatever was asked and then gives it back: the
 * crisis reply's Continue, /delete's confirmation, /language, /pause, /time, /timezone, "do you
 * mean you used again?" and the direct question about risk.
 *
 * The conversation (the `flow` region) asks and answers them: the open question is `context.ask`,
 * the one it interrupted waits in `context.saved` (and `context.hold` parks the next one after
 * PHQ-9 item 9). This region follows the open question, whatever opened or closed it (a command,
 * an answer, a crisis reply, the flow moving on to idle), through one choice state: it has no
 * actions of its own, so it changes nothing the conversation does, and it is never stored (the
 * engine derives it again from the context when a snapshot is restored, see `interruptionOf`).
 */
import { not } from 'xstate';
import { openInterruption } from './guards.js';
import type { PatientSetup } from './machineSetup.js';
import { FIELDS, isOverlayField, type OverlayField } from './questions.js';
import type { PatientContext } from './types.js';

/** The overlay questions, in the order the interruption region lists them. */
export const OVERLAY_FIELDS: readonly OverlayField[] = FIELDS.filter(isOverlayField);

/** What opens each overlay question and where its answers lead (the region's state descriptions). */
const ABOUT: Record<OverlayField, string> = {
  resume:
    'Continue after a crisis reply that interrupted a question (or held the next one back after PHQ-9 item 9); Continue, or anything the patient writes, gives the question back.',
  deleteConfirm: '/delete: delete everything? Yes erases the patient; no gives the question back.',
  language: '/language without a language: which one? The answer switches it and gives the question back.',
  pauseDays:
    '/pause without days: for how many days? The answer pauses the check-ins (and /resume ends the question); then back.',
  setTime: '/time: at what time? The answer moves the daily check-in and gives the question back.',
  setZone: '/timezone: where? The answer moves the daily check-in and gives the question back.',
  lapseConfirm:
    'Words that may tell of a use: do you mean you used again? Yes is a reported use (active: the lapse flow); no gives the question back.',
  riskCheck:
    'Words that may mean risk: the direct question. Yes is the crisis reply; no gives the question back; no answer alerts the counsellors after a while.',
};

/** The region's state for a context: the overlay question open now, or `none`. */
export function interruptionOf(context: PatientContext): OverlayField | 'none' {
  return openInterruption(context) ?? 'none';
}

/** The interruption region (a parallel region beside the conversation). */
export function interruptionRegion(s: PatientSetup) {
  const changed = { target: 'changed' } as const;
  const overlayStates = Object.fromEntries(
    OVERLAY_FIELDS.map((field) => [
      field,
      s.createStateConfig({
        description: ABOUT[field],
        always: { guard: not({ type: 'interruptionIs', params: { field } }), ...changed },
      }),
    ]),
  ) as Record<OverlayField, ReturnType<PatientSetup['createStateConfig']>>;
  return s.createStateConfig({
    description:
      'Which overlay question is open over the conversation. It follows context.ask, and has no actions of its own.',
    initial: 'none',
    states: {
      none: {
        description: 'No overlay question is open: answers go to the conversation.',
        always: { guard: not({ type: 'interruptionIs', params: { field: null } }), ...changed },
      },
      ...overlayStates,
      changed: {
        description: 'The open overlay question changed: on to its state, or none.',
        always: [
          ...OVERLAY_FIELDS.map(
            (field) => ({ guard: { type: 'interruptionIs', params: { field } }, target: field }) as const,
          ),
          { target: 'none' },
        ],
      },
    },
  });
}

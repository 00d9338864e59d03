/**
 * The machine's side of unreachable patients (see `flows/rules/reachability.ts`): `UNREACHABLE`
 * marks the patient and, once they are set up, tells the counsellors once (a routine alert);
 * `REACHABLE`, delivered by the engine before the first message they send afterwards, clears it.
 */
import type { FlowContent } from '../content/schema.js';
import { alertFor } from './safety.js';
import { patientSetup } from './setup.js';

const { assign, enqueueActions } = patientSetup;

/** Marks the patient unreachable (once per episode); `alert`: tell the counsellors (set-up patients). */
export function markUnreachable(content: FlowContent, alert: boolean) {
  return {
    guard: ({ context }: { context: { unreachableSince?: number | null } }) => !context.unreachableSince,
    actions: enqueueActions(({ event, enqueue }) => {
      enqueue.assign({ unreachableSince: event.now });
      if (alert) enqueue.emit(alertFor(content, 'unreachable', []));
    }),
  };
}

/** The patient wrote again: reachable, with their check-ins back on their usual schedule. */
export const markReachable = assign({ unreachableSince: null });

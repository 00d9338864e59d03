/**
 * The machine's side of unreachable patients (see `flows/rules/reachability.ts`): `UNREACHABLE`
 * marks the patient and, once they are set up, tells the counsellors once (a routine alert);
 * `REACHABLE`, delivered by the engine before the first message they send afterwards, clears it.
 */
import type { FlowContent } from '../content/schema.js';
import { alertFor } from './safety.js';
import { patientSetup, withParams } from './setup.js';

const { assign } = patientSetup;

/** Named actions of reachability, for `machineSetup.ts`. */
export function reachabilityActions(content: FlowContent) {
  return {
    /** Marks the patient unreachable (once per episode); `alert`: tell the counsellors (set-up patients). */
    markUnreachable: withParams<{ alert: boolean }>(({ context, event, enqueue }, params) => {
      if (context.unreachableSince) return;
      enqueue.assign({ unreachableSince: event.now });
      if (params.alert) enqueue.emit(alertFor(content, 'unreachable', []));
    }),
    /** The patient wrote again: reachable, with their check-ins back on their usual schedule. */
    markReachable: assign({ unreachableSince: null }),
  };
}

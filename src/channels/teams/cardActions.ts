/**
 * Universal Actions in Teams (`Action.Execute`, issue 23): an alert's Acknowledge is an
 * `Action.Execute` with the verb `ack`, which Teams sends as an `adaptiveCard/action` invoke; the
 * answer can carry the updated card for the person who pressed it. The older `Action.Submit`
 * payload (`{ action: 'ack', alertId }`) is still read, for cards posted before.
 */
import { z } from 'zod';

/** The invoke Teams sends for an `Action.Execute`. */
export const CARD_ACTION_INVOKE = 'adaptiveCard/action';

/** The verb of an alert's Acknowledge. */
export const ACK_VERB = 'ack';

const actionSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.literal(ACK_VERB),
    data: z.looseObject({ alertId: z.string().regex(/^[\w.+-]{1,48}$/) }),
  }),
});

/** The alert an `adaptiveCard/action` acknowledges, or null for anything else (forged, unknown verb). */
export function parseCardAction(value: unknown): { alertId: string } | null {
  const parsed = actionSchema.safeParse(value);
  return parsed.success ? { alertId: parsed.data.action.data.alertId } : null;
}

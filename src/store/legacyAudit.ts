/**
 * Audit entries written before the audit held no identities (see `src/escalation/auditRefs.ts`)
 * named people and their platform ids. Erasing a patient finds the entries that name theirs.
 */
import type { Address } from '../model/address.js';

/**
 * How the audit entries of earlier versions wrote this patient's platform ids: the actor as
 * `Name [telegram:<id>]`, the chat as `... telegram:<chat id>` at the end of the detail. Each
 * needle ends where the id ends (`]` or the closing quote), so one id never matches a longer one.
 */
export function legacyAuditNeedles(patientId: string, address: Address | undefined): string[] {
  const ids = new Set<string>();
  const [channel, ...rest] = patientId.split(':');
  if (channel && rest.length) ids.add(`${channel}:${rest.join(':')}`);
  if (address) {
    ids.add(`${address.channel}:${address.conversationId}`);
    if (address.userId) ids.add(`${address.channel}:${address.userId}`);
  }
  return [...ids].flatMap((id) => [
    `${JSON.stringify(id).slice(1, -1)}]`,
    `${JSON.stringify(id).slice(1, -1)}"`,
  ]);
}

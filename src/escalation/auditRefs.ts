/**
 * How the audit log names who did something and where, without identities: no names, no platform
 * ids. An erasure then has nothing to look for in the audit beyond the patient's code (replaced by
 * `erased`), and a patient who typed a counsellor command in their own chat leaves no name or id
 * behind. A chat is named by its platform and an opaque hash of its id (the delivery queue's key),
 * so entries about one counsellor chat can be told apart, and matched by an operator who holds the
 * chat's id, but the id cannot be read back from them.
 */
import { chatKey } from '../delivery/deliveryQueue.js';
import type { Address } from '../engine/types.js';

/** A chat for the audit log: `telegram#<hash>`. Use it for counsellor chats and groups only. */
export function auditChat(address: Address): string {
  return `${address.channel}#${chatKey(address)}`;
}

/** Who acted from a registered counsellor chat: `counsellor in telegram#<hash>`. */
export function counsellorActor(address: Address): string {
  return `counsellor in ${auditChat(address)}`;
}

/**
 * Where a refused attempt came from. A one-to-one chat is a person's own (a patient's, usually):
 * only its platform is kept. A group is named by its hash.
 */
export function unregisteredChat(address: Address, oneToOne: boolean | undefined): string {
  return oneToOne
    ? `an unregistered one-to-one ${address.channel} chat`
    : `unregistered ${auditChat(address)}`;
}

/**
 * Caseloads (issue 23, docs/counsellors.md#caseloads): a counsellor chat owns patients. Alerts
 * about a patient it owns go to it first (an urgent one to every counsellor chat too once it has
 * waited a re-alert interval unacknowledged); `/patients` there lists its caseload first; only the
 * owner may export. Chats in the intake rotation take new patients in turn. An owner that is no
 * registered destination, or whose platform is not running, owns nothing as far as alerts go:
 * they reach every chat, as without caseloads.
 */
import type { Address } from '../engine/types.js';
import type { CounsellorDestination } from '../store/store.js';
import { auditChat } from './auditRefs.js';
import type { EscalationContext } from './context.js';
import { type Destinations, sameChat } from './destinations.js';

/** How the store names a counsellor chat: `telegram:-1001234` (a counsellor's, never a patient's). */
export function chatRef(address: Pick<Address, 'channel' | 'conversationId'>): string {
  return `${address.channel}:${address.conversationId}`;
}

/** Who owns whom, as the escalation service asks it. */
export class Caseloads {
  constructor(
    private readonly ctx: EscalationContext,
    private readonly destinations: Destinations,
  ) {}

  /** The registered destination at a chat ref, if it is one. */
  async destinationAt(ref: string): Promise<CounsellorDestination | undefined> {
    return (await this.destinations.list()).find((d) => chatRef(d.address) === ref);
  }

  /**
   * The destination that owns the patient, when it is registered and its platform is running
   * (else alerts go to every chat). Never throws: a store that cannot say means every chat.
   */
  async ownerDestination(patientId: string): Promise<CounsellorDestination | undefined> {
    try {
      const ref = await this.ctx.store.ownerOf(patientId);
      if (!ref) return undefined;
      const dest = await this.destinationAt(ref);
      return dest && this.ctx.delivery.canReach(dest.address) ? dest : undefined;
    } catch (err) {
      this.ctx.log.warn({ err: (err as Error).name }, 'caseload owner unknown; alert goes to every chat');
      return undefined;
    }
  }

  /** True when the patient is owned by a chat other than `address` (a registered, reachable one). */
  async ownedElsewhere(patientId: string, address: Address): Promise<boolean> {
    const owner = await this.ownerDestination(patientId);
    return owner !== undefined && !sameChat(owner.address, address);
  }

  /**
   * A new patient: given to the next chat of the intake rotation, when registered chats take
   * intake (audited as `assign` by the system). Never throws: a patient without an owner is
   * alerted about in every chat, as before caseloads.
   */
  async intake(patientId: string, code: string): Promise<void> {
    const { store, clock, log } = this.ctx;
    try {
      const registered = new Set((await this.destinations.list()).map((d) => chatRef(d.address)));
      const chats = (await store.intakeChats()).filter((c) => registered.has(c));
      if (!chats.length) return;
      const before = await store.ownerOf(patientId);
      const owner = await store.assignInTurn(patientId, chats);
      if (!owner || owner === before) return;
      const dest = await this.destinationAt(owner);
      await store.appendAudit({
        at: clock.now(),
        kind: 'assign',
        actor: 'system',
        patientCode: code,
        detail: `to ${dest ? auditChat(dest.address) : 'a counsellor chat'} (intake in turn)`,
      });
    } catch (err) {
      log.warn({ err: (err as Error).name }, 'a new patient could not be given to an intake chat');
    }
  }

  /** A chat is no counsellor chat any more: its patients have no owner, and it takes no intake. */
  async chatEnded(address: Address): Promise<string[]> {
    const { store } = this.ctx;
    const ref = chatRef(address);
    const patients = await store.caseloadOf(ref);
    for (const id of patients) await store.unassignPatient(id);
    await store.setIntake(ref, false);
    return patients;
  }
}

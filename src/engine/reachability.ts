/**
 * Unreachable patients, the runtime's part (the rule is `flows/rules/reachability.ts`): a message
 * the platform refused for good because its recipient is gone (blocked the bot, the conversation no
 * longer exists) makes the patient unreachable, once the turn that sent it is over. The patient's
 * machine is told with an `UNREACHABLE` timer turn: check-ins held, one routine alert.
 */
import type { PatientContext } from '../../flows/machine/types.js';
import { heldWhileUnreachable } from '../../flows/rules/reachability.js';
import type { Logger } from '../log.js';
import type { PatientStore } from '../store/store.js';
import type { TurnHandler } from './ports.js';
import type { Address, Inbound } from './types.js';

/**
 * What a turn does first for a patient known to be unreachable: `held` (a check-in timer, or
 * another `UNREACHABLE`: nothing to do, nothing written), `reachable` (they wrote: the machine is
 * told `REACHABLE` before their message is read), or nothing (reachable patients, other timers).
 */
export function whileUnreachable(
  context: PatientContext,
  message: Inbound,
): 'held' | 'reachable' | undefined {
  if (!context.unreachableSince) return undefined;
  if (message.kind !== 'timer') return 'reachable';
  const { event } = message;
  return heldWhileUnreachable(event) || event.type === 'UNREACHABLE' ? 'held' : undefined;
}

/** Notes refused recipients during turns and marks their patients unreachable afterwards. */
export class Reachability {
  /** Patients whose own chat refused a message for good during the turn being performed. */
  private readonly refused = new Set<string>();

  constructor(private readonly deps: { store: PatientStore; log: Logger; turns: () => TurnHandler }) {}

  /** A message to the patient's own chat was refused because the recipient is gone. */
  noteRefused(patientId: string): void {
    this.refused.add(patientId);
  }

  /** After a turn (its lock released): marks the patient unreachable if a message was refused. */
  async afterTurn(patientId: string): Promise<void> {
    if (this.refused.delete(patientId)) await this.markUnreachable(patientId);
  }

  /**
   * Tells the patient's machine they cannot be reached (`UNREACHABLE`), unless it knows already.
   * `at`: the address the refused message went to; a patient who has moved to another chat since
   * is left alone. Never throws (logged).
   */
  async markUnreachable(patientId: string, at?: Address): Promise<void> {
    const { store, log, turns } = this.deps;
    try {
      const loaded = await store.loadPatient(patientId);
      if (loaded.status !== 'ok') return;
      const { address, snapshot, code } = loaded.doc;
      if (at && (at.channel !== address.channel || at.conversationId !== address.conversationId)) return;
      if ((snapshot as { context?: PatientContext } | null)?.context?.unreachableSince) return;
      await turns().handle({
        patientId,
        address,
        message: { kind: 'timer', event: { type: 'UNREACHABLE', channel: address.channel } },
      });
      log.info({ patientCode: code }, 'patient unreachable: check-ins held until they write again');
    } catch (err) {
      log.warn({ err: (err as Error).name }, 'could not mark a patient unreachable');
    }
  }
}

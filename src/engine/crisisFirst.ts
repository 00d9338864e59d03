/**
 * Self-harm words never wait for the store. During a Redis outage a turn's first store call waited
 * 2.3–6 s (ioredis retrying a connection that is down) before it failed and the crisis reply went
 * out without the store (`crisisWithoutStore.ts`). Now, for a turn with self-harm words:
 * - when the store is known to be down (its connection is reconnecting), the crisis reply goes
 *   out before the turn even asks for the lock;
 * - otherwise, when the turn has not committed within {@link CRISIS_WAIT_MS} (a store that hangs
 *   rather than refuses, or is very slow), it goes out then. A turn that commits afterwards sends
 *   its own crisis reply as well: twice rather than late.
 * The reply is the same as before and goes out once per update; every other message is unaffected.
 */
import type { Inbound, InboundTurn } from './types.js';

/**
 * How long a turn with self-harm words may wait for the store before the crisis reply goes out
 * without it: far above a turn's p99 (tens of ms), well under the 1 s a crisis reply may take.
 */
export const CRISIS_WAIT_MS = 700;

/** What {@link crisisFirst} needs from the engine. */
export interface CrisisFirstDeps {
  /** True when the message holds self-harm words. */
  urgent(message: Inbound): boolean;
  /** Sends the crisis reply without the store (once per update; never throws). */
  reply(turn: InboundTurn): Promise<unknown>;
  /** False when the store is known to be unreachable right now. */
  storeAvailable(): boolean;
  /** True once the turn has committed (its own crisis reply is on its way). */
  committed(): boolean;
  waitMs?: number;
}

/** Watches one turn; call `stop()` when the turn has ended. */
export function crisisFirst(turn: InboundTurn, deps: CrisisFirstDeps): { stop(): void } {
  if (!deps.urgent(turn.message)) return { stop() {} };
  const send = () => void deps.reply(turn);
  if (!deps.storeAvailable()) {
    send();
    return { stop() {} };
  }
  const timer = setTimeout(() => {
    if (!deps.committed()) send();
  }, deps.waitMs ?? CRISIS_WAIT_MS);
  timer.unref();
  return { stop: () => clearTimeout(timer) };
}

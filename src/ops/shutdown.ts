/**
 * Graceful shutdown helpers: a tracker of the turns in flight (so `App.stop` can wait for them after
 * the channels stopped taking updates) and a bounded wait.
 */
import type { TurnHandler } from '../engine/ports.js';
import type { Inbound, InboundTurn } from '../engine/types.js';

/** Counts the turns running through a {@link TurnHandler} and lets shutdown wait for them. */
export class TurnTracker {
  private running = 0;
  private waiters: (() => void)[] = [];

  /** A handler that runs `handler` and keeps count while it does. */
  wrap(handler: TurnHandler): TurnHandler {
    return {
      ...(handler.isUrgent ? { isUrgent: (message: Inbound) => handler.isUrgent!(message) } : {}),
      // Questions, not turns: nothing for shutdown to wait for.
      storedLocale: (patientId: string) => handler.storedLocale(patientId),
      claimOnce: (key: string, ttlSeconds: number) => handler.claimOnce(key, ttlSeconds),
      handle: async (turn: InboundTurn) => {
        this.running++;
        try {
          await handler.handle(turn);
        } finally {
          this.running--;
          if (this.running === 0) for (const w of this.waiters.splice(0)) w();
        }
      },
    };
  }

  /** Turns running right now. */
  get inFlight(): number {
    return this.running;
  }

  /**
   * Resolves true once no turn runs, or false after `timeoutMs` with turns still running (their
   * commits are safe; their unperformed outbox items are sent by the next start's recovery).
   */
  drain(timeoutMs: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return withTimeout(
      new Promise<true>((resolve) => this.waiters.push(() => resolve(true))),
      timeoutMs,
      false as const,
    );
  }
}

/** Resolves with `work`'s result, or with `fallback` once `ms` passed (the timer never holds the process). */
export function withTimeout<T, F>(work: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

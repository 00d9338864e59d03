/**
 * Waiting for something that happens on its own time (a queue's worker, a webhook's turn, a
 * Redis subscription): one helper, so every wait is bounded and every failure says what it
 * waited for, instead of an anonymous test timeout.
 */

/** How often the predicate is checked. */
const EVERY_MS = 10;

/**
 * Resolves once `predicate()` holds, checking it every 10 ms. Rejects after `ms` with an error
 * naming `what` (a function is asked at that moment, so it can say how far things got). An error
 * thrown by the predicate fails the wait at once: wrap it (`.catch(() => false)`) when an error
 * only means "not yet", as while a store is down.
 */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  what: string | (() => string),
  ms = 8_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) {
      const named = typeof what === 'function' ? what() : what;
      throw new Error(`timed out after ${ms} ms waiting for ${named}`);
    }
    await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
  }
}

/**
 * A clock for the fan-out: held still just before the check-in time while jobs are scheduled (so
 * every patient's check-in job is due the moment the workers start, as at 21:00 in real life),
 * then running at real speed from the check-in time on.
 */
import type { Clock } from '../src/clock.js';

/** A {@link Clock} that is first frozen, then runs. */
export class BenchClock implements Clock {
  private frozenAt: number | null;
  private offset = 0;

  constructor(frozenAt: number) {
    this.frozenAt = frozenAt;
  }

  now(): number {
    return this.frozenAt ?? Date.now() + this.offset;
  }

  /** From now on, runs at real speed, starting at `from`. */
  run(from: number): void {
    this.frozenAt = null;
    this.offset = from - Date.now();
  }
}

/**
 * Readings that `GET /metrics` takes from slow or fallible sources (Redis: the patient count, the
 * outbox, the BullMQ queue). A scrape must answer even while Redis is down, exactly when the error
 * metrics matter: each read is bounded by a timeout, and a source that did not answer in time (or
 * failed) keeps its last known value and is reported stale.
 */
import type { Logger } from '../log.js';
import { withTimeout } from './shutdown.js';

/** How a reading is taken: a number, now or later. */
export type ReadingSource = () => number | Promise<number>;

/** Options of one source. */
export interface ReadingOptions {
  /** A successful reading is reused for this long, ms (e.g. a count that is costly to take). Default 0. */
  ttlMs?: number;
}

interface Slot {
  read: ReadingSource;
  ttlMs: number;
  /** Last known value and when it was read (undefined: never read successfully). */
  value?: number;
  at?: number;
  /** The last attempt failed or did not answer within the bound. */
  stale: boolean;
  /** A read still running, possibly from an earlier scrape, when it began and when its wait ends. */
  pending?: Promise<void>;
  startedAt: number;
  deadline: number;
}

/** A set of named readings, refreshed together with a bound on each read. */
export class BoundedReadings {
  private readonly slots = new Map<string, Slot>();
  private refreshing: Promise<void> | undefined;

  /**
   * @param timeoutMs How long one scrape waits for a source, ms.
   * @param abandonAfterMs A read running this long is given up and a new one may start (a client
   *   settles its commands once the connection is back or retries run out; this is a safety net).
   *   Default 30 × `timeoutMs`.
   */
  constructor(
    private readonly timeoutMs: number,
    private readonly log?: Logger,
    private readonly abandonAfterMs = timeoutMs * 30,
  ) {}

  /** Adds (or replaces, forgetting its old value) the source called `name`. */
  set(name: string, read: ReadingSource, options: ReadingOptions = {}): void {
    this.slots.set(name, { read, ttlMs: options.ttlMs ?? 0, stale: false, startedAt: 0, deadline: 0 });
  }

  /** The names of the sources, in the order they were added. */
  names(): string[] {
    return [...this.slots.keys()];
  }

  /**
   * Reads every source, waiting at most `timeoutMs` for each (in parallel). Callers in the same
   * scrape share one refresh (prom-client collects the metrics concurrently).
   */
  refresh(): Promise<void> {
    this.refreshing ??= Promise.all([...this.slots].map(([name, slot]) => this.refreshOne(name, slot)))
      .then(() => undefined)
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  /** The last known value of `name`; undefined when it was never read. */
  value(name: string): number | undefined {
    return this.slots.get(name)?.value;
  }

  /** True when the last attempt to read `name` failed or took longer than the bound. */
  isStale(name: string): boolean {
    return this.slots.get(name)?.stale ?? false;
  }

  private async refreshOne(name: string, slot: Slot): Promise<void> {
    const now = Date.now();
    if (!slot.stale && slot.at !== undefined && now - slot.at < slot.ttlMs) return;
    // One read at a time per source: while Redis is down, reads queue up in the client's offline
    // queue, and a scrape every 15 s must not add one each time. A read that outlived its bound
    // is not waited for again by the next scrape.
    if (slot.pending && now - slot.startedAt >= this.abandonAfterMs) slot.pending = undefined;
    slot.pending ??= this.startRead(name, slot, now);
    const late = await withTimeout(
      slot.pending.then(() => false),
      Math.max(0, slot.deadline - now),
      true,
    );
    if (late) this.markStale(name, slot, 'timeout');
  }

  private startRead(name: string, slot: Slot, now: number): Promise<void> {
    slot.startedAt = now;
    slot.deadline = now + this.timeoutMs;
    // The answer of a read given up, or of a source replaced since, is not recorded.
    const current = () => this.slots.get(name) === slot && slot.startedAt === now;
    return (async () => slot.read())().then(
      (value) => {
        if (!current()) return;
        slot.pending = undefined;
        if (slot.stale) this.log?.info({ collector: name }, 'metrics: reading available again');
        slot.value = value;
        slot.at = Date.now();
        slot.stale = false;
      },
      (err: unknown) => {
        if (!current()) return;
        slot.pending = undefined;
        this.markStale(name, slot, (err as Error)?.name ?? 'Error');
      },
    );
  }

  private markStale(name: string, slot: Slot, reason: string): void {
    // One line when a source goes stale, not one per scrape for the whole outage.
    if (!slot.stale)
      this.log?.warn(
        { collector: name, reason, lastKnown: slot.value ?? null },
        'metrics: reading unavailable; serving its last known value (is the store reachable?)',
      );
    slot.stale = true;
  }
}

/**
 * Load generators: closed loop (a fixed number of workers, each sending its next turn when the last
 * one finished: measures throughput) and open loop (turns start on a fixed schedule whether or not
 * earlier ones finished: measures latency at a given rate, without coordinated omission — a turn's
 * latency counts from when it was due to start).
 */

/** Latency percentiles in milliseconds. */
export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** What one load run measured (warm-up excluded). */
export interface LoadResult {
  turns: number;
  errors: number;
  seconds: number;
  perSecond: number;
  latencyMs: LatencySummary;
  /** The first error's name and message, if any (never patient text: the benchmark wrote it). */
  firstError?: string;
  /** Every measured latency (ms), for merging runs; not for reports. */
  samples: number[];
}

/** Percentiles of a list of durations (ms). */
export function summarize(samples: number[]): LatencySummary {
  if (!samples.length) return { p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  const s = Float64Array.from(samples).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  const sum = s.reduce((a, b) => a + b, 0);
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s[s.length - 1]!, mean: sum / s.length };
}

class Recorder {
  readonly samples: number[] = [];
  errors = 0;
  firstError: string | undefined;
  constructor(private readonly measureFrom: number) {}

  record(startedAt: number, endedAt: number, err?: unknown): void {
    if (startedAt < this.measureFrom) return;
    if (err !== undefined) {
      this.errors++;
      this.firstError ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return;
    }
    this.samples.push(endedAt - startedAt);
  }

  result(seconds: number): LoadResult {
    const turns = this.samples.length;
    return {
      turns,
      errors: this.errors,
      seconds,
      perSecond: turns / seconds,
      latencyMs: summarize(this.samples),
      ...(this.firstError ? { firstError: this.firstError } : {}),
      samples: this.samples,
    };
  }
}

/** Several runs of the same target as one: turns and seconds add up, latencies are pooled. */
export function mergeResults(runs: LoadResult[]): LoadResult {
  const samples = runs.flatMap((r) => r.samples);
  const seconds = runs.reduce((a, r) => a + r.seconds, 0);
  const firstError = runs.find((r) => r.firstError)?.firstError;
  return {
    turns: samples.length,
    errors: runs.reduce((a, r) => a + r.errors, 0),
    seconds,
    perSecond: samples.length / seconds,
    latencyMs: summarize(samples),
    ...(firstError ? { firstError } : {}),
    samples,
  };
}

/** Options of {@link closedLoop}. */
export interface ClosedLoopOptions {
  workers: number;
  warmupMs: number;
  durationMs: number;
  /** One turn of worker `w` (its `i`th turn). Rejects on failure. */
  turn(w: number, i: number): Promise<void>;
}

/** Runs `workers` loops for warm-up + duration; counts the turns that started after the warm-up. */
export async function closedLoop(o: ClosedLoopOptions): Promise<LoadResult> {
  const t0 = performance.now();
  const measureFrom = t0 + o.warmupMs;
  const end = measureFrom + o.durationMs;
  const rec = new Recorder(measureFrom);
  let lastEnd = measureFrom;
  const worker = async (w: number) => {
    for (let i = 0; performance.now() < end; i++) {
      const start = performance.now();
      let err: unknown;
      await o.turn(w, i).catch((e: unknown) => {
        err = e ?? new Error('turn failed');
      });
      const stop = performance.now();
      rec.record(start, stop, err);
      if (start >= measureFrom) lastEnd = Math.max(lastEnd, stop);
    }
  };
  await Promise.all(Array.from({ length: o.workers }, (_, w) => worker(w)));
  return rec.result((lastEnd - measureFrom) / 1000);
}

/** Options of {@link openLoop}. */
export interface OpenLoopOptions {
  ratePerSecond: number;
  warmupMs: number;
  durationMs: number;
  /** The `i`th turn of the schedule. Rejects on failure. */
  turn(i: number): Promise<void>;
}

/**
 * Starts turn `i` at `t0 + i / rate` (a 1 ms timer catches up if it runs late) for warm-up +
 * duration, then waits for every turn; latency runs from each turn's scheduled start.
 */
export async function openLoop(o: OpenLoopOptions): Promise<LoadResult> {
  const t0 = performance.now();
  const measureFrom = t0 + o.warmupMs;
  const total = Math.floor(((o.warmupMs + o.durationMs) / 1000) * o.ratePerSecond);
  const rec = new Recorder(measureFrom);
  const running: Promise<void>[] = [];
  let started = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * o.ratePerSecond) + 1);
      for (; started < due; started++) {
        const scheduled = t0 + (started / o.ratePerSecond) * 1000;
        running.push(
          o.turn(started).then(
            () => rec.record(scheduled, performance.now()),
            (e: unknown) => rec.record(scheduled, performance.now(), e ?? new Error('turn failed')),
          ),
        );
      }
      if (started >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(running);
  return rec.result(o.durationMs / 1000);
}

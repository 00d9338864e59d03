/**
 * The embedded default scheduler: jobs in this process's memory, run by an unref'd timer loop (so
 * it never keeps the process alive). Time comes from the injected {@link Clock}; tests move a
 * `ManualClock` and call {@link InProcessScheduler.runDue} instead of waiting. Same contract as the
 * BullMQ scheduler; jobs are lost when the process stops (use `REDIS_URL` to keep them).
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { checkinJobs, isPaused, nextOpenOccurrence, type PlannedJob, validatePlan } from './dailyCheckin.js';
import { checkinJobId, digestJobId, onceJobId } from './jobIds.js';
import { localDay, nextDailyAt, parseHhmm } from './localTime.js';
import type { CheckinPlan, DueHandler, DueJob, Scheduler } from './scheduler.js';

interface Entry {
  id: string;
  /** null for the digest. */
  patientId: string | null;
  at: number;
  job: DueJob;
  /** Set for daily check-in jobs. */
  daily?: Pick<PlannedJob, 'kind' | 'day'>;
  attempts: number;
  seq: number;
}

/** Options of the {@link InProcessScheduler}. */
export interface InProcessSchedulerOptions {
  /** Run the timer loop after `start` (default true). Tests may turn it off and call `runDue`. */
  timer?: boolean;
  /** How often the loop looks for due jobs, in real ms (default 1000). */
  pollMs?: number;
  /** Attempts per job before it is dropped with an error log (default 5). */
  maxAttempts?: number;
  /** How long a sent check-in's id is remembered so the same day is never sent twice (default 3 days). */
  firedMemoryMs?: number;
}

const DAY_MS = 86_400_000;

/** In-memory {@link Scheduler}. */
export class InProcessScheduler implements Scheduler {
  private readonly jobs = new Map<string, Entry>();
  private readonly plans = new Map<string, CheckinPlan>();
  /** Ids of daily jobs that already ran → patient id (null for digest) and when. */
  private readonly fired = new Map<string, { patientId: string | null; at: number }>();
  private digest: { time: string; timezone: string } | null = null;
  private handler: DueHandler | null = null;
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private seq = 0;
  private readonly opts: Required<InProcessSchedulerOptions>;

  constructor(
    private readonly clock: Clock,
    private readonly log?: Logger,
    options: InProcessSchedulerOptions = {},
  ) {
    this.opts = { timer: true, pollMs: 1000, maxAttempts: 5, firedMemoryMs: 3 * DAY_MS, ...options };
  }

  async setDailyCheckin(patientId: string, plan: CheckinPlan): Promise<void> {
    validatePlan(plan);
    this.plans.set(patientId, { ...plan });
    const now = this.clock.now();
    const paused = isPaused(plan, now);
    for (const e of [...this.jobs.values()]) {
      if (e.patientId !== patientId || !e.daily) continue;
      // A day whose check-in went out keeps its reminder and day end, unless a pause began.
      const started = this.fired.has(checkinJobId(patientId, 'due', e.daily.day));
      if (paused || !started) this.jobs.delete(e.id);
    }
    await this.scheduleNextDay(patientId, plan, now);
  }

  async scheduleOnce(patientId: string, key: string, at: number, job: DueJob): Promise<void> {
    this.put({ id: onceJobId(patientId, key), patientId, at, job });
  }

  async cancel(patientId: string, key: string): Promise<void> {
    this.jobs.delete(onceJobId(patientId, key));
  }

  async cancelAll(patientId: string, opts: { keep?: string[] } = {}): Promise<void> {
    const kept = new Set((opts.keep ?? []).map((key) => onceJobId(patientId, key)));
    for (const e of [...this.jobs.values()])
      if (e.patientId === patientId && !kept.has(e.id)) this.jobs.delete(e.id);
    for (const [id, f] of [...this.fired]) if (f.patientId === patientId) this.fired.delete(id);
    this.plans.delete(patientId);
  }

  async setDailyDigest(time: string, timezone: string): Promise<void> {
    parseHhmm(time);
    localDay(0, timezone);
    this.digest = { time, timezone };
    for (const e of [...this.jobs.values()]) if (e.job.target === 'digest') this.jobs.delete(e.id);
    this.scheduleDigest(this.clock.now());
  }

  async start(onDue: DueHandler): Promise<void> {
    this.handler = onDue;
    if (this.opts.timer && !this.timer) this.loop();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.chain.catch(() => undefined);
    this.handler = null;
  }

  /**
   * Runs every job due at the clock's now, earliest first, and resolves when they are done; returns
   * how many ran. Safe to call while the timer loop runs (runs never overlap).
   */
  runDue(): Promise<number> {
    const run = this.chain.then(() => this.runOnce());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Alias of {@link InProcessScheduler.runDue}. */
  tick(): Promise<number> {
    return this.runDue();
  }

  /** Inspection for tests and diagnostics: pending jobs, earliest first. */
  pending(patientId?: string): { id: string; at: number; job: DueJob }[] {
    return [...this.jobs.values()]
      .filter((e) => patientId === undefined || e.patientId === patientId)
      .sort((a, b) => a.at - b.at || a.seq - b.seq)
      .map(({ id, at, job }) => ({ id, at, job: structuredClone(job) }));
  }

  private put(e: Omit<Entry, 'attempts' | 'seq'>): void {
    this.jobs.set(e.id, { ...e, job: structuredClone(e.job), attempts: 0, seq: this.seq++ });
  }

  private async scheduleNextDay(patientId: string, plan: CheckinPlan, fromMs: number): Promise<void> {
    const occ = await nextOpenOccurrence(plan, fromMs, (day) =>
      this.fired.has(checkinJobId(patientId, 'due', day)),
    );
    for (const p of checkinJobs(patientId, occ)) {
      if (this.fired.has(p.id)) continue;
      this.put({ id: p.id, patientId, at: p.at, job: p.job, daily: { kind: p.kind, day: p.day } });
    }
  }

  private scheduleDigest(fromMs: number): void {
    if (!this.digest) return;
    const at = nextDailyAt(this.digest.time, this.digest.timezone, fromMs);
    const id = digestJobId(localDay(at, this.digest.timezone));
    if (this.fired.has(id)) {
      this.scheduleDigest(at + 60_000);
      return;
    }
    this.put({ id, patientId: null, at, job: { target: 'digest' } });
  }

  private next(now: number): Entry | undefined {
    let best: Entry | undefined;
    for (const e of this.jobs.values()) {
      if (e.at > now) continue;
      if (!best || e.at < best.at || (e.at === best.at && e.seq < best.seq)) best = e;
    }
    return best;
  }

  private async runOnce(): Promise<number> {
    const handler = this.handler;
    if (!handler) return 0;
    let ran = 0;
    for (let e = this.next(this.clock.now()); e; e = this.next(this.clock.now())) {
      this.jobs.delete(e.id);
      await this.onFire(e);
      ran++;
      try {
        await handler(structuredClone(e.job));
      } catch (err) {
        this.retryOrDrop(e, err);
      }
    }
    this.forgetOldFired();
    return ran;
  }

  /** Bookkeeping when a job fires: remember daily ids, chain the next day / digest. */
  private async onFire(e: Entry): Promise<void> {
    const now = this.clock.now();
    if (e.daily || e.job.target === 'digest') this.fired.set(e.id, { patientId: e.patientId, at: now });
    if (e.daily?.kind === 'due' && e.patientId) {
      const plan = this.plans.get(e.patientId);
      if (plan) await this.scheduleNextDay(e.patientId, plan, Math.max(now, e.at + 1));
    }
    if (e.job.target === 'digest') this.scheduleDigest(Math.max(now, e.at + 60_000));
  }

  private retryOrDrop(e: Entry, err: unknown): void {
    if (this.jobs.has(e.id)) return; // rescheduled meanwhile: the new job wins
    const attempts = e.attempts + 1;
    const log = { jobId: e.id, attempts, err: err instanceof Error ? err.message : String(err) };
    if (attempts >= this.opts.maxAttempts) {
      this.log?.error(log, 'scheduled job failed; giving up');
      return;
    }
    this.log?.warn(log, 'scheduled job failed; will retry');
    const backoff = Math.min(1000 * 2 ** attempts, 5 * 60_000);
    this.jobs.set(e.id, { ...e, at: this.clock.now() + backoff, attempts, seq: this.seq++ });
  }

  private forgetOldFired(): void {
    const cutoff = this.clock.now() - this.opts.firedMemoryMs;
    for (const [id, f] of this.fired) if (f.at < cutoff) this.fired.delete(id);
  }

  private loop(): void {
    this.timer = setTimeout(() => {
      this.runDue()
        .catch((err) => this.log?.error({ err: String(err) }, 'scheduler tick failed'))
        .finally(() => {
          if (this.timer) this.loop();
        });
    }, this.opts.pollMs);
    this.timer.unref();
  }
}

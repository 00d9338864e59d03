/**
 * The scheduler on BullMQ (with `REDIS_URL`): jobs live in Redis as delayed jobs, so a restart loses
 * nothing, and every instance runs a worker. A daily job's id is derived from the patient, the kind
 * and the local date, and BullMQ ignores a job whose id already exists (kept for three days after
 * it ran), so several instances never produce a duplicate check-in. Same contract as the in-process
 * scheduler; tests drive time with a ManualClock and {@link BullmqScheduler.runDue}.
 */
import { type Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { throttledLog } from '../logThrottle.js';
import { createRedisConnection } from '../store/redisConnection.js';
import { checkinJobs, isPaused, nextOpenOccurrence, validatePlan } from './dailyCheckin.js';
import { type CheckinKind, checkinJobId, digestJobId, onceJobId, patientTag } from './jobIds.js';
import { localDay, nextDailyAt, parseHhmm } from './localTime.js';
import {
  type CheckinPlan,
  checkinPlanSchema,
  type DueHandler,
  type DueJob,
  type Scheduler,
} from './scheduler.js';
import { CRASH_RECOVERY, type WorkerTiming } from './workerTiming.js';

/** What a stored job carries. */
interface JobData {
  job: DueJob;
  kind: CheckinKind | 'once' | 'digest';
  day?: string;
  /** A one-off job's key entry (see {@link BullmqScheduler.scheduleOnce}), cleared once it ran. */
  field?: string;
  /** When it is due (epoch ms by the injected clock). */
  at: number;
}

/** Options of the {@link BullmqScheduler}. */
export interface BullmqSchedulerOptions {
  /** Key prefix shared with the store (`REDIS_PREFIX`); BullMQ keys go under `<prefix>bull`. */
  prefix?: string;
  queueName?: string;
  /** Jobs one worker runs at once (default 8; turns for one patient are serialised by the store lock). */
  concurrency?: number;
  /** Attempts per job (default 5, exponential back-off from 1 s). */
  attempts?: number;
  log?: Logger;
  /** Close `connection` in `stop()` (default false). */
  ownsConnection?: boolean;
  /** How soon a job of a dead worker is taken over (default {@link CRASH_RECOVERY}). */
  timing?: WorkerTiming;
}

const KEEP_RAN = { age: 3 * 86_400 };
const UNFINISHED = new Set(['waiting', 'active', 'prioritized', 'waiting-children']);

/** {@link Scheduler} on BullMQ. `connection` must have `maxRetriesPerRequest: null`. */
export class BullmqScheduler implements Scheduler {
  private readonly queue: Queue<JobData>;
  private worker: Worker<JobData> | null = null;
  private readonly prefix: string;
  private readonly queueName: string;
  private readonly log?: Logger;

  constructor(
    private readonly connection: Redis,
    private readonly clock: Clock,
    private readonly options: BullmqSchedulerOptions = {},
  ) {
    this.prefix = options.prefix ?? 'dongyu:';
    this.queueName = options.queueName ?? 'schedule';
    this.log = options.log;
    this.queue = new Queue<JobData>(this.queueName, {
      connection,
      prefix: `${this.prefix}bull`,
      defaultJobOptions: {
        attempts: options.attempts ?? 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: KEEP_RAN,
        removeOnFail: KEEP_RAN,
      },
    });
    // Without a listener BullMQ prints every connection error raw on stderr; during an outage
    // that is several a second (as the worker's below), so both are throttled.
    const queueError = throttledLog(this.log, 'warn', 'scheduler queue error');
    this.queue.on('error', (err) => queueError({ err: err.message }));
  }

  private plansKey(patientId: string) {
    return `${this.prefix}sp:${patientTag(patientId)}`;
  }
  private jobsKey(patientId: string) {
    return `${this.prefix}sj:${patientTag(patientId)}`;
  }
  /** The current job id of each one-off key of a patient. */
  private onceKey(patientId: string) {
    return `${this.prefix}so:${patientTag(patientId)}`;
  }
  private get digestKey() {
    return `${this.prefix}sd`;
  }

  async setDailyCheckin(patientId: string, plan: CheckinPlan): Promise<void> {
    validatePlan(plan);
    await this.connection.set(this.plansKey(patientId), JSON.stringify(plan));
    const now = this.clock.now();
    const paused = isPaused(plan, now);
    for (const id of await this.connection.smembers(this.jobsKey(patientId))) {
      const job = await this.queue.getJob(id);
      if (!job) {
        await this.connection.srem(this.jobsKey(patientId), id);
        continue;
      }
      const { kind, day } = job.data;
      if (kind === 'once' || kind === 'digest' || !day || !(await job.isDelayed())) continue;
      // A day whose check-in went out keeps its reminder and day end, unless a pause began.
      if (paused || !(await this.ran(checkinJobId(patientId, 'due', day)))) await this.remove(id);
    }
    await this.scheduleNextDay(patientId, plan, now);
  }

  /**
   * Schedules a one-off job, replacing the key's pending one. Each scheduling gets a job id of its
   * own (the key's id and the due time), recorded as the key's current job: a job that schedules
   * its own key again while it runs (a re-alert, a session's next step) would otherwise collide
   * with itself, and BullMQ ignores a job whose id exists.
   */
  async scheduleOnce(patientId: string, key: string, at: number, job: DueJob): Promise<void> {
    const field = onceJobId(patientId, key);
    const id = `${field}-${Math.max(0, Math.round(at)).toString(36)}`;
    const previous = await this.connection.hget(this.onceKey(patientId), field);
    if (previous && previous !== id) {
      await this.remove(previous);
      await this.connection.srem(this.jobsKey(patientId), previous);
    }
    await this.add(id, { job, kind: 'once', at, field }, { removeOnComplete: true, removeOnFail: true });
    await this.connection.hset(this.onceKey(patientId), field, id);
    await this.connection.sadd(this.jobsKey(patientId), id);
  }

  async cancel(patientId: string, key: string): Promise<void> {
    const field = onceJobId(patientId, key);
    const id = await this.connection.hget(this.onceKey(patientId), field);
    if (!id) return;
    await this.remove(id);
    await this.connection.hdel(this.onceKey(patientId), field);
    await this.connection.srem(this.jobsKey(patientId), id);
  }

  async cancelAll(patientId: string, opts: { keep?: string[] } = {}): Promise<void> {
    await this.connection.del(this.plansKey(patientId));
    const keep = new Set((opts.keep ?? []).map((key) => onceJobId(patientId, key)));
    const once = keep.size ? await this.connection.hgetall(this.onceKey(patientId)) : {};
    const kept = new Set(Object.entries(once).flatMap(([field, id]) => (keep.has(field) ? [id] : [])));
    if (!kept.size) {
      for (const id of await this.connection.smembers(this.jobsKey(patientId))) await this.remove(id);
      await this.connection.del(this.jobsKey(patientId), this.onceKey(patientId));
      return;
    }
    // The kept keys' entries stay, so each can still be replaced, cancelled and cleared once it ran.
    const removed: string[] = [];
    for (const id of await this.connection.smembers(this.jobsKey(patientId)))
      if (!kept.has(id)) {
        await this.remove(id);
        removed.push(id);
      }
    const dropped = Object.keys(once).filter((field) => !keep.has(field));
    if (removed.length) await this.connection.srem(this.jobsKey(patientId), ...removed);
    if (dropped.length) await this.connection.hdel(this.onceKey(patientId), ...dropped);
  }

  async setDailyDigest(time: string, timezone: string): Promise<void> {
    parseHhmm(time);
    localDay(0, timezone);
    await this.connection.set(this.digestKey, JSON.stringify({ time, timezone }));
    for (const job of await this.queue.getDelayed()) {
      if ((job as Job<JobData>).data?.kind === 'digest' && job.id) await this.remove(job.id);
    }
    await this.scheduleDigest(this.clock.now());
  }

  async start(onDue: DueHandler): Promise<void> {
    if (this.worker) return;
    this.worker = new Worker<JobData>(this.queueName, (job) => this.process(job, onDue), {
      connection: this.connection,
      prefix: `${this.prefix}bull`,
      concurrency: this.options.concurrency ?? 8,
      ...(this.options.timing ?? CRASH_RECOVERY),
    });
    this.worker.on('failed', (job, err) =>
      this.log?.warn(
        { jobId: job?.id, attempts: job?.attemptsMade, err: err.message },
        'scheduled job failed',
      ),
    );
    const workerError = throttledLog(this.log, 'error', 'scheduler worker error');
    this.worker.on('error', (err) => workerError({ err: err.message }));
    await this.worker.waitUntilReady();
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    this.worker = null;
    await this.queue.close();
    if (this.options.ownsConnection) await this.connection.quit().catch(() => this.connection.disconnect());
  }

  /**
   * Runs, earliest first, every job due at the clock's now (promoting it out of BullMQ's real-time
   * delay) and resolves when each has finished or gone back to wait for a retry (a retry runs on a
   * later call, as in the in-process scheduler). For tests with a
   * ManualClock and for catching up by hand; production relies on BullMQ's own delays.
   */
  async runDue(): Promise<number> {
    if (!this.worker) return 0;
    const done = new Set<string>();
    for (;;) {
      const now = this.clock.now();
      const due = (await this.queue.getJobs(['delayed', 'waiting', 'prioritized']))
        .filter(
          (j): j is Job<JobData> => Boolean(j?.id) && !done.has(j.id!) && (j as Job<JobData>).data.at <= now,
        )
        .sort((a, b) => a.data.at - b.data.at || a.timestamp - b.timestamp);
      const next = due[0];
      if (!next?.id) return done.size;
      done.add(next.id);
      if (await next.isDelayed()) await next.promote().catch(() => undefined);
      await this.settled(next.id);
    }
  }

  private async settled(id: string): Promise<void> {
    for (;;) {
      const state = await this.queue.getJobState(id);
      if (!UNFINISHED.has(state)) return;
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  private async process(job: Job<JobData>, onDue: DueHandler): Promise<void> {
    const { kind, job: due } = job.data;
    if (kind === 'due' && due.target === 'patient') {
      const raw = await this.connection.get(this.plansKey(due.patientId));
      const plan = raw === null ? null : readPlan(raw);
      if (plan) {
        const from = Math.max(this.clock.now(), job.data.at + 1);
        await this.scheduleNextDay(due.patientId, plan, from);
      } else if (raw !== null)
        this.log?.error(
          { patientTag: patientTag(due.patientId) },
          'stored check-in plan is unreadable; not rescheduled',
        );
    }
    if (kind === 'digest') await this.scheduleDigest(Math.max(this.clock.now(), job.data.at + 60_000));
    await onDue(due);
    // The key's entry goes with its job, unless the handler scheduled the key anew meanwhile.
    if (kind === 'once' && job.data.field && job.id && 'patientId' in due)
      await this.connection.eval(
        "if redis.call('hget', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('hdel', KEYS[1], ARGV[1]) end return 0",
        1,
        this.onceKey(due.patientId),
        job.data.field,
        job.id,
      );
  }

  private async scheduleNextDay(patientId: string, plan: CheckinPlan, fromMs: number): Promise<void> {
    const occ = await nextOpenOccurrence(plan, fromMs, (day) =>
      this.ran(checkinJobId(patientId, 'due', day)),
    );
    const ids: string[] = [];
    for (const p of checkinJobs(patientId, occ)) {
      await this.add(p.id, { job: p.job, kind: p.kind, day: p.day, at: p.at });
      ids.push(p.id);
    }
    await this.connection.sadd(this.jobsKey(patientId), ...ids);
    await this.pruneIndex(patientId);
  }

  private async scheduleDigest(fromMs: number): Promise<void> {
    const raw = await this.connection.get(this.digestKey);
    if (!raw) return;
    const { time, timezone } = JSON.parse(raw) as { time: string; timezone: string };
    let at = nextDailyAt(time, timezone, fromMs);
    while (await this.ran(digestJobId(localDay(at, timezone)))) at = nextDailyAt(time, timezone, at + 60_000);
    await this.add(digestJobId(localDay(at, timezone)), { job: { target: 'digest' }, kind: 'digest', at });
  }

  /** Adds a job; BullMQ ignores it when a job with this id exists (pending or kept after running). */
  private async add(
    id: string,
    data: JobData,
    opts: { removeOnComplete?: boolean; removeOnFail?: boolean } = {},
  ) {
    const delay = Math.max(0, data.at - this.clock.now());
    await this.queue.add(data.kind, data, { jobId: id, delay, ...opts });
  }

  /** True when the job with this id already started (ran, runs, or failed for good). */
  private async ran(id: string): Promise<boolean> {
    const state = await this.queue.getJobState(id);
    return state === 'completed' || state === 'active' || state === 'failed';
  }

  private async remove(id: string): Promise<void> {
    try {
      await this.queue.remove(id);
    } catch (err) {
      // A running job cannot be removed; it finishes (handlers are idempotent and re-check state).
      this.log?.warn({ jobId: id, err: err instanceof Error ? err.message : String(err) }, 'job not removed');
    }
  }

  /** Drops ids of jobs BullMQ no longer holds from the patient's index. */
  private async pruneIndex(patientId: string): Promise<void> {
    const key = this.jobsKey(patientId);
    const ids = await this.connection.smembers(key);
    if (ids.length < 12) return;
    const gone: string[] = [];
    for (const id of ids) if ((await this.queue.getJobState(id)) === 'unknown') gone.push(id);
    if (gone.length) await this.connection.srem(key, ...gone);
  }
}

/**
 * Creates the BullMQ scheduler from configuration (`REDIS_URL`, `REDIS_PREFIX`) on its own
 * connection (`maxRetriesPerRequest: null`), closed by `stop()`. Throws when `REDIS_URL` is unset.
 */
export function createBullmqScheduler(config: Config, clock: Clock, log?: Logger): BullmqScheduler {
  if (!config.REDIS_URL)
    throw new Error('createBullmqScheduler needs REDIS_URL (e.g. redis://127.0.0.1:6379).');
  const connection = createRedisConnection(config.REDIS_URL, 'bullmq', log, 'dongyu-scheduler');
  return new BullmqScheduler(connection, clock, { prefix: config.REDIS_PREFIX, log, ownsConnection: true });
}

/** A stored plan, validated; null when it cannot be trusted. */
function readPlan(raw: string): CheckinPlan | null {
  try {
    const parsed = checkinPlanSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Benchmark 3, storage: the Redis bytes one patient costs after 90 simulated days. One patient is
 * onboarded and lives 90 days through the real app on the Redis store, time moved by a ManualClock:
 * a daily check-in fired by the scheduler and answered (every eleventh day missed), and a rescue
 * session every fourth day (finished or stopped in turn). Bytes are `MEMORY USAGE` summed over every
 * key the store's key helpers name for that patient. Baseline: the bare document right after
 * onboarding, measured in the same run.
 */
import type { HistoryEntry } from '../flows/history.js';
import { ManualClock } from '../src/clock.js';
import { BullmqScheduler } from '../src/scheduling/bullmqScheduler.js';
import { patientTag } from '../src/scheduling/jobIds.js';
import { nextDailyAt } from '../src/scheduling/localTime.js';
import { createRedisConnection } from '../src/store/redisConnection.js';
import { RedisKeys } from '../src/store/redisKeys.js';
import { RedisStore } from '../src/store/redisStore.js';
import { Harness, onboard, type TestPatient } from '../tests/support/patientHarness.js';
import { adminConnection, deleteUnder, keysUnder, memoryUsage, REDIS_URL, uniquePrefix } from './redisKit.js';

/** Knobs of the storage benchmark. */
export interface StorageOptions {
  days: number;
}

/** The storage figures. */
export interface StorageResult {
  days: number;
  /** Baseline: the patient's document alone, right after onboarding. */
  baselineDocBytes: number;
  /** Every key of the patient right after onboarding. */
  afterOnboardingBytes: number;
  /** Every key of the patient after the simulated days (the figure; target ≤ 4 KB). */
  bytesPerPatient: number;
  ratioToBaseline: number;
  targetBytes: number;
  met: boolean;
  /** Bytes by key kind (doc, history, ...) after the simulated days. */
  byKey: Record<string, number>;
  /** What the simulated days left in the history. */
  history: Record<string, number>;
  /** Answered check-ins and sessions, as driven. */
  driven: { checkins: number; missed: number; sessions: number };
  /**
   * Not in the figure: the BullMQ scheduler's own per-patient keys in a deployment with
   * `REDIS_URL` (plan, job index, pending jobs and the jobs it keeps three days after they ran).
   */
  schedulerBytes: SchedulerBytes;
}

/** The BullMQ scheduler's per-patient keys (shared sorted sets and streams not counted). */
export interface SchedulerBytes {
  total: number;
  planAndIndex: number;
  /** Job hashes held (pending and kept). */
  jobs: number;
}

const DAY_MS = 86_400_000;

/** Presses `value` if the last question offers it; true when pressed. */
async function pressIfOffered(p: TestPatient, value: string): Promise<boolean> {
  const offered = [...p.inbox]
    .reverse()
    .find((m) => m.buttons?.length)
    ?.buttons?.some((b) => b.data.endsWith(`:${value}`));
  if (!offered) return false;
  await p.press(value);
  return true;
}

/** Answers today's check-in with answers that vary by day. */
async function answerCheckin(p: TestPatient, day: number): Promise<void> {
  const craving = 2 + (day % 3);
  await p.say(String(craving));
  await p.say(String(craving + 1));
  await p.say(String(5 + (day % 3)));
  await pressIfOffered(p, ['poor', 'ok', 'good'][day % 3]!);
  const minutes = ['0', '10', '20', '30'][day % 4]!;
  await pressIfOffered(p, minutes);
  if (minutes !== '0') await pressIfOffered(p, ['aerobic', 'resistance', 'mindbody'][day % 3]!);
  await pressIfOffered(p, 'no');
}

/** A rescue session: rated, chosen, then followed to the end or stopped, and rated again. */
async function rescueSession(p: TestPatient, finish: boolean): Promise<void> {
  await p.command('craving');
  await p.say('6');
  if (!(await pressIfOffered(p, 'breathing5'))) await pressIfOffered(p, 'walk15');
  for (let i = 0; i < 4 && finish; i++) if (!(await pressIfOffered(p, 'next'))) break;
  await pressIfOffered(p, 'stop');
  await p.say('4');
}

async function patientBytes(
  redis: ReturnType<typeof adminConnection>,
  keys: RedisKeys,
  patientId: string,
  code: string,
): Promise<Record<string, number>> {
  const named: Record<string, string> = {
    doc: keys.doc(patientId),
    history: keys.history(patientId),
    outboxIds: keys.outboxIds(patientId),
    outboxItems: keys.outboxItems(patientId),
    patientAlerts: keys.patientAlerts(patientId),
    lock: keys.lock(patientId),
    lockQueue: keys.lockQueue(patientId),
    lockAlive: keys.lockAlive(patientId),
    lockTicket: keys.lockTicket(patientId),
    code: keys.code(code),
  };
  const alertIds = await redis.smembers(keys.patientAlerts(patientId));
  const sizes = await memoryUsage(redis, [...Object.values(named), ...alertIds.map((a) => keys.alert(a))]);
  const byKey: Record<string, number> = {};
  for (const [kind, key] of Object.entries(named)) if (sizes.has(key)) byKey[kind] = sizes.get(key)!;
  const alerts = alertIds.reduce((sum, a) => sum + (sizes.get(keys.alert(a)) ?? 0), 0);
  if (alerts) byKey.alerts = alerts;
  return byKey;
}

const total = (byKey: Record<string, number>) => Object.values(byKey).reduce((a, b) => a + b, 0);

/**
 * The BullMQ scheduler's keys for one patient in steady state: a fresh scheduler on the same prefix
 * runs the patient's daily jobs for three days (completed jobs are kept three days), then the plan,
 * the job index and every job it still holds are measured.
 */
async function schedulerBytes(prefix: string, patientId: string): Promise<SchedulerBytes> {
  const connection = createRedisConnection(REDIS_URL, 'bullmq', undefined, 'dongyu-bench-storage');
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0));
  const scheduler = new BullmqScheduler(connection, clock, { prefix, queueName: 'storage-probe' });
  const redis = adminConnection();
  try {
    await scheduler.setDailyCheckin(patientId, {
      time: '21:00',
      timezone: 'Asia/Shanghai',
      pausedUntil: null,
    });
    await scheduler.start(async () => {});
    const firstDue = nextDailyAt('21:00', 'Asia/Shanghai', clock.now());
    for (let day = 0; day < 3; day++) {
      clock.set(firstDue + day * DAY_MS + 3 * 3_600_000 + 1);
      await scheduler.runDue();
    }
    const tag = patientTag(patientId);
    const jobIds = await redis.smembers(`${prefix}sj:${tag}`);
    const plan = total(
      Object.fromEntries(await memoryUsage(redis, [`${prefix}sp:${tag}`, `${prefix}sj:${tag}`])),
    );
    const jobs = await memoryUsage(
      redis,
      jobIds.map((id) => `${prefix}bull:storage-probe:${id}`),
    );
    return { total: plan + total(Object.fromEntries(jobs)), planAndIndex: plan, jobs: jobs.size };
  } finally {
    await scheduler.stop();
    await connection.quit().catch(() => connection.disconnect());
    await redis.quit();
  }
}

/** Runs the storage benchmark and deletes every key it created. */
export async function runStorage(o: StorageOptions, log: (s: string) => void): Promise<StorageResult> {
  const prefix = uniquePrefix('storage');
  const keys = new RedisKeys(prefix);
  const redis = adminConnection();
  let h: Harness | undefined;
  // The store reads the harness's clock, which exists once the harness does.
  const start = Date.UTC(2026, 2, 2, 4, 0, 0);
  const clock = { now: () => h?.clock.now() ?? start };
  const store = new RedisStore(createRedisConnection(REDIS_URL, 'store'), clock, { prefix });
  try {
    h = await Harness.create({}, store);
    const p = h.patient('console:storage-patient', 'en');
    await onboard(p);
    const loaded = await store.loadPatient(p.id);
    if (loaded.status !== 'ok') throw new Error('The storage patient was not stored after onboarding.');
    const code = loaded.doc.code;
    const baselineDocBytes = (await memoryUsage(redis, [keys.doc(p.id)])).get(keys.doc(p.id)) ?? 0;
    const afterOnboardingBytes = total(await patientBytes(redis, keys, p.id, code));

    const driven = { checkins: 0, missed: 0, sessions: 0 };
    const firstDue = nextDailyAt('21:00', 'Asia/Shanghai', h.clock.now());
    for (let day = 0; day < o.days; day++) {
      h.clock.set(firstDue + day * DAY_MS);
      await h.scheduler.runDue();
      if (day % 11 === 5) {
        driven.missed++;
        continue;
      }
      await answerCheckin(p, day);
      driven.checkins++;
      if (day % 4 === 2) {
        await rescueSession(p, driven.sessions % 2 === 0);
        driven.sessions++;
      }
    }
    h.clock.set(firstDue + o.days * DAY_MS - 3_600_000);
    await h.scheduler.runDue();

    const byKey = await patientBytes(redis, keys, p.id, code);
    const bytesPerPatient = total(byKey);
    const history: Record<string, number> = {};
    for (const e of (await store.getHistory(p.id)) as HistoryEntry[]) history[e.t] = (history[e.t] ?? 0) + 1;
    const allKeys = (await keysUnder(redis, prefix)).length;
    log(
      `  ${o.days} days: ${bytesPerPatient} B for the patient's keys (${Object.keys(byKey).length} keys; ` +
        `${allKeys} keys under the prefix in all)`,
    );
    return {
      days: o.days,
      baselineDocBytes,
      afterOnboardingBytes,
      bytesPerPatient,
      ratioToBaseline: bytesPerPatient / baselineDocBytes,
      targetBytes: 4096,
      met: bytesPerPatient <= 4096,
      byKey,
      history,
      driven,
      schedulerBytes: await schedulerBytes(prefix, p.id),
    };
  } finally {
    await h?.close();
    await deleteUnder(redis, prefix);
    await redis.quit();
  }
}

/**
 * Benchmark 2, check-in fan-out: N patients due at the same minute (21:00 Shanghai) go the real
 * way — the BullMQ scheduler fires CHECKIN_DUE → engine turn on the Redis store → outbox → the
 * delivery queue (BullMQ, or in-process) → the Telegram channel → a fake Bot API that enforces
 * Telegram's flood limits. Patients are cloned from onboarded ones straight into the store, and
 * their check-ins scheduled through the scheduler while the clock stands just before 21:00.
 * A time-scale factor k speeds the world up (limits k×30/s and k/s per chat; the queue's limits
 * scaled by the same k), so 100,000 check-ins fit into minutes.
 */
import { type App, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { BullmqDeliveryQueue } from '../src/delivery/bullmqDeliveryQueue.js';
import { DEFAULT_LIMITS, type DeliveryQueue, type RateLimits } from '../src/delivery/deliveryQueue.js';
import { InProcessDeliveryQueue } from '../src/delivery/inProcessDeliveryQueue.js';
import { ChannelDelivery } from '../src/engine/delivery.js';
import { METRIC_NAMES } from '../src/ops/metrics.js';
import { nextDailyAt } from '../src/scheduling/localTime.js';
import { createRedisConnection } from '../src/store/redisConnection.js';
import { FakeBotApi } from '../tests/channels/telegram/fakeBotApi.js';
import { BenchClock } from './benchClock.js';
import { type LogCounts, tallyLogger } from './logTally.js';
import { seedPatients, type Templates, telegramIdentity } from './population.js';
import { adminConnection, deleteUnder, REDIS_URL, uniquePrefix } from './redisKit.js';
import { TELEGRAM_LIMITS, TelegramLimits } from './telegramLimits.js';
import { telegramWebhookEnv } from './webhookClient.js';

/** Knobs of the fan-out. */
export interface FanoutOptions {
  patients: number;
  /** Time-scale factor k. */
  scale: number;
  queue: 'bullmq' | 'inprocess';
  /** The queue's overall rate before scaling (default: the production default, 25/s). */
  queueRate: number;
  /** Give up when no new patient received a check-in for this long (ms). */
  stallMs: number;
}

/** The fan-out's figures. */
export interface FanoutResult {
  options: FanoutOptions;
  setupSeconds: { seed: number; schedule: number };
  /** Scaled limits: what the fake Bot API enforced and what the queue was configured to. */
  limits: { apiPerSecond: number; apiPerChatPerSecond: number; queuePerSecond: number };
  /** From the workers' start until every check-in turn was committed. */
  turnsSeconds: number | null;
  turns: { ok: number; error: number };
  /** Check-in turns committed per second (the producer's rate). */
  turnsPerSecond: number;
  /**
   * What held the delivery rate down: the queue's limit, or the producer (turns committed more
   * slowly than the queue may send: on a slow or busy machine, lower --scale).
   */
  limitedBy: 'queue' | 'turns';
  /** First to last delivered check-in. */
  deliverySeconds: number;
  delivered: number;
  achievedPerSecond: number;
  /** Median of the whole seconds between the first and the last (the steady rate). */
  steadyPerSecond: number;
  fractionOfApiLimit: number;
  fractionOfQueueRate: number;
  rejected429: number;
  lost: number;
  duplicated: number;
  /** What the same fan-out takes at Telegram's real limits (the achieved fraction kept). */
  realWorldMinutes: number;
  targets: { fraction: number; met: { rate: boolean; noneLost: boolean; noneDuplicated: boolean } };
  log: LogCounts;
}

const USER_BASE = 900_000_000;
const CHECKIN = { time: '21:00', timezone: 'Asia/Shanghai' } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function turnCounts(app: App): Promise<{ ok: number; error: number }> {
  const metric = app.metrics.registry.getSingleMetric(METRIC_NAMES.turns);
  const values = metric ? (await metric.get()).values : [];
  const of = (outcome: string) => values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
  return { ok: of('ok') + of('duplicate'), error: of('error') };
}

/** Runs the fan-out and deletes every key it created. */
export async function runFanout(
  templates: Templates,
  o: FanoutOptions,
  log: (s: string) => void,
): Promise<FanoutResult> {
  const prefix = uniquePrefix('fanout');
  const fake = await FakeBotApi.start();
  const limits = new TelegramLimits(fake, o.scale);
  const dueAt = nextDailyAt(CHECKIN.time, CHECKIN.timezone, Date.now() + 60_000);
  const clock = new BenchClock(dueAt - 1_000);
  const { logger, counts } = tallyLogger();
  const delivery = new ChannelDelivery();
  const queueLimits: RateLimits = {
    perSecond: o.queueRate * o.scale,
    // Whole milliseconds: the BullMQ queue keeps the per-chat gap as a Redis PX expiry.
    chatIntervalMs: (a) => Math.ceil(DEFAULT_LIMITS.chatIntervalMs(a) / o.scale),
  };
  const queue: DeliveryQueue =
    o.queue === 'bullmq'
      ? new BullmqDeliveryQueue(
          createRedisConnection(REDIS_URL, 'bullmq', logger, 'dongyu-bench-delivery'),
          delivery,
          { prefix, limits: queueLimits, log: logger, ownsConnection: true },
        )
      : new InProcessDeliveryQueue(
          delivery,
          { now: () => Date.now() },
          {
            limits: queueLimits,
            log: logger,
            rememberIds: o.patients * 2,
          },
        );
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'warn',
    REDIS_URL,
    REDIS_PREFIX: prefix,
    ...telegramWebhookEnv(fake),
  });
  const app = await createApp(config, { clock, logger, delivery, deliveryQueue: queue });
  let started = false;
  try {
    let t = performance.now();
    await seedPatients(app.store, o.patients, (i) => telegramIdentity(USER_BASE + i), {
      templates,
      now: clock.now(),
    });
    const seed = (performance.now() - t) / 1000;
    log(`  seeded ${o.patients} patients in ${seed.toFixed(1)} s`);
    t = performance.now();
    let next = 0;
    const plan = { ...CHECKIN, pausedUntil: null };
    const scheduleWorker = async () => {
      for (let i = next++; i < o.patients; i = next++)
        await app.scheduler.setDailyCheckin(telegramIdentity(USER_BASE + i).patientId, plan);
    };
    await Promise.all(Array.from({ length: 128 }, scheduleWorker));
    const schedule = (performance.now() - t) / 1000;
    log(`  scheduled their check-ins (BullMQ) in ${schedule.toFixed(1)} s`);
    await sleep(1_100); // the last job's 1 s delay runs out: every check-in is due
    clock.run(dueAt);

    const t0 = performance.now();
    await app.start();
    started = true;
    let turnsSeconds: number | null = null;
    let lastCount = 0;
    let lastProgress = performance.now();
    let lastLog = performance.now();
    for (;;) {
      await sleep(500);
      const now = performance.now();
      const reached = limits.perChat.size;
      if (turnsSeconds === null && (await turnCounts(app)).ok >= o.patients) turnsSeconds = (now - t0) / 1000;
      if (reached !== lastCount) {
        lastCount = reached;
        lastProgress = now;
      }
      if (now - lastLog >= 15_000) {
        lastLog = now;
        log(`  … ${reached}/${o.patients} check-ins delivered, ${limits.rejected} × 429`);
      }
      if (reached >= o.patients) {
        await sleep(3_000); // late duplicates would arrive now
        break;
      }
      if (now - lastProgress > o.stallMs) {
        log(`  no progress for ${o.stallMs / 1000} s; stopping with ${reached}/${o.patients}`);
        break;
      }
    }
    const turns = await turnCounts(app);
    const { extraMessages } = limits.chatCounts();
    const deliverySeconds = (limits.lastAt - limits.firstAt) / 1000;
    const achieved = deliverySeconds > 0 ? (limits.accepted - 1) / deliverySeconds : 0;
    const steady = median(limits.perSecondBuckets.slice(1, -1));
    const fraction = achieved / limits.perSecond;
    const lost = o.patients - limits.perChat.size;
    const turnsPerSecond = turns.ok / (turnsSeconds ?? (performance.now() - t0) / 1000);
    return {
      options: o,
      setupSeconds: { seed, schedule },
      limits: {
        apiPerSecond: limits.perSecond,
        apiPerChatPerSecond: TELEGRAM_LIMITS.perChatPerSecond * o.scale,
        queuePerSecond: queueLimits.perSecond,
      },
      turnsSeconds,
      turns,
      turnsPerSecond,
      limitedBy: turnsPerSecond < queueLimits.perSecond ? 'turns' : 'queue',
      deliverySeconds,
      delivered: limits.accepted,
      achievedPerSecond: achieved,
      steadyPerSecond: steady,
      fractionOfApiLimit: fraction,
      fractionOfQueueRate: achieved / queueLimits.perSecond,
      rejected429: limits.rejected,
      lost,
      duplicated: extraMessages,
      realWorldMinutes: o.patients / (fraction * TELEGRAM_LIMITS.perSecond) / 60,
      targets: {
        fraction: 0.95,
        met: { rate: fraction >= 0.95, noneLost: lost === 0, noneDuplicated: extraMessages === 0 },
      },
      log: counts,
    };
  } finally {
    if (started) await app.stop();
    else {
      await queue.stop();
      await app.scheduler.stop();
      await app.store.close();
    }
    limits.detach();
    await fake.close();
    const redis = adminConnection();
    try {
      await deleteUnder(redis, prefix);
    } finally {
      await redis.quit();
    }
  }
}

/**
 * Benchmark 5, urgent-alert latency: from the moment a patient's crisis message is due to be posted
 * to the webhook until the counsellor chat (a Telegram supergroup) receives the urgent alert, under
 * a background of ordinary patient turns (open loop, `backgroundRate` updates/s) and, on Redis,
 * with check-ins already queued in the delivery queue ahead of the alert. Redis runs several app
 * instances on one prefix (updates spread over them, as behind a load balancer); the memory store,
 * one instance, is the baseline. Latency counts from each crisis message's scheduled start (open
 * loop: no coordinated omission).
 */
import { type App, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { BullmqDeliveryQueue } from '../src/delivery/bullmqDeliveryQueue.js';
import { createLogger } from '../src/log.js';
import { createRedisConnection } from '../src/store/redisConnection.js';
import { FakeBotApi } from '../tests/channels/telegram/fakeBotApi.js';
import { textUpdate } from '../tests/channels/telegram/fakeUpdates.js';
import { ButtonMemory, stepAt, toUpdate } from './conversation.js';
import { type LatencySummary, openLoop, summarize } from './load.js';
import { seedPatients, type Templates, telegramIdentity } from './population.js';
import { adminConnection, deleteUnder, REDIS_URL, uniquePrefix } from './redisKit.js';
import { telegramWebhookEnv, WebhookClient } from './webhookClient.js';

/** Knobs of the urgent-alert benchmark. */
export interface UrgentAlertOptions {
  /** Ordinary patient updates per second, over all instances. */
  backgroundRate: number;
  /** Crisis messages per second (each from a different patient). */
  urgentRate: number;
  /** Measured time; crisis messages are sent during it only. */
  durationMs: number;
  /** Background load before the first crisis message. */
  warmupMs: number;
  /** App instances on Redis (one prefix, updates spread round-robin). */
  instances: number;
  /** Patients taking ordinary turns. */
  patients: number;
  /** Messages queued in the delivery queue before the load starts (Redis only). */
  queuedAhead: number;
}

/** Full-run and `--quick` settings. */
export const URGENT_ALERT_DEFAULTS: Record<'full' | 'quick', UrgentAlertOptions> = {
  full: {
    backgroundRate: 500,
    urgentRate: 2,
    durationMs: 20_000,
    warmupMs: 2_000,
    instances: 2,
    patients: 600,
    queuedAhead: 2_000,
  },
  quick: {
    backgroundRate: 200,
    urgentRate: 2,
    durationMs: 4_000,
    warmupMs: 500,
    instances: 2,
    patients: 120,
    queuedAhead: 200,
  },
};

/** One store's figures. */
export interface UrgentAlertRow {
  label: string;
  instances: number;
  crises: number;
  /** Alerts that reached the counsellor chat within the wait after the load. */
  alerted: number;
  /** Scheduled crisis message → the alert's sendMessage at the fake Bot API. */
  alertMs: LatencySummary;
  /** Scheduled crisis message → the webhook's answer. */
  turnMs: LatencySummary;
  background: { perSecond: number; errors: number; p99Ms: number };
}

/** The benchmark's figures. */
export interface UrgentAlertResult {
  options: UrgentAlertOptions;
  baseline: UrgentAlertRow;
  redis: UrgentAlertRow;
  /** Redis p99 from crisis message to counsellor chat. */
  target: { p99Ms: number; met: boolean };
}

const BACKGROUND_BASE = 820_000_000;
const CRISIS_BASE = 830_000_000;
const QUEUED_BASE = 840_000_000;
/** A supergroup: the chat kind whose 3 s gap in the delivery queue used to hold every alert. */
const COUNSELLOR_CHAT = '-1009990001';
/** How long to wait after the load for alerts still on their way. */
const DRAIN_MS = 15_000;
const CODE = /P-[2-9A-HJ-NP-Z]{4,6}/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the benchmark on the memory store (baseline), then on Redis. */
export async function runUrgentAlerts(
  templates: Templates,
  o: UrgentAlertOptions,
  log: (s: string) => void,
): Promise<UrgentAlertResult> {
  const baseline = await runOne('memory', templates, { ...o, instances: 1, queuedAhead: 0 }, log);
  const redis = await runOne('redis', templates, o, log);
  const targetMs = 250;
  return { options: o, baseline, redis, target: { p99Ms: targetMs, met: redis.alertMs.p99 <= targetMs } };
}

async function runOne(
  kind: 'memory' | 'redis',
  templates: Templates,
  o: UrgentAlertOptions,
  log: (s: string) => void,
): Promise<UrgentAlertRow> {
  const fake = await FakeBotApi.start();
  const buttons = new ButtonMemory();
  const alertedAt = new Map<string, number>();
  fake.intercept(({ method, params }) => {
    if (method === 'sendMessage') {
      const chat = String(params.chat_id);
      if (chat === COUNSELLOR_CHAT) {
        const code = CODE.exec(String(params.text))?.[0];
        if (code && String(params.text).includes('🔴') && !alertedAt.has(code))
          alertedAt.set(code, performance.now());
      } else buttons.shownMarkup(chat, params.reply_markup);
    }
    if (fake.calls.length > 2_000) {
      fake.calls.length = 0;
      fake.messages.clear();
    }
    return undefined;
  });
  const prefix = kind === 'redis' ? uniquePrefix('urgent') : undefined;
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    COUNSELLOR_TELEGRAM_CHAT_IDS: COUNSELLOR_CHAT,
    ...telegramWebhookEnv(fake),
    ...(prefix ? { REDIS_URL, REDIS_PREFIX: prefix } : {}),
  });
  const apps: App[] = [];
  const clients: WebhookClient[] = [];
  try {
    for (let i = 0; i < o.instances; i++)
      apps.push(await createApp(config, { logger: createLogger('silent') }));
    const crises = Math.ceil((o.durationMs / 1000) * o.urgentRate);
    await seedPatients(apps[0]!.store, o.patients, (i) => telegramIdentity(BACKGROUND_BASE + i), {
      templates,
    });
    await seedPatients(apps[0]!.store, crises, (i) => telegramIdentity(CRISIS_BASE + i), { templates });
    const codes: string[] = [];
    for (let i = 0; i < crises; i++) {
      const loaded = await apps[0]!.store.loadPatient(`telegram:${CRISIS_BASE + i}`);
      if (loaded.status !== 'ok') throw new Error('A seeded crisis patient could not be read back.');
      codes.push(loaded.doc.code);
    }
    for (const app of apps) clients.push(new WebhookClient((await app.start()).port));
    if (prefix && o.queuedAhead) await queueAhead(prefix, o.queuedAhead);

    const cursor = new Uint32Array(o.patients);
    let updateId = 1;
    const post = (n: number, update: ReturnType<typeof textUpdate>) =>
      clients[n % clients.length]!.deliver({ ...update, update_id: updateId++ } as never);
    const background = openLoop({
      ratePerSecond: o.backgroundRate,
      warmupMs: o.warmupMs,
      durationMs: o.durationMs,
      turn: (i) => {
        const p = i % o.patients;
        const userId = BACKGROUND_BASE + p;
        return post(i, toUpdate(stepAt(cursor[p]!++), userId, 0, 'en', buttons));
      },
    });
    await sleep(o.warmupMs);
    const scheduled: number[] = [];
    const turnMs: number[] = [];
    const t0 = performance.now();
    const sends: Promise<void>[] = [];
    for (let k = 0; k < crises; k++) {
      const at = t0 + (k / o.urgentRate) * 1000;
      await sleep(Math.max(0, at - performance.now()));
      scheduled.push(at);
      const update = textUpdate({
        userId: CRISIS_BASE + k,
        languageCode: 'en',
        text: 'I want to kill myself',
      });
      sends.push(post(k, update).then(() => void turnMs.push(performance.now() - at)));
    }
    const bg = await background;
    await Promise.allSettled(sends);
    const drainEnd = performance.now() + DRAIN_MS;
    while (alertedAt.size < crises && performance.now() < drainEnd) await sleep(20);
    const alertMs = codes.flatMap((code, k) => {
      const at = alertedAt.get(code);
      return at === undefined ? [] : [at - scheduled[k]!];
    });
    const row: UrgentAlertRow = {
      label: kind === 'memory' ? 'memory store, 1 instance' : `Redis, ${o.instances} instances`,
      instances: o.instances,
      crises,
      alerted: alertMs.length,
      alertMs: summarize(alertMs),
      turnMs: summarize(turnMs),
      background: { perSecond: bg.perSecond, errors: bg.errors, p99Ms: bg.latencyMs.p99 },
    };
    log(
      `  ${row.label}: urgent alert p50 ${row.alertMs.p50.toFixed(1)} ms, p99 ${row.alertMs.p99.toFixed(1)} ms ` +
        `(${row.alerted}/${crises} alerted; background ${bg.perSecond.toFixed(0)} updates/s, p99 ${bg.latencyMs.p99.toFixed(1)} ms, ${bg.errors} errors)`,
    );
    return row;
  } finally {
    for (const c of clients) c.close();
    for (const app of apps) await app.stop().catch(() => undefined);
    await fake.close();
    if (prefix) {
      const admin = adminConnection();
      await deleteUnder(admin, prefix).finally(() => admin.quit());
    }
  }
}

/**
 * Queues `count` messages to patients' chats in the apps' delivery queue (as a 21:00 fan-out
 * would), so the alert has a backlog of queued messages to overtake. The apps' workers send them.
 */
async function queueAhead(prefix: string, count: number): Promise<void> {
  const producer = new BullmqDeliveryQueue(
    createRedisConnection(REDIS_URL, 'bullmq'),
    { send: async () => undefined } as never,
    { prefix, ownsConnection: true },
  );
  try {
    for (let i = 0; i < count; i++)
      await producer.enqueue(`ahead-${i}`, telegramIdentity(QUEUED_BASE + i).address, {
        text: 'Time for your check-in.',
      });
  } finally {
    await producer.stop();
  }
}

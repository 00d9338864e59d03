/**
 * Benchmark 4, memory: the resident memory (RSS after garbage collection) of an app process with
 * 100,000 patients stored in Redis versus 1,000 (the baseline), measured in the same run. Each
 * process runs the whole app with `REDIS_URL` in a child process (bench/memoryChild.ts), takes the
 * same number of webhook turns spread over all stored patients and one `/metrics` scrape (which
 * counts every patient), then reports its memory. The process must not hold patients in memory, so
 * the ratio should stay near 1.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../src/clock.js';
import { createRedisConnection } from '../src/store/redisConnection.js';
import { RedisStore } from '../src/store/redisStore.js';
import { FakeBotApi } from '../tests/channels/telegram/fakeBotApi.js';
import { BotApiTap } from './botApiTap.js';
import { stepAt, toUpdate } from './conversation.js';
import type { ChildMemory, ChildMessage } from './memoryChild.js';
import { seedPatients, type Templates, telegramIdentity } from './population.js';
import { adminConnection, deleteUnder, REDIS_URL, uniquePrefix } from './redisKit.js';
import { telegramWebhookEnv, WebhookClient } from './webhookClient.js';

/** Knobs of the memory benchmark. */
export interface MemoryOptions {
  /** Patients stored for the baseline and for the figure. */
  baselinePatients: number;
  patients: number;
  /** Webhook turns each process takes before it is measured. */
  turns: number;
}

/** One measured process. */
export interface MemorySample {
  patients: number;
  seedSeconds: number;
  /** Right after start. */
  startRssBytes: number;
  /** After the turns and the scrape: the figure. */
  rssBytes: number;
  heapUsedBytes: number;
}

/** The memory figures. */
export interface MemoryResult {
  options: MemoryOptions;
  baseline: MemorySample;
  measured: MemorySample;
  /** measured RSS / baseline RSS. */
  ratio: number;
  heapRatio: number;
}

const USER_BASE = 700_000_000;
const CHILD = fileURLToPath(new URL('./memoryChild.ts', import.meta.url));

function startChild(
  config: Record<string, string>,
): Promise<{ child: ChildProcess; port: number; metricsPort: number; memory: ChildMemory }> {
  const child = fork(CHILD, [], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, BENCH_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The memory child exited (${code}) before it was ready.`)));
    child.once('message', (m: ChildMessage) => {
      child.removeAllListeners('exit');
      if (m.type === 'ready') resolve({ child, port: m.port, metricsPort: m.metricsPort, memory: m.memory });
    });
  });
}

function ask(child: ChildProcess): Promise<ChildMemory> {
  return new Promise((resolve) => {
    child.once('message', (m: ChildMessage) => resolve(m.memory));
    child.send({ type: 'measure' });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ type: 'stop' });
  });
}

async function sample(
  patients: number,
  o: MemoryOptions,
  templates: Templates,
  fake: FakeBotApi,
  log: (s: string) => void,
): Promise<MemorySample> {
  const tap = new BotApiTap(fake);
  const prefix = uniquePrefix(`memory-${patients}`);
  const redis = adminConnection();
  try {
    const t = performance.now();
    const store = new RedisStore(createRedisConnection(REDIS_URL, 'store'), new ManualClock(Date.now()), {
      prefix,
    });
    await seedPatients(store, patients, (i) => telegramIdentity(USER_BASE + i), { templates });
    await store.close();
    const seedSeconds = (performance.now() - t) / 1000;
    const {
      child,
      port,
      metricsPort,
      memory: start,
    } = await startChild({
      PORT: '0',
      LOG_LEVEL: 'silent',
      REDIS_URL,
      REDIS_PREFIX: prefix,
      ...telegramWebhookEnv(fake),
    });
    try {
      const client = new WebhookClient(port);
      const cursor = new Map<number, number>();
      let next = 0;
      const worker = async () => {
        for (let i = next++; i < o.turns; i = next++) {
          // A prime stride spreads the turns over every stored patient.
          const index = (i * 7919) % patients;
          const n = cursor.get(index) ?? 0;
          cursor.set(index, n + 1);
          const lang = index % 2 === 1 ? 'zh-hans' : 'en';
          await client.deliver(toUpdate(stepAt(n), USER_BASE + index, i + 1, lang, tap.buttons));
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
      const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      const metrics = await scrape.text();
      const active = /^dongyu_active_patients (\d+)/m.exec(metrics)?.[1];
      if (Number(active) !== patients)
        throw new Error(`/metrics counts ${active} active patients; ${patients} were stored.`);
      client.close();
      const end = await ask(child);
      log(
        `  ${patients} patients: RSS ${(end.rss / 2 ** 20).toFixed(1)} MB ` +
          `(heap ${(end.heapUsed / 2 ** 20).toFixed(1)} MB) after ${o.turns} turns`,
      );
      return {
        patients,
        seedSeconds,
        startRssBytes: start.rss,
        rssBytes: end.rss,
        heapUsedBytes: end.heapUsed,
      };
    } finally {
      await stopChild(child);
    }
  } finally {
    await deleteUnder(redis, prefix);
    await redis.quit();
  }
}

/** Measures the baseline and the figure, one child process each, one after the other. */
export async function runMemory(
  templates: Templates,
  o: MemoryOptions,
  log: (s: string) => void,
): Promise<MemoryResult> {
  const fake = await FakeBotApi.start();
  try {
    const baseline = await sample(o.baselinePatients, o, templates, fake, log);
    const measured = await sample(o.patients, o, templates, fake, log);
    return {
      options: o,
      baseline,
      measured,
      ratio: measured.rssBytes / baseline.rssBytes,
      heapRatio: measured.heapUsedBytes / baseline.heapUsedBytes,
    };
  } finally {
    await fake.close();
  }
}

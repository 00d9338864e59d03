/**
 * A Redis that forgets (restarted without persistence, flushed): instances that knew its
 * deployment marker find it gone, log it, turn not ready, count it in a metric, and the counsellor
 * chats are told once, by one instance; an instance started meanwhile is not ready either. An
 * operator's `npm run redis:ack-reset` makes them all ready again. Driven by `/readyz` (each one
 * checks), not by waiting for the 15-second timer. Runs on the shared Redis under its own prefix
 * (the "flush" deletes that prefix's keys only).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeRedisReset } from '../../src/ops/ackRedisReset.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { type AppDriver, startApp, TelegramPatient } from '../channels/telegram/telegramPatient.js';
import { adminConnection, deleteUnder, REDIS_URL, uniquePrefix } from '../store/redisTestKit.js';
import { spawnProgram } from '../support/program.js';

const admin = adminConnection();
const prefix = uniquePrefix('redisReset');
const GROUP = -1009990123;
let api: FakeBotApi;
const apps: AppDriver[] = [];

beforeAll(async () => {
  api = await FakeBotApi.start();
});

afterAll(async () => {
  for (const a of apps) await a.stop().catch(() => undefined);
  await api.close();
  await deleteUnder(admin, prefix);
  await admin.quit();
});

async function instance(): Promise<AppDriver> {
  const d = await startApp(api, 'webhook', {
    REDIS_URL,
    REDIS_PREFIX: prefix,
    COUNSELLOR_TELEGRAM_CHAT_IDS: String(GROUP),
  });
  apps.push(d);
  return d;
}

async function ready(d: AppDriver) {
  const res = await fetch(`http://127.0.0.1:${d.port}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function resetGauge(d: AppDriver): Promise<string | undefined> {
  const text = await (await fetch(`http://127.0.0.1:${d.metricsPort}/metrics`)).text();
  return text.split('\n').find((l) => l.startsWith('dongyu_redis_reset_unacknowledged '));
}

const notices = () =>
  api
    .sentTexts(GROUP)
    .filter((m) => m.text.includes("Dongyu's database was reset") || m.text.includes('数据库被重置'));

describe('a Redis that forgot everything', () => {
  it('is detected by every instance, told to the counsellors once, and held until acknowledged', {
    timeout: 60_000,
  }, async () => {
    const a = await instance();
    const b = await instance();
    await new TelegramPatient(api, a, 7_770_001, 'en').say('/start');
    expect((await ready(a)).status).toBe(200);
    expect((await ready(b)).status).toBe(200);

    await deleteUnder(admin, prefix); // what a restart without persistence, or FLUSHDB, does

    const seenByA = await ready(a);
    expect(seenByA.status).toBe(503);
    expect(seenByA.body).toMatchObject({
      status: 'not ready',
      store: 'ok',
      redisReset: { acknowledge: 'npm run redis:ack-reset' },
    });
    expect((await ready(b)).status).toBe(503);
    expect(await resetGauge(a)).toBe('dongyu_redis_reset_unacknowledged 1');
    expect(notices()).toHaveLength(1);
    // What start-up writes is put back: the configured counsellor chat is registered again.
    const chats = (await a.app.store.listCounsellorDestinations()).map((d) => d.address.conversationId);
    expect(chats).toContain(String(GROUP));
    // An instance started before anyone acknowledged it is not ready either.
    const c = await instance();
    expect((await ready(c)).status).toBe(503);

    const said = await acknowledgeRedisReset(REDIS_URL, prefix);
    expect(said).toMatch(/^Acknowledged the Redis reset detected at /);
    for (const d of [a, b, c]) expect((await ready(d)).status).toBe(200);
    expect(await resetGauge(a)).toBe('dongyu_redis_reset_unacknowledged 0');
    expect(notices()).toHaveLength(1);
  });

  it('npm run redis:ack-reset reads REDIS_URL and REDIS_PREFIX and says what it did', {
    timeout: 60_000,
  }, async () => {
    const p = spawnProgram('npm', ['run', '--silent', 'redis:ack-reset'], {
      REDIS_URL,
      REDIS_PREFIX: prefix,
    });
    expect(await p.exited).toBe(0);
    expect(p.stdout.trim()).toBe(
      `No reset was pending under prefix ${prefix}: nothing to acknowledge (recorded anyway).`,
    );
    expect(p.stderr).toBe('');
  });
});

/**
 * Redis goes away mid-run (a proxy in front of the real Redis drops every connection): webhook
 * updates that arrive during the outage get a 5xx, so Telegram delivers them again; after the
 * reconnect the bot answers again, and the re-delivered update is processed exactly once. In long
 * polling mode (no re-delivery: getUpdates has confirmed the update) the bot tries the update
 * again itself until Redis is back.
 */
import type { Update } from 'grammy/types';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { textUpdate } from '../channels/telegram/fakeUpdates.js';
import { until } from '../support/until.js';
import { TcpProxy } from './tcpProxy.js';

const PREFIX = `dongyu-test:faults-outage-${process.pid}:`;
const SECRET = 'outage_secret-0123456789';
let app: App | undefined;
let api: FakeBotApi | undefined;
const proxy = new TcpProxy(6379);

afterEach(async () => {
  await proxy.up().catch(() => undefined);
  await app?.stop().catch(() => undefined);
  await api?.close();
});

afterAll(async () => {
  await proxy.down();
  const redis = new Redis(6379, '127.0.0.1');
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

/** How long a wait across an outage may take: reconnecting backs off for seconds. */
const OUTAGE_MS = 15_000;

/** A check that fails while Redis is down (a refused fetch, a rejected read) means "not yet". */
const tolerant = (check: () => Promise<boolean>) => () => check().catch(() => false);

/**
 * The app on Redis (through the proxy) and the fake Bot API; webhook mode when `webhook`; the
 * BullMQ delivery queue (on its own connection through the proxy) when `bullmq`.
 */
async function startApp(port: number, fake: FakeBotApi, webhook: boolean, bullmq = false): Promise<App> {
  const clock = new ManualClock();
  return createApp(
    loadConfig({
      PORT: '0',
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_PREFIX: PREFIX,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.apiRoot,
      ...(webhook
        ? { TELEGRAM_WEBHOOK_URL: 'https://dongyu.example.org/tg/updates', TELEGRAM_WEBHOOK_SECRET: SECRET }
        : {}),
      DEFAULT_LOCALE: 'en',
    }),
    {
      clock,
      logger: createLogger('silent'),
      scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
      ...(bullmq ? {} : { deliveryQueue: null }),
      // A polled update that failed is tried again at most 2 s apart (in production up to 30 s),
      // so the wait after reconnect does not grow with how long a loaded machine took to notice
      // the outage (with the default doubling, one CI run under load waited past the 15 s limit).
      telegram: { pollRetry: { firstMs: 200, maxMs: 2_000 } },
    },
  );
}

describe('Redis restarted mid-run', () => {
  it('5xx during the outage, answers again after reconnect, re-delivery processed once', async () => {
    const port = await proxy.up();
    api = await FakeBotApi.start();
    app = await startApp(port, api, true);
    const { port: httpPort } = await app.start();
    const base = `http://127.0.0.1:${httpPort}`;
    const post = (update: Update) => api!.deliverWebhook(`${base}/tg/updates`, update, SECRET);
    const update = (text: string) =>
      ({ ...textUpdate({ userId: 31, text, languageCode: 'en' }), update_id: api!.newUpdateId() }) as Update;

    expect(await post(update('/start'))).toBe(200);
    const consent = api.sentTexts(31).length;
    expect(consent).toBe(1);

    await proxy.down();
    const during = update('yes');
    const status = await post(during);
    expect(status).toBeGreaterThanOrEqual(500);
    expect(api.sentTexts(31)).toHaveLength(consent);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);

    await proxy.up();
    await until(
      tolerant(async () => (await fetch(`${base}/readyz`)).status === 200),
      'readiness after reconnect',
      OUTAGE_MS,
    );
    // Telegram delivers the same update again: it is processed now, and only once.
    expect(await post(during)).toBe(200);
    expect(await post(during)).toBe(200);
    const texts = api.sentTexts(31).map((m) => m.text);
    expect(texts).toHaveLength(consent + 1);
    expect(texts.at(-1)).toContain(app.i18n.t('en', 'screening.age'));
  }, 60_000);

  it('long polling: an update that came during the outage is handled after reconnect, once', async () => {
    const port = await proxy.up();
    api = await FakeBotApi.start();
    app = await startApp(port, api, false);
    const { port: httpPort } = await app.start();
    const fake = api;
    const running = app;
    const user = 32;
    fake.pushUpdate(textUpdate({ userId: user, text: '/start', languageCode: 'en' }));
    await until(
      tolerant(async () => fake.sentTexts(user).length === 1),
      'the consent question',
      OUTAGE_MS,
    );
    // The first turn done to the end (its reply marked sent), so the outage cannot catch it halfway
    // (a reply sent but not yet marked is sent again after reconnect, by design).
    await until(
      tolerant(async () => (await running.store.patientsWithPendingOutbox()).length === 0),
      'the first reply marked sent',
      OUTAGE_MS,
    );

    await proxy.down();
    const yes = fake.pushUpdate(textUpdate({ userId: user, text: 'yes', languageCode: 'en' }));
    // The next getUpdates confirms the update: Telegram would not deliver it again.
    await until(
      tolerant(async () => fake.callsTo('getUpdates').some((c) => Number(c.params.offset) > yes)),
      'the update confirmed',
      OUTAGE_MS,
    );
    await until(
      tolerant(async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 503),
      'not ready',
      OUTAGE_MS,
    );
    expect(fake.sentTexts(user)).toHaveLength(1);

    await proxy.up();
    await until(
      tolerant(async () => fake.sentTexts(user).length === 2),
      'the answer after reconnect',
      OUTAGE_MS,
    );
    // A moment for a second, wrong answer to show up; there must be none.
    await new Promise((r) => setTimeout(r, 300));
    const texts = fake.sentTexts(user).map((m) => m.text);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain(app.i18n.t('en', 'screening.age'));
  }, 60_000);
});

describe('self-harm words during a Redis outage', () => {
  it.each(['webhook', 'polling'] as const)(
    '(%s) get the crisis reply at once, once; the urgent alert follows when Redis is back',
    async (mode) => {
      const port = await proxy.up();
      api = await FakeBotApi.start();
      app = await createApp(
        loadConfig({
          PORT: '0',
          REDIS_URL: `redis://127.0.0.1:${port}`,
          REDIS_PREFIX: PREFIX,
          TELEGRAM_BOT_TOKEN: api.token,
          TELEGRAM_API_ROOT: api.apiRoot,
          COUNSELLOR_TELEGRAM_CHAT_IDS: '-100500',
          ...(mode === 'webhook'
            ? {
                TELEGRAM_WEBHOOK_URL: 'https://dongyu.example.org/tg/updates',
                TELEGRAM_WEBHOOK_SECRET: SECRET,
              }
            : {}),
        }),
        {
          clock: new ManualClock(),
          logger: createLogger('silent'),
          scheduler: new InProcessScheduler(new ManualClock(), undefined, { timer: false }),
          deliveryQueue: null,
        },
      );
      const { port: httpPort } = await app.start();
      const fake = api;
      const user = mode === 'webhook' ? 41 : 42;
      const crisisLine = app.i18n.t('zh-CN', 'safety.crisis', { numbers: '' }).split('\n')[0]!;
      const crisisReplies = () => fake.sentTexts(user).filter((m) => m.text.includes(crisisLine)).length;
      const alerts = () => fake.sentTexts(-100500).filter((m) => m.text.includes('🔴')).length;

      await proxy.down();
      const draft = textUpdate({ userId: user, text: '我不想活了', languageCode: 'zh-hans' });
      if (mode === 'webhook') {
        const update = { ...draft, update_id: fake.newUpdateId() } as Update;
        const post = () => fake.deliverWebhook(`http://127.0.0.1:${httpPort}/tg/updates`, update, SECRET);
        // The crisis reply does not wait for the store: it has gone out while the turn is still
        // waiting for Redis (which takes seconds to give up), before the webhook is answered.
        let answered = false;
        const first = post().finally(() => {
          answered = true;
        });
        await until(async () => crisisReplies() === 1, 'the crisis reply during the outage');
        expect(answered).toBe(false);
        expect(await first).toBeGreaterThanOrEqual(500);
        expect(crisisReplies()).toBe(1);
        // Telegram tries again during the outage: no second emergency reply.
        expect(await post()).toBeGreaterThanOrEqual(500);
        expect(crisisReplies()).toBe(1);
        expect(alerts()).toBe(0);
        await proxy.up();
        await until(
          tolerant(async () => (await post()) === 200),
          'the update processed after reconnect',
          OUTAGE_MS,
        );
      } else {
        fake.pushUpdate(draft);
        await until(
          tolerant(async () => crisisReplies() === 1),
          'the crisis reply during the outage',
          OUTAGE_MS,
        );
        expect(alerts()).toBe(0);
        await proxy.up();
      }
      await until(
        tolerant(async () => alerts() === 1),
        'the urgent alert once Redis is back',
        OUTAGE_MS,
      );
    },
    60_000,
  );
});

/** The value of one sample line (`name{labels} value`) in Prometheus text, or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('/metrics during a Redis outage', () => {
  it('answers at once with the turn errors; store and queue readings keep their last value, marked stale', async () => {
    const port = await proxy.up();
    api = await FakeBotApi.start();
    app = await startApp(port, api, true, true);
    const { port: httpPort, metricsPort } = await app.start();
    const base = `http://127.0.0.1:${httpPort}`;
    const post = (text: string) =>
      api!.deliverWebhook(
        `${base}/tg/updates`,
        { ...textUpdate({ userId: 33, text, languageCode: 'en' }), update_id: api!.newUpdateId() } as Update,
        SECRET,
      );
    const scrape = async () => {
      const started = Date.now();
      // Prometheus gives up on a scrape after its scrape_timeout (10 s by default).
      const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`, {
        signal: AbortSignal.timeout(5_000),
      });
      return { status: res.status, body: await res.text(), ms: Date.now() - started };
    };

    expect(await post('/start')).toBe(200);
    const before = await scrape();
    const patients = sample(before.body, 'dongyu_active_patients');
    expect(patients).toBeGreaterThan(0);
    expect(sample(before.body, 'dongyu_queue_depth', 'queue="delivery"')).toBe(0);
    expect(sample(before.body, 'dongyu_metrics_stale', 'collector="queue_delivery"')).toBe(0);

    await proxy.down();
    expect(await post('yes')).toBeGreaterThanOrEqual(500);
    for (let i = 0; i < 2; i++) {
      const during = await scrape();
      expect(during.status).toBe(200);
      expect(during.ms).toBeLessThan(2_000);
      expect(sample(during.body, 'dongyu_turns_total', 'outcome="error"')).toBe(1);
      expect(sample(during.body, 'dongyu_queue_depth', 'queue="outbox"')).toBe(0);
      expect(sample(during.body, 'dongyu_queue_depth', 'queue="delivery"')).toBe(0);
      expect(sample(during.body, 'dongyu_metrics_stale', 'collector="queue_outbox"')).toBe(1);
      expect(sample(during.body, 'dongyu_metrics_stale', 'collector="queue_delivery"')).toBe(1);
      // Counted at most every 30 s: the count taken before the outage is still current.
      expect(sample(during.body, 'dongyu_active_patients')).toBe(patients);
    }

    await proxy.up();
    await until(
      tolerant(
        async () => sample((await scrape()).body, 'dongyu_metrics_stale', 'collector="queue_delivery"') === 0,
      ),
      'fresh readings after reconnect',
      OUTAGE_MS,
    );
  }, 60_000);
});

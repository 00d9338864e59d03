/**
 * Operations over real HTTP: health and readiness on PORT, metrics on METRICS_PORT, and logs that never carry
 * what a patient wrote, their name, or a token.
 */
import { PassThrough } from 'node:stream';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { textUpdate } from '../channels/telegram/fakeUpdates.js';

const SECRET = 'ops_secret-0123456789';
let app: App | undefined;
let api: FakeBotApi | undefined;

afterEach(async () => {
  await app?.stop();
  await api?.close();
  app = undefined;
  api = undefined;
});

async function start(opts: { store?: MemoryStore; logs?: PassThrough } = {}) {
  api = await FakeBotApi.start();
  const clock = new ManualClock();
  app = await createApp(
    loadConfig({
      PORT: '0',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://dongyu.example.org/tg/updates',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    }),
    {
      clock,
      store: opts.store,
      logger: createLogger('info', opts.logs ?? new PassThrough()),
      scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
    },
  );
  const { port, metricsPort } = await app.start();
  const base = `http://127.0.0.1:${port}`;
  const metricsBase = `http://127.0.0.1:${metricsPort}`;
  const say = (userId: number, text: string, firstName = 'Pat') =>
    api!.deliverWebhook(
      `${base}/tg/updates`,
      { ...textUpdate({ userId, text, firstName }), update_id: api!.newUpdateId() } as Update,
      SECRET,
    );
  return { base, metricsBase, say };
}

describe('health and readiness on PORT, metrics on METRICS_PORT', () => {
  it('/healthz answers while alive; /readyz once started and the store answers', async () => {
    const { base } = await start();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', store: 'ok' });
  });

  it('/readyz is 503 when the store does not answer', async () => {
    const store = new MemoryStore();
    store.ping = async () => {
      throw new Error('down');
    };
    const { base } = await start({ store });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ store: 'unreachable' });
  });

  it('/metrics counts turns and deliveries in Prometheus text format', async () => {
    const { metricsBase, say } = await start();
    expect(await say(42, '/start')).toBe(200);
    const res = await fetch(`${metricsBase}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const body = await res.text();
    expect(body).toMatch(/^dongyu_turns_total\{[^}]*\} 1$/m);
    expect(body).toMatch(/^dongyu_turn_duration_seconds_count\{?[^}]*\}? 1$/m);
    expect(body).toContain('dongyu_deliveries_total');
    expect(body).toContain('dongyu_active_patients');
  });
});

describe('retries inside one Bot API call are counted', () => {
  it('a 429 and a 500 that the client retried show in dongyu_delivery_retries_total; the reply goes once', {
    timeout: 30_000,
  }, async () => {
    const { metricsBase, say } = await start();
    api!.failNext(1, { errorCode: 429, retryAfter: 0, method: 'sendMessage' });
    api!.failNext(1, { errorCode: 500, method: 'sendMessage' });
    expect(await say(43, '/start')).toBe(200);
    expect(api!.sentTexts('43')).toHaveLength(1);
    const body = await (await fetch(`${metricsBase}/metrics`)).text();
    expect(body).toMatch(/^dongyu_delivery_retries_total\{channel="telegram",reason="rate_limited"\} 1$/m);
    expect(body).toMatch(/^dongyu_delivery_retries_total\{channel="telegram",reason="temporary"\} 1$/m);
    expect(body).toMatch(/^dongyu_deliveries_total\{channel="telegram",result="sent"\} 1$/m);
    expect(body).not.toMatch(/^dongyu_deliveries_total\{channel="telegram",result="failed"\}/m);
  });
});

describe('logs never carry what a patient wrote, their name, or a token (info level)', () => {
  it('a whole conversation through the webhook leaves no trace of content in the logs', async () => {
    const logs = new PassThrough();
    let captured = '';
    logs.on('data', (d) => {
      captured += d;
    });
    const { say } = await start({ logs });
    const secretText = 'my secret diary 我的秘密日记';
    await say(7, '/start', 'Zhang Wei 张伟');
    await say(7, secretText, 'Zhang Wei 张伟');
    await say(7, 'I want to kill myself', 'Zhang Wei 张伟');
    await app!.stop();
    app = undefined;
    expect(captured.length).toBeGreaterThan(0);
    for (const forbidden of [secretText, 'kill myself', 'Zhang Wei', '张伟', api!.token, SECRET]) {
      expect(captured).not.toContain(forbidden);
    }
  });
});

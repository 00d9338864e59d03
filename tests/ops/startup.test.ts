/**
 * Start-up order: the HTTP server binds `PORT` before any channel takes an update. A port already
 * in use ends the start with one line that names PORT (exit 1, no stack trace) before Telegram
 * was even asked for updates (a polled update is confirmed by the next getUpdates: a process that
 * then died would lose it). While the channels are still starting, the probes answer and webhook
 * updates are refused with 503, to be delivered again.
 */
import net, { type AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { ListenError } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { textUpdate } from '../channels/telegram/fakeUpdates.js';
import { PROGRAM, spawnProgram } from '../support/program.js';
import { GatedProxy } from './gatedProxy.js';

const SECRET = 'startup_secret-0123456789';
const WEBHOOK_PATH = '/tg/updates';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Something else listening on a free port (as another program would), closed after the test. */
async function occupiedPort(): Promise<number> {
  const other = net.createServer();
  await new Promise<void>((resolve) => other.listen(0, '0.0.0.0', resolve));
  cleanups.push(() => new Promise((resolve) => other.close(resolve)));
  return (other.address() as AddressInfo).port;
}

/** A port nobody listens on right now. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function fakeApi(): Promise<FakeBotApi> {
  const api = await FakeBotApi.start();
  cleanups.push(() => api.close());
  return api;
}

async function appOn(port: number, env: Record<string, string>, store = new MemoryStore()): Promise<App> {
  const clock = new ManualClock();
  const app = await createApp(loadConfig({ PORT: String(port), METRICS_PORT: '0', ...env }), {
    clock,
    store,
    logger: createLogger('silent'),
    scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
  });
  cleanups.push(() => app.stop().catch(() => undefined));
  return app;
}

describe('start-up order', () => {
  it('a port in use fails the start before Telegram is asked for anything (no update consumed)', async () => {
    const api = await fakeApi();
    api.pushUpdate(textUpdate({ userId: 71, text: '/start' }));
    const port = await occupiedPort();
    const app = await appOn(port, { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot });
    const failure = await app.start().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ListenError);
    expect((failure as Error).message).toBe(
      `PORT ${port} is already in use by another process: stop it or choose another PORT`,
    );
    expect(api.callsTo('getUpdates')).toHaveLength(0);
    expect(api.callsTo('getMe')).toHaveLength(0);
  });

  it('a metrics port in use fails the start naming METRICS_PORT, before Telegram is asked for anything', async () => {
    const api = await fakeApi();
    const metricsPort = await occupiedPort();
    const app = await appOn(await freePort(), {
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      METRICS_PORT: String(metricsPort),
      METRICS_HOST: '0.0.0.0',
    });
    const failure = await app.start().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(ListenError);
    expect((failure as Error).message).toBe(
      `METRICS_PORT ${metricsPort} is already in use by another process: stop it or choose another METRICS_PORT`,
    );
    expect(api.callsTo('getMe')).toHaveLength(0);
  });

  it('while the channels start, the port answers: alive, not ready, webhook updates refused (503) until started', async () => {
    const api = await fakeApi();
    // getMe held: the Telegram channel is caught halfway through its start.
    const proxy = await GatedProxy.start(api.apiRoot, (method) => method === 'getMe');
    cleanups.push(() => proxy.close());
    const port = await freePort();
    const store = new MemoryStore();
    const app = await appOn(
      port,
      {
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: proxy.apiRoot,
        TELEGRAM_WEBHOOK_URL: `https://dongyu.example.org${WEBHOOK_PATH}`,
        TELEGRAM_WEBHOOK_SECRET: SECRET,
      },
      store,
    );
    const started = app.start();
    await proxy.waitForHeld();
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ started: false });
    const early = { ...textUpdate({ userId: 72, text: '/start' }), update_id: api.newUpdateId() } as Update;
    expect(await api.deliverWebhook(`${base}${WEBHOOK_PATH}`, early, SECRET)).toBe(503);
    expect(await store.countPatients()).toBe(0);

    proxy.release();
    await started;
    // Telegram delivers it again: now it is handled.
    expect(await api.deliverWebhook(`${base}${WEBHOOK_PATH}`, early, SECRET)).toBe(200);
    expect(api.sentTexts('72')).toHaveLength(1);
  });

  it('the program: PORT in use is one line naming PORT, exit 1, no stack trace, nothing polled', {
    timeout: 60_000,
  }, async () => {
    const api = await fakeApi();
    api.pushUpdate(textUpdate({ userId: 73, text: '/start' }));
    const port = await occupiedPort();
    const program = spawnProgram(...PROGRAM, {
      PORT: String(port),
      METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
    });
    cleanups.push(() => program.kill());
    expect(await program.exited).toBe(1);
    expect(program.stderr).toBe(
      `PORT ${port} is already in use by another process: stop it or choose another PORT\n`,
    );
    expect(program.out).not.toContain('long polling started');
    expect(program.out).not.toMatch(/^\s+at /m);
    expect(api.callsTo('getUpdates')).toHaveLength(0);
  });
});

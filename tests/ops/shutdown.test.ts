/**
 * Graceful shutdown: once stopping, Dongyu takes no new updates and is not ready, but the turn in
 * flight finishes (its reply is delivered, its webhook answered 200), the outbox is flushed and the
 * store closed. Checked in-process (App.stop) and on the real program (`src/main.ts`) with SIGTERM.
 */
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { HttpServer } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import { activity } from '../channels/teams/harness.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { textUpdate } from '../channels/telegram/fakeUpdates.js';
import { PROGRAM, spawnProgram } from '../support/program.js';
import { until } from '../support/until.js';
import { GatedProxy } from './gatedProxy.js';

const SECRET = 'shutdown_secret-0123456789';
const WEBHOOK_PATH = '/tg/updates';
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * Resolves once `/readyz` answers 503 with `stopping: true` (shutdown began). The listener must stay
 * open for the whole drain: a refused connection fails the test.
 */
async function untilDraining(port: number): Promise<void> {
  await until(async () => {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => {
      throw new Error('/readyz refused the connection: the HTTP listener closed before the drain ended');
    });
    const body = (await res.json()) as { stopping?: boolean };
    return res.status === 503 && body.stopping === true;
  }, '/readyz to answer 503 with stopping: true');
}

/** What a draining instance answers: alive, not ready, and new updates refused for re-delivery. */
async function expectDraining(port: number, api: FakeBotApi, lateUserId: number): Promise<void> {
  expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ status: 'not ready', stopping: true });
  const late = { ...textUpdate({ userId: lateUserId, text: '/start' }), update_id: api.newUpdateId() };
  expect(await api.deliverWebhook(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, late as Update, SECRET)).toBe(
    503,
  );
}

async function fakeWithGate() {
  const api = await FakeBotApi.start();
  const proxy = await GatedProxy.start(api.apiRoot, (method) => method === 'sendMessage');
  cleanups.push(
    () => api.close(),
    () => proxy.close(),
  );
  return { api, proxy };
}

function update(api: FakeBotApi, text: string): Update {
  return {
    ...textUpdate({ userId: 5150, text, languageCode: 'en' }),
    update_id: api.newUpdateId(),
  } as Update;
}

/**
 * An HTTP server with a `/slow` route that answers when `finish()` is called (`isBusy` resolves
 * once a request reached it) and a `/fast` one that answers at once.
 */
async function slowServer() {
  const server = new HttpServer(createLogger('silent'));
  let finish!: () => void;
  const finished = new Promise<void>((r) => {
    finish = r;
  });
  let busy!: () => void;
  const isBusy = new Promise<void>((r) => {
    busy = r;
  });
  server.route('GET', '/slow', async (_req, res) => {
    busy();
    await finished;
    res.end('done');
  });
  server.route('GET', '/fast', (_req, res) => void res.end('ok'));
  const port = await server.listen(0, '127.0.0.1');
  return { server, port, finish, isBusy };
}

/**
 * The app in webhook mode, its Bot API behind `apiRoot` (the gated proxy), with one `/start`
 * posted: resolves once the turn's reply is being sent (and `answered` with the webhook's status).
 */
async function appWithTurnHeld(
  api: FakeBotApi,
  apiRoot: string,
  store: MemoryStore,
  env: Record<string, string> = {},
) {
  const clock = new ManualClock();
  const app: App = await createApp(
    loadConfig({
      PORT: '0',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: `https://dongyu.example.org${WEBHOOK_PATH}`,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      ...env,
    }),
    {
      clock,
      store,
      logger: createLogger('silent'),
      scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
    },
  );
  const { port } = await app.start();
  const answered = api.deliverWebhook(
    `http://127.0.0.1:${port}${WEBHOOK_PATH}`,
    update(api, '/start'),
    SECRET,
  );
  return { app, port, answered };
}

describe('graceful shutdown', () => {
  it('a keep-alive connection busy when the server closes does not hold the shutdown', async () => {
    const { server, port, finish, isBusy } = await slowServer();
    // fetch keeps connections alive, as Telegram does for its webhook.
    expect(await (await fetch(`http://127.0.0.1:${port}/fast`)).text()).toBe('ok');
    const slow = fetch(`http://127.0.0.1:${port}/slow`).then((r) => r.text());
    await isBusy;
    const closed = server.close();
    finish();
    expect(await slow).toBe('done');
    // Before the fix this waited for the keep-alive timeout (65 s) and the test timed out.
    await closed;
  });

  it('App.stop waits for the turn in flight, delivers its reply and flushes the outbox', async () => {
    const { api, proxy } = await fakeWithGate();
    const clock = new ManualClock();
    const store = new MemoryStore(clock);
    let closedAfterSend: boolean | undefined;
    const close = store.close.bind(store);
    store.close = async () => {
      closedAfterSend = api.sentTexts('5150').length > 0;
      await close();
    };
    const { app, port, answered } = await appWithTurnHeld(api, proxy.apiRoot, store);
    await proxy.waitForHeld();
    let stopped = false;
    const stopping = app.stop().then(() => {
      stopped = true;
    });
    await untilDraining(port);
    expect(stopped).toBe(false);
    proxy.release();
    expect(await answered).toBe(200);
    await stopping;
    expect(api.sentTexts('5150')).toHaveLength(1);
    expect(closedAfterSend).toBe(true);
    expect(await store.pendingOutbox('telegram:5150')).toEqual([]);
    // No new updates once stopped: the port is closed.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('while draining, the server keeps listening: alive, not ready, new webhook updates (Telegram, Teams) refused with 503 and not processed', async () => {
    const { api, proxy } = await fakeWithGate();
    const clock = new ManualClock();
    const store = new MemoryStore(clock);
    const { app, port, answered } = await appWithTurnHeld(api, proxy.apiRoot, store, {
      TEAMS_ALLOW_ANONYMOUS: 'true',
    });
    await proxy.waitForHeld();
    const stopping = app.stop();
    await untilDraining(port);
    await expectDraining(port, api, 6262);
    const teams = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity({ serviceUrl: 'http://127.0.0.1:9/', text: 'hi' })),
    });
    expect(teams.status).toBe(503);
    proxy.release();
    expect(await answered).toBe(200);
    await stopping;
    expect(api.sentTexts('6262')).toHaveLength(0);
    // Only the patient whose update was in flight has state; the late ones were not processed.
    expect(await store.countPatients()).toBe(1);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('HttpServer.drain keeps listening, waits for the requests in flight and ends kept-alive connections after their next response', async () => {
    const { server, port, finish, isBusy } = await slowServer();
    cleanups.push(() => server.close());
    const slow = fetch(`http://127.0.0.1:${port}/slow`).then((r) => r.text());
    await isBusy;
    let drained = false;
    const draining = server.drain().then(() => {
      drained = true;
    });
    const fast = await fetch(`http://127.0.0.1:${port}/fast`);
    expect(await fast.text()).toBe('ok');
    expect(fast.headers.get('connection')).toBe('close');
    expect(drained).toBe(false);
    finish();
    expect(await slow).toBe('done');
    await draining;
  });

  /** Starts the real program in webhook mode against `apiRoot`; resolves once it listens. */
  async function startProgram(command: string, args: string[], apiRoot: string, token: string, env = {}) {
    const program = spawnProgram(command, args, {
      PORT: '0',
      LOG_LEVEL: 'info',
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: `https://dongyu.example.org${WEBHOOK_PATH}`,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      ...env,
    });
    cleanups.push(() => program.kill());
    const { child } = program;
    await until(
      () => program.out.includes('dongyu started') || child.exitCode !== null,
      'the program to start',
      30_000,
    );
    const started = program.out
      .split('\n')
      .filter((l) => l.includes('dongyu started'))
      .map((l) => JSON.parse(l) as { port: number })[0];
    expect(started?.port).toBeGreaterThan(0);
    return Object.assign(program, { port: started!.port });
  }

  // Operators (and process managers) signal what they started: `npm start` must hand SIGTERM on
  // to the program, not die and leave it running (a `sh -c` without exec does exactly that).
  const launchers: [string, string, string[]][] = [
    ['the program itself', ...PROGRAM],
    ['`npm start`', 'npm', ['start']],
  ];

  it.each(launchers)(
    'SIGTERM to %s: the program stops taking updates, finishes the turn in flight and exits 0',
    { timeout: 60_000 },
    async (_name, command, args) => {
      const { api, proxy } = await fakeWithGate();
      const program = await startProgram(command, args, proxy.apiRoot, api.token);
      const answered = api.deliverWebhook(
        `http://127.0.0.1:${program.port}${WEBHOOK_PATH}`,
        update(api, '/start'),
        SECRET,
      );
      await proxy.waitForHeld();
      program.child.kill('SIGTERM');
      await untilDraining(program.port);
      await expectDraining(program.port, api, 6161);
      expect(program.child.exitCode).toBeNull();
      const released = Date.now();
      proxy.release();
      expect(await answered).toBe(200);
      expect(await program.exited).toBe(0);
      // The probes' kept-alive connections did not hold the close (Node's keep-alive is 65 s).
      expect(Date.now() - released).toBeLessThan(10_000);
      expect(api.sentTexts('5150')).toHaveLength(1);
      expect(api.sentTexts('6161')).toHaveLength(0);
      expect(program.out).toContain('dongyu stopped');
    },
  );

  it('a send that never ends does not hold the shutdown past SHUTDOWN_TIMEOUT_SECONDS (exit 1, logged)', {
    timeout: 60_000,
  }, async () => {
    const { api, proxy } = await fakeWithGate();
    const program = await startProgram(...PROGRAM, proxy.apiRoot, api.token, {
      SHUTDOWN_TIMEOUT_SECONDS: '2',
    });
    const answered = api
      .deliverWebhook(`http://127.0.0.1:${program.port}${WEBHOOK_PATH}`, update(api, '/start'), SECRET)
      .catch(() => 0);
    await proxy.waitForHeld(); // and never released: the platform hangs
    const signalled = Date.now();
    program.child.kill('SIGTERM');
    expect(await program.exited).toBe(1);
    expect(Date.now() - signalled).toBeLessThan(15_000);
    expect(program.out).toContain('shutdown did not finish in time');
    expect(await answered).not.toBe(200);
  });
});

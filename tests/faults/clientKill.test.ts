/**
 * Redis drops the app's connection (`CLIENT KILL` on exactly that connection; the shared Redis
 * server keeps running for everyone else), between turns and in the middle of one (committed, its
 * reply held on the way to Telegram), again and again through a whole onboarding over the Telegram
 * webhook. ioredis reconnects and replays what was in flight; an update whose turn failed would get
 * a 5xx and is delivered again, as Telegram does (the proxy outage test covers that path). Every
 * answer gets exactly the replies a run without faults gets: none lost, none twice.
 */
import type { Update } from 'grammy/types';
import type { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { textUpdate } from '../channels/telegram/fakeUpdates.js';
import { GatedProxy } from '../ops/gatedProxy.js';
import { adminConnection, deleteUnder, uniquePrefix } from '../store/redisTestKit.js';
import { TYPED_ONBOARDING } from '../support/onboardingAnswers.js';

const PREFIX = uniquePrefix('faults-clientkill');
const SECRET = 'clientkill_secret-0123456789';
const ANSWERS = TYPED_ONBOARDING.en;
const admin = adminConnection();
const cleanups: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await deleteUnder(admin, PREFIX);
  await admin.quit();
});

/** The app's store connection (private to the store; tests reach in to kill exactly it). */
function storeConnection(app: App): Redis {
  return (app.store as unknown as { redis: Redis }).redis;
}

/** Kills the app's store connection server-side; Redis answers how many connections it killed (1). */
async function killStoreConnection(app: App): Promise<void> {
  const port = storeConnection(app).stream?.localPort;
  expect(port).toBeTypeOf('number');
  expect(await admin.client('KILL', 'ADDR', `127.0.0.1:${port}`)).toBe(1);
}

async function start(apiRoot: string, token: string): Promise<{ app: App; base: string }> {
  const app = await createApp(
    loadConfig({
      PORT: '0',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: PREFIX,
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://dongyu.example.org/tg/updates',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      DEFAULT_LOCALE: 'en',
    }),
    { logger: createLogger('silent') },
  );
  cleanups.push(() => app.stop());
  const { port } = await app.start();
  return { app, base: `http://127.0.0.1:${port}` };
}

/** Delivers an update as Telegram does: again (same update_id) after any 5xx, up to 5 times. */
async function deliver(api: FakeBotApi, base: string, update: Update): Promise<number[]> {
  const statuses: number[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const status = await api.deliverWebhook(`${base}/tg/updates`, update, SECRET);
    statuses.push(status);
    if (status < 500) return statuses;
  }
  return statuses;
}

describe('Redis connection killed mid-run (CLIENT KILL)', () => {
  it('every update of an onboarding gets exactly its reply, with kills between and inside turns', async () => {
    const api = await FakeBotApi.start();
    const gate = await GatedProxy.start(api.apiRoot, () => false);
    cleanups.push(
      () => api.close(),
      () => gate.close(),
    );
    const { app, base } = await start(gate.apiRoot, api.token);
    const update = (userId: number, text: string) =>
      ({ ...textUpdate({ userId, text, languageCode: 'en' }), update_id: api.newUpdateId() }) as Update;

    // The control patient: the same conversation with no faults.
    for (const text of ['/start', ...ANSWERS])
      expect(await deliver(api, base, update(701, text))).toEqual([200]);
    const control = api.sentTexts(701).map((m) => m.text);

    const statuses: number[][] = [];
    for (const [i, text] of ['/start', ...ANSWERS].entries()) {
      if (i % 3 === 0) {
        // Between turns: the next turn meets a dropped connection.
        await killStoreConnection(app);
        statuses.push(await deliver(api, base, update(702, text)));
      } else if (i % 3 === 1) {
        // Inside a turn: committed, its reply on the way to Telegram, then the connection dies.
        gate.arm((method) => method === 'sendMessage');
        const answered = deliver(api, base, update(702, text));
        await gate.waitForHeld();
        await killStoreConnection(app);
        gate.release();
        statuses.push(await answered);
      } else {
        statuses.push(await deliver(api, base, update(702, text)));
      }
    }

    // Every update was processed in the end (a 5xx is followed by a re-delivery that succeeds)...
    for (const s of statuses) expect(s.at(-1)).toBe(200);
    // ...and the patient saw exactly what the control patient saw: nothing lost, nothing twice.
    expect(api.sentTexts(702).map((m) => m.text)).toEqual(control);
    const loaded = await app.store.loadPatient('telegram:702');
    expect(loaded.status).toBe('ok');
    expect(await app.store.pendingOutbox('telegram:702')).toEqual([]);
  }, 120_000);
});

/**
 * A patient's chat that keeps failing (the Bot API answering 502 to every message for them) must
 * not hold back an urgent alert about that patient: not the reply to the crisis message itself, and
 * not an earlier reply still in its retries, which the patient's later updates queue behind.
 */

import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { callbackUpdate, textUpdate, type UpdateDraft } from '../channels/telegram/fakeUpdates.js';
import { until } from '../support/until.js';

const GROUP = -100700;
const PATIENT = 4711;
let api: FakeBotApi | undefined;
let app: App | undefined;

afterEach(async () => {
  await app?.stop();
  await api?.close();
  app = undefined;
  api = undefined;
});

/** The app polling the fake Bot API, where every message to the patient fails as a 502 would. */
async function startPollingApp(telegram: { sendDeadlineMs: number; sendFailFastMs?: number }): Promise<void> {
  api = await FakeBotApi.start({ maxPollMs: 100 });
  app = await createApp(
    loadConfig({
      PORT: '0',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      COUNSELLOR_TELEGRAM_CHAT_IDS: String(GROUP),
    }),
    { logger: createLogger('silent'), telegram: { pollTimeoutSeconds: 0, ...telegram } },
  );
  api.intercept((call) =>
    call.method === 'sendMessage' && String(call.params.chat_id) === String(PATIENT)
      ? { errorCode: 502, description: 'Bad Gateway' }
      : undefined,
  );
  await app.start();
}

describe("a patient's failing chat", () => {
  it('an earlier reply stuck in retries does not hold back the alert for a crisis sent after it (polling)', {
    timeout: 30_000,
  }, async () => {
    await startPollingApp({ sendDeadlineMs: 1_000 });
    api!.pushUpdate(textUpdate({ userId: PATIENT, text: 'hello', languageCode: 'en' }));
    api!.pushUpdate(textUpdate({ userId: PATIENT, text: 'I want to kill myself', languageCode: 'en' }));
    await until(
      () => api!.sentTexts(String(GROUP)).some((m) => m.text.includes('🔴')),
      'the urgent alert',
      10_000,
    );
    // The patient's messages stay in the outbox, to be sent when the chat works again.
    expect(await app!.store.pendingOutbox(`telegram:${PATIENT}`)).not.toEqual([]);
  });

  it('once a reply to the chat failed, its later replies fail fast: a crisis after three messages waits about one deadline, not four', {
    timeout: 30_000,
  }, async () => {
    await startPollingApp({ sendDeadlineMs: 3_000, sendFailFastMs: 200 });
    const started = Date.now();
    for (const text of ['hello', 'are you there?', 'hello?'])
      api!.pushUpdate(textUpdate({ userId: PATIENT, text, languageCode: 'en' }));
    api!.pushUpdate(textUpdate({ userId: PATIENT, text: 'I want to kill myself', languageCode: 'en' }));
    await until(
      () => api!.sentTexts(String(GROUP)).some((m) => m.text.includes('🔴')),
      'the urgent alert',
      15_000,
    );
    // The first reply's whole deadline (3 s), then short tries; without them, about 9 s.
    expect(Date.now() - started).toBeLessThan(6_500);
  });
});

describe("a patient's failing chat, webhook mode", () => {
  const SECRET = 'stuck_chat-0123456789';
  let base = '';

  async function startWebhookApp(): Promise<void> {
    api = await FakeBotApi.start();
    app = await createApp(
      loadConfig({
        PORT: '0',
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.apiRoot,
        TELEGRAM_WEBHOOK_URL: 'https://dongyu.example.org/tg/updates',
        TELEGRAM_WEBHOOK_SECRET: SECRET,
        COUNSELLOR_TELEGRAM_CHAT_IDS: String(GROUP),
      }),
      {
        logger: createLogger('silent'),
        telegram: { webhookAnswerWithinMs: 300, sendDeadlineMs: 2_500 },
      },
    );
    api.intercept((call) =>
      call.method === 'sendMessage' && String(call.params.chat_id) === String(PATIENT)
        ? { errorCode: 502, description: 'Bad Gateway' }
        : undefined,
    );
    const { port } = await app.start();
    base = `http://127.0.0.1:${port}`;
  }

  const deliver = (draft: UpdateDraft, updateId = api!.newUpdateId()) =>
    api!.deliverWebhook(`${base}/tg/updates`, { ...draft, update_id: updateId } as Update, SECRET);

  it('answers 200 only for a committed update: one still queued behind the stuck chat gets 503, so a crash cannot lose it', {
    timeout: 30_000,
  }, async () => {
    await startWebhookApp();
    // The first turn commits at once, then its reply is stuck in retries for the send deadline.
    const first = deliver(textUpdate({ userId: PATIENT, text: 'hello', languageCode: 'en' }));
    await until(() => api!.callsTo('sendMessage').length > 0, 'the first reply attempt', 5_000);
    // The second waits behind it (updates of one chat run one at a time): not committed in time.
    const secondId = api!.newUpdateId();
    const second = deliver(
      textUpdate({ userId: PATIENT, text: 'are you there?', languageCode: 'en' }),
      secondId,
    );
    expect(await first).toBe(200);
    expect(await second).toBe(503);
    // Its handling went on; Telegram's re-delivery is then a duplicate, answered 200 and not run twice.
    await until(
      async () => (await app!.store.loadPatient(`telegram:${PATIENT}`)).status === 'ok',
      'the patient',
    );
    await until(
      async () =>
        (await deliver(
          textUpdate({ userId: PATIENT, text: 'are you there?', languageCode: 'en' }),
          secondId,
        )) === 200,
      'the re-delivery answered 200',
      15_000,
    );
  });

  it('answers a button press at once, though the chat is still busy with an earlier update', {
    timeout: 30_000,
  }, async () => {
    await startWebhookApp();
    void deliver(textUpdate({ userId: PATIENT, text: 'hello', languageCode: 'en' }));
    await until(() => api!.callsTo('sendMessage').length > 0, 'the first reply attempt', 5_000);
    const pressed = Date.now();
    void deliver(callbackUpdate({ userId: PATIENT, data: 'a:x:yes' }));
    await until(() => api!.callsTo('answerCallbackQuery').length > 0, 'the answer to the press', 5_000);
    // Well before the stuck reply's deadline (2.5 s) lets the press's own turn run.
    expect(Date.now() - pressed).toBeLessThan(1_500);
  });
});

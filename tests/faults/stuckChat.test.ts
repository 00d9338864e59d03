/**
 * A patient's chat that keeps failing (the Bot API answering 502 to every message for them) must
 * not hold back an urgent alert about that patient: not the reply to the crisis message itself, and
 * not an earlier reply still in its retries, which the patient's later updates queue behind.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { textUpdate } from '../channels/telegram/fakeUpdates.js';
import { until } from '../channels/telegram/harness.js';

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

describe("a patient's failing chat", () => {
  it('an earlier reply stuck in retries does not hold back the alert for a crisis sent after it (polling)', {
    timeout: 30_000,
  }, async () => {
    api = await FakeBotApi.start({ maxPollMs: 100 });
    app = await createApp(
      loadConfig({
        PORT: '0',
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.apiRoot,
        COUNSELLOR_TELEGRAM_CHAT_IDS: String(GROUP),
      }),
      { logger: createLogger('silent'), telegram: { pollTimeoutSeconds: 0, sendDeadlineMs: 1_000 } },
    );
    // Every message to the patient fails as a 502 would, for as long as the test runs.
    api.intercept((call) =>
      call.method === 'sendMessage' && String(call.params.chat_id) === String(PATIENT)
        ? { errorCode: 502, description: 'Bad Gateway' }
        : undefined,
    );
    await app.start();
    api.pushUpdate(textUpdate({ userId: PATIENT, text: 'hello', languageCode: 'en' }));
    api.pushUpdate(textUpdate({ userId: PATIENT, text: 'I want to kill myself', languageCode: 'en' }));
    await until(
      () => api!.sentTexts(String(GROUP)).some((m) => m.text.includes('🔴')),
      'the urgent alert',
      10_000,
    );
    // The patient's messages stay in the outbox, to be sent when the chat works again.
    expect(await app.store.pendingOutbox(`telegram:${PATIENT}`)).not.toEqual([]);
  });
});

/**
 * Webhook mode: the route on the shared HTTP server, the secret token check, failures answered
 * with 5xx so Telegram re-delivers, and re-deliveries handled once.
 */
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeBotApi } from './fakeBotApi.js';
import { textUpdate, type UpdateDraft } from './fakeUpdates.js';
import { type Harness, startHarness } from './harness.js';

const SECRET = 'test_secret-0123456789';
const PUBLIC_URL = 'https://dongyu.example.org/telegram/hook-7f3k';
let api: FakeBotApi;
let h: Harness;
let hookUrl: string;

const withId = (u: UpdateDraft): Update => ({ ...u, update_id: api.newUpdateId() }) as Update;

beforeAll(async () => {
  api = await FakeBotApi.start();
  h = await startHarness(api, {
    TELEGRAM_WEBHOOK_URL: PUBLIC_URL,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    COUNSELLOR_TELEGRAM_CHAT_IDS: '-777',
  });
  hookUrl = `${h.baseUrl}/telegram/hook-7f3k`;
});

afterAll(async () => {
  await h.stop();
  await api.close();
});

beforeEach(() => {
  h.engine.turns.length = 0;
  h.engine.failWith = undefined;
});

describe('webhook mode', () => {
  it('sets the webhook with the secret and does not poll', () => {
    const [set] = api.callsTo('setWebhook');
    expect(set!.params).toEqual({
      url: PUBLIC_URL,
      secret_token: SECRET,
      allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member'],
    });
    expect(api.callsTo('getUpdates')).toHaveLength(0);
    expect(api.callsTo('deleteWebhook')).toHaveLength(0);
  });

  it('rejects a wrong or missing secret with 401 and processes nothing', async () => {
    const update = withId(textUpdate({ userId: 301, text: 'hi' }));
    expect(await api.deliverWebhook(hookUrl, update, 'wrong_secret-0123456789')).toBe(401);
    expect(await api.deliverWebhook(hookUrl, update, `${SECRET}x`)).toBe(401);
    expect(await api.deliverWebhook(hookUrl, update)).toBe(401);
    expect(h.engine.attempts).toBe(0);
  });

  it('handles an update with the right secret and answers 200', async () => {
    const update = withId(textUpdate({ userId: 302, text: 'hello', languageCode: 'en' }));
    expect(await api.deliverWebhook(hookUrl, update, SECRET)).toBe(200);
    expect(h.engine.turns).toHaveLength(1);
    expect(h.engine.turns[0]).toMatchObject({
      patientId: 'telegram:302',
      deliveryId: String(update.update_id),
      message: { kind: 'text', text: 'hello' },
    });
  });

  it('answers 400 to a body that is no update, and only POST is served', async () => {
    const bad = await fetch(hookUrl, {
      method: 'POST',
      headers: { 'x-telegram-bot-api-secret-token': SECRET, 'content-type': 'application/json' },
      body: '{"hello":',
    });
    expect(bad.status).toBe(400);
    expect((await fetch(hookUrl)).status).toBe(405);
  });

  it('answers 200 to an update missing the fields Telegram always sends (a re-delivery could never succeed)', async () => {
    for (const malformed of [
      { update_id: api.newUpdateId(), message: { message_id: 1, date: 0, text: 'hi', from: { id: 1 } } },
      { update_id: api.newUpdateId(), callback_query: { id: 'q', data: 'x', chat_instance: 'c' } },
      { update_id: api.newUpdateId(), my_chat_member: { date: 0 } },
    ])
      expect(await api.deliverWebhook(hookUrl, malformed as unknown as Update, SECRET)).toBe(200);
    expect(h.engine.turns).toHaveLength(0);
  });

  it('answers 5xx when the turn fails (store down), so Telegram re-delivers, then processes it', async () => {
    const update = withId(textUpdate({ userId: 303, text: '8' }));
    h.engine.failWith = new Error('Redis is not reachable');
    expect(await api.deliverWebhook(hookUrl, update, SECRET)).toBe(503);
    expect(h.engine.turns).toHaveLength(0);
    h.engine.failWith = undefined;
    expect(await api.deliverWebhook(hookUrl, update, SECRET)).toBe(200);
    expect(h.engine.turns.map((t) => t.deliveryId)).toEqual([String(update.update_id)]);
  });

  it('answers 200 when the turn was handled but its reply could not be sent (a re-delivery would not help)', async () => {
    h.engine.reply = () => [{ text: 'welcome' }];
    api.failNext(1, { errorCode: 403, method: 'sendMessage' });
    const update = withId(textUpdate({ userId: 305, text: 'hi' }));
    expect(await api.deliverWebhook(hookUrl, update, SECRET)).toBe(200);
    expect(h.engine.turns).toHaveLength(1);
    h.engine.reply = undefined;
  });

  it('gives a re-delivered patient update the same delivery id (the engine dedupes on it)', async () => {
    const update = withId(textUpdate({ userId: 304, text: 'again' }));
    expect(await api.deliverWebhook(hookUrl, update, SECRET)).toBe(200);
    expect(await api.deliverWebhook(hookUrl, update, SECRET)).toBe(200);
    const ids = h.engine.turns.map((t) => t.deliveryId);
    expect(new Set(ids)).toEqual(new Set([String(update.update_id)]));
  });

  it('hands a re-delivered counsellor update to the desk once', async () => {
    const update = withId(textUpdate({ userId: 40, chatId: -777, text: '/reply P-7F3K hello' }));
    expect(await api.deliverWebhook(hookUrl, update, SECRET)).toBe(200);
    expect(await api.deliverWebhook(hookUrl, update, SECRET)).toBe(200);
    expect(h.desk.inputs.map((i) => i.message)).toEqual([
      { kind: 'command', name: 'reply', args: 'P-7F3K hello' },
    ]);
  });
});

describe('webhook mode, once the channel stopped (graceful shutdown)', () => {
  it('answers 503 to a new update without handling it, so Telegram re-delivers it elsewhere', async () => {
    const stopping = await startHarness(api, {
      TELEGRAM_WEBHOOK_URL: PUBLIC_URL,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
    });
    try {
      await stopping.channel.stop();
      const update = withId(textUpdate({ userId: 399, text: 'hello', languageCode: 'en' }));
      expect(await api.deliverWebhook(`${stopping.baseUrl}/telegram/hook-7f3k`, update, SECRET)).toBe(503);
      expect(stopping.engine.attempts).toBe(0);
    } finally {
      await stopping.stop();
    }
  });
});

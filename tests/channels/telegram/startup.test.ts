/** Start-up: a token Telegram refuses stops start with a message that says what to fix. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TelegramStartError } from '../../../src/channels/telegram/errors.js';
import { FakeBotApi } from './fakeBotApi.js';
import { startHarness } from './harness.js';

let api: FakeBotApi;

beforeAll(async () => {
  api = await FakeBotApi.start({ token: '999:the-real-token' });
});

afterAll(async () => {
  await api.close();
});

it('refuses to start with a token Telegram does not know, naming the variable and not the token', async () => {
  const wrong = Object.create(api, { token: { value: '111:a-wrong-token' } }) as FakeBotApi;
  const err = await startHarness(wrong).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TelegramStartError);
  expect((err as Error).message).toContain('getMe');
  expect((err as Error).message).toContain('401');
  expect((err as Error).message).toContain('TELEGRAM_BOT_TOKEN');
  expect((err as Error).message).not.toContain('a-wrong-token');
});

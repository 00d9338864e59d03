/**
 * Telegram upgrades a group to a supergroup with a new chat id (when it grows, or an admin changes
 * certain settings); messages to the old id then fail with `migrate_to_chat_id`. A counsellor
 * group must not go silent: the destination follows the chat, alerts reach the new id, and an
 * alert that hit the old id is sent again to the new one (once).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../../support/until.js';
import { FakeBotApi } from './fakeBotApi.js';
import { migrationUpdate, textUpdate } from './fakeUpdates.js';
import { type AppDriver, startApp, TelegramPatient } from './telegramPatient.js';

const OLD = -4001;
const NEW = -1004001;
const ENROL = 'enrol-code-123';
let api: FakeBotApi;
let d: AppDriver;

afterEach(async () => {
  await d?.stop();
  await api?.close();
});

const urgent = (chat: number) => api.sentTexts(chat).filter((m) => m.text.includes('🔴'));

async function crisisFrom(userId: number): Promise<void> {
  const p = new TelegramPatient(api, d, userId, 'en');
  await p.say('/start');
  await p.press('yes');
  await p.say('I want to kill myself');
}

async function destinations(): Promise<string[]> {
  return (await d.app.store.listCounsellorDestinations()).map((x) => x.address.conversationId).sort();
}

describe('a counsellor group upgraded to a supergroup', () => {
  it.each(['old', 'new'] as const)(
    'is followed when Telegram tells of the upgrade (service message in the %s chat)',
    async (side) => {
      api = await FakeBotApi.start();
      d = await startApp(api, 'polling', { COUNSELLOR_ENROL_CODE: ENROL });
      await d.deliverThen(
        textUpdate({ userId: 31, chatId: OLD, text: `/counsellor ${ENROL}` }),
        () => api.sentTexts(OLD).length > 0,
      );
      expect(await destinations()).toEqual([String(OLD)]);
      api.pushUpdate(migrationUpdate({ from: OLD, to: NEW, side }));
      await until(async () => (await destinations()).join() === String(NEW), 'the moved destination');
      await crisisFrom(9101);
      await until(() => urgent(NEW).length === 1, 'the urgent alert in the new supergroup');
      expect(urgent(OLD)).toHaveLength(0);
      const audit = await d.app.store.listAudit();
      expect(audit.some((a) => a.kind === 'enrol' && a.detail?.includes('supergroup'))).toBe(true);
    },
  );

  it('is followed when a send to the old id fails with migrate_to_chat_id: the alert goes to the new id once', async () => {
    api = await FakeBotApi.start();
    d = await startApp(api, 'polling', { COUNSELLOR_TELEGRAM_CHAT_IDS: String(OLD) });
    api.intercept(({ method, params }) =>
      method === 'sendMessage' && Number(params.chat_id) === OLD
        ? {
            errorCode: 400,
            description: 'Bad Request: group chat was upgraded to a supergroup chat',
            migrateToChatId: NEW,
          }
        : undefined,
    );
    await crisisFrom(9102);
    await until(() => urgent(NEW).length === 1, 'the urgent alert in the new supergroup');
    // A configured chat that moved is no destination any more (until the configuration names the new id).
    expect(await destinations()).toEqual([String(NEW)]);
    await crisisFrom(9103);
    await until(() => urgent(NEW).length === 2, 'the next alert, straight to the new id');
    expect(api.callsTo('sendMessage').filter((c) => Number(c.params.chat_id) === OLD)).toHaveLength(1);
  });
});

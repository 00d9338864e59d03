/**
 * Menus per audience (issue 23): Telegram shows patients their commands in private chats (en and
 * zh), and each counsellor chat the counsellor commands in its own language, from the moment it is
 * registered (configured at start-up, enrolled with `/counsellor`) until it is not (the bot removed).
 * Groups that are no counsellor chat show none. The whole app over the fake Bot API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNSELLOR_MENU, PATIENT_COMMANDS } from '../../../src/channels/telegram/commands.js';
import { COUNSELLOR_COMMANDS } from '../../../src/escalation/counsellorDesk.js';
import { until } from '../../support/until.js';
import { type BotApiCall, FakeBotApi } from './fakeBotApi.js';
import { botMembershipUpdate, textUpdate } from './fakeUpdates.js';
import { type AppDriver, startApp } from './telegramPatient.js';

const CONFIGURED = -1001110001;
const ENROLLED = -1002220002;
const ENROL_CODE = 'open-sesame-42';

const commandsOf = (call: BotApiCall) =>
  (call.params.commands as { command: string; description: string }[]).map((c) => c.command);
const inChat = (chatId: number) => (call: BotApiCall) =>
  (call.params.scope as { type?: string; chat_id?: number } | undefined)?.chat_id === chatId;

describe('Telegram menus per audience', () => {
  let api: FakeBotApi;
  let d: AppDriver;

  beforeAll(async () => {
    api = await FakeBotApi.start();
    d = await startApp(api, 'webhook', {
      COUNSELLOR_TELEGRAM_CHAT_IDS: String(CONFIGURED),
      COUNSELLOR_ENROL_CODE: ENROL_CODE,
    });
  });

  afterAll(async () => {
    await d.stop();
    await api.close();
  });

  it('shows patients their commands in private chats only, in both languages', async () => {
    await api.waitForCalls('setMyShortDescription', 3);
    const lists = api.callsTo('setMyCommands').filter((c) => !inChat(CONFIGURED)(c));
    expect(lists.map((c) => [c.params.scope, c.params.language_code])).toEqual([
      [{ type: 'all_private_chats' }, undefined],
      [{ type: 'all_private_chats' }, 'en'],
      [{ type: 'all_private_chats' }, 'zh'],
    ]);
    for (const list of lists) expect(commandsOf(list)).toEqual([...PATIENT_COMMANDS]);
    // The default list is what every group without a menu of its own shows: none.
    await until(() => api.callsTo('deleteMyCommands').length >= 3, 'the default lists removed');
    expect(
      api
        .callsTo('deleteMyCommands')
        .filter((c) => c.params.scope === undefined)
        .map((c) => c.params.language_code),
    ).toEqual([undefined, 'en', 'zh']);
  });

  it('shows a configured counsellor chat the counsellor commands from start-up, in DEFAULT_LOCALE', async () => {
    const [call] = await api.waitForCalls((c) => c.method === 'setMyCommands' && inChat(CONFIGURED)(c));
    expect(commandsOf(call!)).toEqual([...COUNSELLOR_MENU]);
    const help = (call!.params.commands as { command: string; description: string }[]).at(-1)!;
    expect(help.description).toBe(d.app.i18n.t('zh-CN', 'telegram.counsellorCommands.help'));
  });

  it('shows an enrolled chat the counsellor commands in the language it chose, and takes them away when the bot is removed', async () => {
    await d.deliverThen(
      textUpdate({ userId: 31, chatId: ENROLLED, text: `/counsellor ${ENROL_CODE} en` }),
      () => api.calls.some((c) => c.method === 'setMyCommands' && inChat(ENROLLED)(c)),
    );
    const set = api.calls.find((c) => c.method === 'setMyCommands' && inChat(ENROLLED)(c))!;
    expect(set.params.scope).toEqual({ type: 'chat', chat_id: ENROLLED });
    expect(commandsOf(set)).toEqual([...COUNSELLOR_MENU]);
    expect((set.params.commands as { description: string }[])[0]!.description).toBe(
      d.app.i18n.t('en', 'telegram.counsellorCommands.patients'),
    );

    await d.deliverThen(
      botMembershipUpdate({ chatId: ENROLLED, botId: api.botId, by: 31, status: 'kicked' }),
      () => api.calls.some((c) => c.method === 'deleteMyCommands' && inChat(ENROLLED)(c)),
    );
    expect(await d.app.desk.isCounsellorChat({ channel: 'telegram', conversationId: String(ENROLLED) })).toBe(
      false,
    );
  });

  it('lists only commands the counsellor desk answers', () => {
    for (const command of COUNSELLOR_MENU)
      expect((COUNSELLOR_COMMANDS as readonly string[]).includes(command), command).toBe(true);
  });
});

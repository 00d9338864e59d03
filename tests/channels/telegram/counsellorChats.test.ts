/**
 * Counsellor chats (configured or enrolled) go to the counsellor desk, never to patient flows;
 * `/counsellor <code>` from any chat reaches the desk; other groups get one short kind note.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../../support/until.js';
import { FakeBotApi } from './fakeBotApi.js';
import { botMembershipUpdate, callbackUpdate, stickerUpdate, textUpdate } from './fakeUpdates.js';
import { type Harness, startHarness } from './harness.js';

const CONFIGURED_GROUP = -1001234567890;
const CONFIGURED_PRIVATE = 555;
let api: FakeBotApi;
let h: Harness;

beforeAll(async () => {
  api = await FakeBotApi.start();
  h = await startHarness(api, { COUNSELLOR_TELEGRAM_CHAT_IDS: `${CONFIGURED_GROUP}, ${CONFIGURED_PRIVATE}` });
});

afterAll(async () => {
  await h.stop();
  await api.close();
});

beforeEach(() => {
  h.desk.inputs.length = 0;
  h.engine.turns.length = 0;
});

describe('counsellor chats', () => {
  it('tells the desk when the bot is removed from a group (left or kicked), and only then', async () => {
    const botId = api.botId;
    api.pushUpdate(botMembershipUpdate({ chatId: -100777, botId, by: 31, status: 'member' }));
    api.pushUpdate(botMembershipUpdate({ chatId: -100777, botId, by: 31, status: 'kicked' }));
    api.pushUpdate(botMembershipUpdate({ chatId: -100778, botId, by: 31, status: 'left' }));
    await until(() => h.desk.removed.length === 2, 'two removals');
    // Different chats are handled in parallel: any order.
    expect([...h.desk.removed].sort((a, b) => a.conversationId.localeCompare(b.conversationId))).toEqual([
      { channel: 'telegram', conversationId: '-100777' },
      { channel: 'telegram', conversationId: '-100778' },
    ]);
    expect(h.desk.inputs).toEqual([]);
    expect(h.engine.turns).toEqual([]);
  });

  it('routes a configured group to the desk with the actor and language', async () => {
    api.pushUpdate(
      textUpdate({
        userId: 31,
        chatId: CONFIGURED_GROUP,
        text: '/patients',
        languageCode: 'zh-hans',
        firstName: '李',
      }),
    );
    await until(() => h.desk.inputs.length === 1, 'the desk input');
    expect(h.desk.inputs[0]).toEqual({
      address: { channel: 'telegram', conversationId: String(CONFIGURED_GROUP), userId: '31' },
      actor: { id: '31', name: '李' },
      languageCode: 'zh-hans',
      message: { kind: 'command', name: 'patients', args: '' },
    });
    expect(h.engine.turns).toHaveLength(0);
  });

  it('routes a configured private chat to the desk too, never to patient flows', async () => {
    api.pushUpdate(textUpdate({ userId: CONFIGURED_PRIVATE, text: '/start' }));
    await until(() => h.desk.inputs.length === 1, 'the desk input');
    expect(h.desk.inputs[0]!.message).toEqual({ kind: 'command', name: 'start', args: '' });
    expect(h.engine.turns).toHaveLength(0);
  });

  it('routes an enrolled chat and its button presses to the desk, leaving the alert to the desk', async () => {
    h.desk.chats.add('-3003');
    api.pushUpdate(callbackUpdate({ userId: 32, chatId: -3003, data: 'al7:ack', messageId: 900 }));
    await until(() => h.desk.inputs.length === 1, 'the desk input');
    expect(h.desk.inputs[0]!.message).toEqual({ kind: 'choice', askId: 'al7', value: 'ack' });
    await api.waitForCalls('answerCallbackQuery');
    expect(api.callsTo('editMessageReplyMarkup').filter((c) => c.params.message_id === 900)).toHaveLength(0);
  });

  it('ignores stickers among counsellors', async () => {
    api.pushUpdate(stickerUpdate({ userId: 33, chatId: CONFIGURED_GROUP }));
    api.pushUpdate(textUpdate({ userId: 33, chatId: CONFIGURED_GROUP, text: '/ack 12' }));
    await until(() => h.desk.inputs.length === 1, 'the desk input');
    expect(h.desk.inputs.map((i) => i.message.kind)).toEqual(['command']);
  });

  it('takes /counsellor <code> from any chat to the desk (enrolment)', async () => {
    api.pushUpdate(
      textUpdate({ userId: 34, chatId: -4004, text: '/counsellor@dongyu_test_bot S3cret-code' }),
    );
    api.pushUpdate(textUpdate({ userId: 35, text: '/counsellor other-code' }));
    await until(() => h.desk.inputs.length === 2, 'two desk inputs');
    expect(h.desk.inputs.map((i) => i.message)).toEqual([
      { kind: 'command', name: 'counsellor', args: 'S3cret-code' },
      { kind: 'command', name: 'counsellor', args: 'other-code' },
    ]);
    // The desk is told which one came from a private chat (it refuses to enrol those).
    expect(h.desk.inputs.map((i) => i.oneToOne)).toEqual([undefined, true]);
    expect(h.engine.turns).toHaveLength(0);
  });
});

describe('other groups', () => {
  it('get one short kind note in the sender’s language, and no patient state', async () => {
    const group = -5005;
    api.pushUpdate(textUpdate({ userId: 36, chatId: group, text: '/start', languageCode: 'zh-hans' }));
    api.pushUpdate(textUpdate({ userId: 37, chatId: group, text: '/help', languageCode: 'en' }));
    // Updates of one chat run in order, so once this reaches the desk the two above are done.
    api.pushUpdate(textUpdate({ userId: 37, chatId: group, text: '/counsellor x' }));
    await until(() => h.desk.inputs.length === 1, 'the desk input');
    const notes = api.sentTexts(group);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.text).toBe(
      '你好！我是一对一陪练，只在私聊里对话。想开始的话，请直接私聊我：@dongyu_test_bot',
    );
    expect(h.engine.turns).toHaveLength(0);
    expect(await h.store.loadPatient('telegram:36')).toEqual({ status: 'missing' });
  });
});

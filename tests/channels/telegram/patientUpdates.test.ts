/**
 * Patient updates over long polling, against the fake Bot API: each becomes one engine turn (or a
 * polite channel reply), buttons are acknowledged and retired, and nothing crashes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TelegramDeliveryError } from '../../../src/channels/telegram/errors.js';
import { encodeButtonData } from '../../../src/engine/types.js';
import { until } from '../../support/until.js';
import { FakeBotApi } from './fakeBotApi.js';
import { callbackUpdate, editedTextUpdate, photoUpdate, stickerUpdate, textUpdate } from './fakeUpdates.js';
import { type Harness, startHarness } from './harness.js';

let api: FakeBotApi;
let h: Harness;

beforeAll(async () => {
  api = await FakeBotApi.start();
  h = await startHarness(api, {}, { pollTimeoutSeconds: 1, pollRetry: { firstMs: 20, maxMs: 100 } });
});

afterAll(async () => {
  await h.stop();
  await api.close();
});

beforeEach(() => {
  h.engine.turns.length = 0;
  h.engine.reply = undefined;
});

describe('start-up', () => {
  it('checks the token, publishes commands for private chats and descriptions in en and zh, and polls', async () => {
    expect(api.callsTo('getMe')).toHaveLength(1);
    await api.waitForCalls('setMyShortDescription', 3);
    const commands = api.callsTo('setMyCommands');
    expect(commands.map((c) => c.params.language_code)).toEqual([undefined, 'en', 'zh']);
    // Only private chats show the patient commands; the default list (every group's) is removed.
    for (const c of commands) expect(c.params.scope).toEqual({ type: 'all_private_chats' });
    expect(api.callsTo('deleteMyCommands').map((c) => [c.params.language_code, c.params.scope])).toEqual([
      [undefined, undefined],
      ['en', undefined],
      ['zh', undefined],
    ]);
    const zh = commands[2]!.params.commands as { command: string; description: string }[];
    expect(zh.map((c) => c.command)).toEqual([
      'start',
      'checkin',
      'craving',
      'plan',
      'progress',
      'pause',
      'time',
      'language',
      'help',
      'export',
      'delete',
    ]);
    expect(zh[0]!.description).toMatch(/[\u4e00-\u9fff]/);
    const descriptions = api.callsTo('setMyDescription');
    expect(descriptions.map((c) => c.params.language_code)).toEqual([undefined, 'en', 'zh']);
    expect(String(descriptions[2]!.params.description)).toContain('动愈');
    for (const c of descriptions) expect(String(c.params.description).length).toBeLessThanOrEqual(512);
    for (const c of api.callsTo('setMyShortDescription'))
      expect(String(c.params.short_description).length).toBeLessThanOrEqual(120);
    expect(api.callsTo('deleteWebhook')).toHaveLength(1);
    await api.waitForCalls('getUpdates');
  });
});

describe('a patient in a private chat', () => {
  it('becomes one engine turn per message, with its language and update id', async () => {
    const id = api.pushUpdate(textUpdate({ userId: 101, text: '我现在很想用', languageCode: 'zh-hans' }));
    const [turn] = await h.engine.waitForTurns(1);
    expect(turn).toMatchObject({
      patientId: 'telegram:101',
      address: { channel: 'telegram', conversationId: '101', userId: '101' },
      languageCode: 'zh-hans',
      message: { kind: 'text', text: '我现在很想用' },
      deliveryId: String(id),
    });
  });

  it('passes commands with arguments, the bot name stripped', async () => {
    api.pushUpdate(textUpdate({ userId: 102, text: '/pause@dongyu_test_bot 3' }));
    api.pushUpdate(textUpdate({ userId: 102, text: '/frobnicate' }));
    const turns = await h.engine.waitForTurns(2);
    expect(turns.map((t) => t.message)).toEqual([
      { kind: 'command', name: 'pause', args: '3' },
      { kind: 'command', name: 'frobnicate', args: '' },
    ]);
  });

  it('sends markup the patient typed back escaped, in HTML mode', async () => {
    h.engine.reply = (t) => [{ text: `You said: ${t.message.kind === 'text' ? t.message.text : ''}` }];
    api.pushUpdate(textUpdate({ userId: 103, text: '<b>x</b> & <a href="y">z</a>' }));
    const [call] = await api.waitForCalls((c) => c.method === 'sendMessage' && c.params.chat_id === 103);
    expect(call!.params.text).toBe('You said: &lt;b&gt;x&lt;/b&gt; &amp; &lt;a href="y"&gt;z&lt;/a&gt;');
    expect(call!.params.parse_mode).toBe('HTML');
  });

  it('answers a button press, retires its keyboard and passes the choice on', async () => {
    h.engine.reply = () => [
      {
        text: 'How strong is the craving right now?',
        kind: 'scale',
        askId: 'q7',
        buttons: Array.from({ length: 11 }, (_, i) => ({
          label: String(i),
          data: encodeButtonData('q7', String(i)),
        })),
      },
    ];
    api.pushUpdate(textUpdate({ userId: 104, text: '/craving' }));
    const [asked] = await api.waitForCalls((c) => c.method === 'sendMessage' && c.params.chat_id === 104);
    const keyboard = asked!.params.reply_markup as { inline_keyboard: { callback_data: string }[][] };
    expect(keyboard.inline_keyboard.map((r) => r.length)).toEqual([6, 5]);
    h.engine.reply = undefined;
    const sent = asked!.result as { message_id: number };
    api.pushUpdate(
      callbackUpdate({
        userId: 104,
        data: keyboard.inline_keyboard[1]![2]!.callback_data,
        messageId: sent.message_id,
      }),
    );
    const turns = await h.engine.waitForTurns(2);
    expect(turns[1]!.message).toEqual({ kind: 'choice', askId: 'q7', value: '8' });
    const [answered] = await api.waitForCalls('answerCallbackQuery');
    expect(answered).toBeDefined();
    const [retired] = await api.waitForCalls(
      (c) => c.method === 'editMessageReplyMarkup' && c.params.message_id === sent.message_id,
    );
    expect(retired!.params.chat_id).toBe(104);
  });

  it('passes a press on an old button through for the engine to call stale, and retires it', async () => {
    api.pushUpdate(callbackUpdate({ userId: 105, data: 'old1:yes', messageId: 4242 }));
    const [turn] = await h.engine.waitForTurns(1);
    expect(turn!.message).toEqual({ kind: 'choice', askId: 'old1', value: 'yes' });
    await api.waitForCalls((c) => c.method === 'editMessageReplyMarkup' && c.params.message_id === 4242);
  });

  it('answers a forged or unreadable button politely in the patient’s language and changes nothing', async () => {
    const before = api.callsTo('answerCallbackQuery').length;
    api.pushUpdate(
      callbackUpdate({ userId: 106, data: '<b>forged</b>', messageId: 4343, languageCode: 'zh-CN' }),
    );
    const [note] = await api.waitForCalls((c) => c.method === 'sendMessage' && c.params.chat_id === 106);
    expect(note!.params.text).toBe('这个问题已经过去了，接着回复我最新的那条消息就好。');
    expect(api.callsTo('answerCallbackQuery').length).toBe(before + 1);
    api.pushUpdate(callbackUpdate({ userId: 107, data: '!!', messageId: 1, languageCode: 'en' }));
    const [en] = await api.waitForCalls((c) => c.method === 'sendMessage' && c.params.chat_id === 107);
    expect(en!.params.text).toBe('That question has passed. Just carry on from my latest message.');
    expect(h.engine.turns).toHaveLength(0);
  });

  it('hands stickers and photos to the engine as unsupported (with any caption) and edits as edited, sending nothing itself', async () => {
    api.pushUpdate(stickerUpdate({ userId: 108 }));
    api.pushUpdate(photoUpdate({ userId: 108, caption: '<i>look</i>' }));
    api.pushUpdate(editedTextUpdate({ userId: 108, text: '9' }));
    api.pushUpdate(textUpdate({ userId: 108, text: 'still here' }));
    const turns = await h.engine.waitForTurns(4);
    expect(turns.map((t) => t.message)).toEqual([
      { kind: 'unsupported', what: 'sticker' },
      { kind: 'unsupported', what: 'photo', caption: '<i>look</i>' },
      { kind: 'edited', text: '9' },
      { kind: 'text', text: 'still here' },
    ]);
    expect(api.sentTexts(108)).toHaveLength(0);
  });

  it('tries a turn that could not be handled (store down) again until it is, keeping the chat’s order', async () => {
    h.engine.failWith = new Error('store unavailable');
    const attempts = h.engine.attempts;
    api.pushUpdate(textUpdate({ userId: 109, text: 'one' }));
    api.pushUpdate(textUpdate({ userId: 109, text: 'two' }));
    // Polled updates are confirmed by the next getUpdates: the channel itself must not drop them.
    await until(() => h.engine.attempts >= attempts + 3, 'three tries of the failing turn');
    expect(h.engine.turns).toHaveLength(0);
    h.engine.failWith = undefined;
    const turns = await h.engine.waitForTurns(2);
    expect(turns.map((t) => t.message)).toEqual([
      { kind: 'text', text: 'one' },
      { kind: 'text', text: 'two' },
    ]);
  });

  it('does not try again when only a reply could not be sent (the turn was committed)', async () => {
    h.engine.failWith = new TelegramDeliveryError(
      'sendMessage',
      403,
      'Forbidden: bot was blocked',
      undefined,
      false,
    );
    const attempts = h.engine.attempts;
    api.pushUpdate(textUpdate({ userId: 110, text: 'blocked' }));
    await until(() => h.engine.attempts === attempts + 1, 'the turn');
    h.engine.failWith = undefined;
    api.pushUpdate(textUpdate({ userId: 110, text: 'next' }));
    const [turn] = await h.engine.waitForTurns(1);
    expect(turn!.message).toEqual({ kind: 'text', text: 'next' });
    expect(h.engine.attempts).toBe(attempts + 2);
  });
});

describe('stopping while a turn is being tried again', () => {
  it('ends the wait at once instead of holding shutdown', async () => {
    const api2 = await FakeBotApi.start();
    const h2 = await startHarness(
      api2,
      {},
      { pollTimeoutSeconds: 1, pollRetry: { firstMs: 60_000, maxMs: 60_000 } },
    );
    try {
      h2.engine.failWith = new Error('store unavailable');
      const failed = vi.spyOn(h2.ctx.log, 'error');
      api2.pushUpdate(textUpdate({ userId: 111, text: 'hello' }));
      await until(() => h2.engine.attempts === 1, 'the first try');
      await h2.channel.stop();
      // The next try was a minute away: the stop ended the wait, and the update is logged as failed.
      await until(
        () => failed.mock.calls.some((c) => c[1] === 'telegram update failed'),
        'the update given up at the stop',
      );
      expect(h2.engine.attempts).toBe(1);
    } finally {
      await h2.stop();
      await api2.close();
    }
  });
});

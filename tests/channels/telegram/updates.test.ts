import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { parseCommand, readUpdate, toInboundTurn } from '../../../src/channels/telegram/updates.js';
import {
  callbackUpdate,
  documentUpdate,
  editedTextUpdate,
  forwardedTextUpdate,
  locationUpdate,
  photoUpdate,
  stickerUpdate,
  textUpdate,
  type UpdateDraft,
  voiceUpdate,
} from './fakeUpdates.js';

const BOT = 'dongyu_test_bot';
const read = (u: UpdateDraft) => readUpdate({ update_id: 7, ...u } as Update, BOT);

describe('reading updates', () => {
  it('turns a private text into a patient turn with address, language and delivery id', () => {
    const ev = read(
      textUpdate({ userId: 42, text: '我现在很想用', languageCode: 'zh-hans', firstName: '小明' }),
    )!;
    expect(ev.message).toEqual({ kind: 'text', text: '我现在很想用' });
    expect(toInboundTurn(ev, ev.message!)).toEqual({
      patientId: 'telegram:42',
      address: { channel: 'telegram', conversationId: '42', userId: '42' },
      languageCode: 'zh-hans',
      displayName: '小明',
      message: { kind: 'text', text: '我现在很想用' },
      deliveryId: '7',
    });
  });

  it.each([
    ['/start', 'start', ''],
    ['/pause 3', 'pause', '3'],
    ['/checkin@dongyu_test_bot', 'checkin', ''],
    ['/Language@Dongyu_Test_Bot  en ', 'language', 'en'],
    ['/counsellor ABC123', 'counsellor', 'ABC123'],
    ['/whatever', 'whatever', ''],
  ])('reads the command %s', (text, name, args) => {
    expect(read(textUpdate({ userId: 1, text }))!.message).toEqual({ kind: 'command', name, args });
  });

  it('ignores commands for another bot, and treats non-commands as text', () => {
    expect(read(textUpdate({ userId: 1, chatId: -5, text: '/start@other_bot' }))).toBeNull();
    expect(parseCommand('/ 你好', BOT)).toBeUndefined();
    expect(read(textUpdate({ userId: 1, text: '/中文' }))!.message).toEqual({ kind: 'text', text: '/中文' });
  });

  it('takes a command in a private chat as ours whatever bot it names (a slip; its words are screened)', () => {
    expect(read(textUpdate({ userId: 1, text: '/help@OtherBot I want to die' }))!.message).toEqual({
      kind: 'command',
      name: 'help',
      args: 'I want to die',
    });
  });

  it.each([
    ['a sticker', stickerUpdate({ userId: 1 }), 'sticker'],
    ['a photo', photoUpdate({ userId: 1 }), 'photo'],
    ['a voice note', voiceUpdate({ userId: 1 }), 'voice'],
    ['a location', locationUpdate({ userId: 1 }), 'location'],
  ])('names %s as unsupported', (_, update, what) => {
    expect(read(update)!.message).toEqual({ kind: 'unsupported', what });
  });

  it('carries a caption on, never as a command, for the engine to screen', () => {
    expect(read(photoUpdate({ userId: 1, caption: '/start' }))!.message).toEqual({
      kind: 'unsupported',
      what: 'photo',
      caption: '/start',
    });
    expect(read(documentUpdate({ userId: 1, caption: 'I want to kill myself' }))!.message).toEqual({
      kind: 'unsupported',
      what: 'document',
      caption: 'I want to kill myself',
    });
  });

  it("reads a forwarded message as someone else's words: never text or a command, its words kept for screening", () => {
    expect(read(forwardedTextUpdate({ userId: 1, text: 'yes' }))!.message).toEqual({
      kind: 'unsupported',
      what: 'forwarded',
      caption: 'yes',
    });
    expect(read(forwardedTextUpdate({ userId: 1, text: '/delete', legacy: true }))!.message).toEqual({
      kind: 'unsupported',
      what: 'forwarded',
      caption: '/delete',
    });
  });

  it('carries the words of a poll, a venue and a contact on for screening, never as an answer', () => {
    const base = textUpdate({ userId: 1, text: 'x' }).message as unknown as Record<string, unknown>;
    const { text: _text, entities: _entities, ...message } = base;
    const withField = (field: Record<string, unknown>) =>
      read({ message: { ...message, ...field } } as unknown as UpdateDraft)!;
    const poll = withField({
      poll: { id: 'p', question: 'Should I just end it?', options: [{ text: 'yes' }, { text: 'no' }] },
    });
    expect(poll.message).toEqual({
      kind: 'unsupported',
      what: 'poll',
      caption: 'Should I just end it?\nyes\nno',
    });
    const venue = withField({
      location: { latitude: 1, longitude: 2 },
      venue: { location: { latitude: 1, longitude: 2 }, title: '我不想活了', address: '上海' },
    });
    expect(venue.message).toEqual({ kind: 'unsupported', what: 'location', caption: '我不想活了\n上海' });
    const contact = withField({ contact: { phone_number: '1', first_name: 'Help', last_name: 'Line' } });
    expect(contact.message).toEqual({ kind: 'unsupported', what: 'contact', caption: 'Help\nLine' });
  });

  it('reads an edited message as an edit with its new text', () => {
    expect(read(editedTextUpdate({ userId: 1, text: '8' }))!.message).toEqual({ kind: 'edited', text: '8' });
  });

  it('decodes a button press, and marks forged data as null', () => {
    const ok = read(callbackUpdate({ userId: 9, data: 'k3:7', messageId: 77 }))!;
    expect(ok.message).toEqual({ kind: 'choice', askId: 'k3', value: '7' });
    expect(ok.callback?.messageId).toBe(77);
    expect(read(callbackUpdate({ userId: 9, data: 'h:21:00' }))!.message).toEqual({
      kind: 'choice',
      askId: 'h',
      value: '21:00',
    });
    expect(read(callbackUpdate({ userId: 9, data: 'i:Asia/Shanghai' }))!.message).toMatchObject({
      value: 'Asia/Shanghai',
    });
    expect(read(callbackUpdate({ userId: 9, data: '<script>' }))!.message).toBeNull();
    expect(read(callbackUpdate({ userId: 9, data: 'x'.repeat(64) }))!.message).toBeNull();
  });

  it('ignores bots, service messages and channel posts', () => {
    const fromBot = textUpdate({ userId: 1, text: 'hi' });
    fromBot.message!.from!.is_bot = true;
    expect(read(fromBot)).toBeNull();
    const joined = textUpdate({ userId: 1, chatId: -7, text: 'x' });
    const { text: _t, entities: _e, ...rest } = joined.message as { text: string; entities?: unknown };
    expect(read({ message: { ...rest, new_chat_members: [] } } as unknown as UpdateDraft)).toBeNull();
    expect(
      read({
        channel_post: { message_id: 1, date: 0, chat: { id: -1, type: 'channel', title: 'c' } },
      } as UpdateDraft),
    ).toBeNull();
  });
});

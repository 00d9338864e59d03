/**
 * What the channel sends: escaped HTML, long texts split, photos as multipart uploads, edits, and
 * Telegram's refusals (429 and 5xx retried and delivered once; 403 reported as not retryable).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TelegramDeliveryError } from '../../../src/channels/telegram/errors.js';
import type { Address } from '../../../src/engine/types.js';
import { FakeBotApi } from './fakeBotApi.js';
import { type Harness, startHarness } from './harness.js';

let api: FakeBotApi;
let h: Harness;
const to: Address = { channel: 'telegram', conversationId: '201', userId: '201' };
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

beforeAll(async () => {
  api = await FakeBotApi.start();
  // The 5xx back-off starts at 3 s in auto-retry; rate limits (429) use Telegram's retry_after.
  h = await startHarness(api, {}, { pollTimeoutSeconds: 1 });
});

afterAll(async () => {
  await h.stop();
  await api.close();
});

beforeEach(() => {
  api.calls.length = 0;
});

describe('sending', () => {
  it('sends escaped HTML and returns a reference to the message', async () => {
    const ref = await h.channel.send(to, { text: 'Tom & Jerry <3' });
    const [call] = api.callsTo('sendMessage');
    expect(call!.params).toMatchObject({ chat_id: 201, text: 'Tom &amp; Jerry &lt;3', parse_mode: 'HTML' });
    expect(ref).toEqual({
      address: to,
      messageId: String((call!.result as { message_id: number }).message_id),
    });
  });

  it('splits a text over 4,096 characters into several messages, buttons on the last', async () => {
    const text = `${'第一段。'.repeat(900)}\n\n${'Second part. '.repeat(200)}`;
    await h.channel.send(to, {
      text,
      kind: 'yesno',
      askId: 'y1',
      buttons: [
        { label: 'Yes', data: 'y1:yes' },
        { label: 'No', data: 'y1:no' },
      ],
    });
    const sent = api.callsTo('sendMessage');
    expect(sent).toHaveLength(2);
    expect(String(sent[0]!.params.text)).toBe('第一段。'.repeat(900));
    expect(String(sent[1]!.params.text)).toBe('Second part. '.repeat(200).trim());
    expect(sent[0]!.params.reply_markup).toBeUndefined();
    expect(sent[1]!.params.reply_markup).toEqual({
      inline_keyboard: [
        [
          { text: 'Yes', callback_data: 'y1:yes' },
          { text: 'No', callback_data: 'y1:no' },
        ],
      ],
    });
  });

  it('sends an image with sendPhoto: the PNG uploaded, the caption escaped, the keyboard kept', async () => {
    await h.channel.send(to, {
      text: '14 days <craving>',
      image: { png: PNG, alt: 'chart' },
      buttons: [{ label: 'OK', data: 'c1:ok' }],
    });
    const [photo] = api.callsTo('sendPhoto');
    expect(photo!.files.photo!.data.equals(Buffer.from(PNG))).toBe(true);
    expect(photo!.files.photo!.filename).toBe('chart.png');
    expect(photo!.params).toMatchObject({
      chat_id: '201',
      caption: '14 days &lt;craving&gt;',
      parse_mode: 'HTML',
    });
    expect(photo!.params.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'OK', callback_data: 'c1:ok' }]],
    });
    expect(api.callsTo('sendMessage')).toHaveLength(0);
  });

  it('sends a text too long for a caption after the photo', async () => {
    await h.channel.send(to, { text: 'x'.repeat(1500), image: { png: PNG, alt: 'Craving chart' } });
    expect(api.callsTo('sendPhoto')[0]!.params.caption).toBe('Craving chart');
    expect(api.callsTo('sendMessage')[0]!.params.text).toBe('x'.repeat(1500));
  });

  it('falls back to the text when Telegram refuses the image', async () => {
    api.failNext(1, {
      errorCode: 400,
      description: 'Bad Request: IMAGE_PROCESS_FAILED',
      method: 'sendPhoto',
    });
    const ref = await h.channel.send(to, { text: 'sparkline ▁▂▃', image: { png: PNG, alt: 'chart' } });
    expect(api.sentTexts(201).map((m) => m.text)).toEqual(['sparkline ▁▂▃']);
    expect(ref?.messageId).toBeDefined();
  });

  it('edits a message (an acknowledged alert) with escaped text and new buttons', async () => {
    const ref = (await h.channel.send(to, { text: 'alert', buttons: [{ label: 'Ack', data: 'al1:ack' }] }))!;
    await h.channel.edit(ref, { text: '✅ Dr <Li> 14:05' });
    const [edit] = api.callsTo('editMessageText');
    expect(edit!.params).toMatchObject({
      chat_id: 201,
      message_id: Number(ref.messageId),
      text: '✅ Dr &lt;Li&gt; 14:05',
      parse_mode: 'HTML',
    });
    expect(edit!.params.reply_markup).toBeUndefined();
    api.failNext(1, {
      errorCode: 400,
      description: 'Bad Request: message is not modified',
      method: 'editMessageText',
    });
    await expect(h.channel.edit(ref, { text: '✅ Dr <Li> 14:05' })).resolves.toBeUndefined();
  });

  it('edits the caption when the message is a photo', async () => {
    api.failNext(1, {
      errorCode: 400,
      description: 'Bad Request: there is no text in the message to edit',
      method: 'editMessageText',
    });
    await h.channel.edit({ address: to, messageId: '77' }, { text: 'acknowledged & done' });
    expect(api.callsTo('editMessageCaption')[0]!.params).toMatchObject({
      caption: 'acknowledged &amp; done',
    });
  });
});

describe('Telegram refusing', () => {
  it('waits out a 429 retry_after, then delivers exactly once', async () => {
    api.failNext(1, { errorCode: 429, retryAfter: 1, method: 'sendMessage' });
    await h.channel.send(to, { text: 'check-in time' });
    const calls = api.callsTo('sendMessage');
    expect(calls.map((c) => c.failedWith)).toEqual([429, undefined]);
    expect(api.sentTexts(201).map((m) => m.text)).toEqual(['check-in time']);
  });

  it('retries a 500, then delivers exactly once', async () => {
    api.failNext(1, { errorCode: 500, method: 'sendMessage' });
    await h.channel.send(to, { text: 'after a hiccup' });
    expect(api.callsTo('sendMessage').map((c) => c.failedWith)).toEqual([500, undefined]);
    expect(api.sentTexts(201)).toHaveLength(1);
  });

  it('reports a blocked bot (403) as a delivery error that is not retryable and holds no text', async () => {
    api.failNext(1, { errorCode: 403, method: 'sendMessage' });
    const err = await h.channel.send(to, { text: 'private words' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelegramDeliveryError);
    expect(err).toMatchObject({ method: 'sendMessage', errorCode: 403, retryable: false });
    expect(String((err as Error).message)).not.toContain('private words');
    expect(JSON.stringify(err)).not.toContain('private words');
  });
});

describe('the fake Bot API', () => {
  it('lets a test decide per call, e.g. a rate limit for one chat', async () => {
    let seen = 0;
    api.intercept(({ method, params }) =>
      method === 'sendMessage' && params.chat_id === 201 && seen++ === 0
        ? { errorCode: 429, retryAfter: 0 }
        : undefined,
    );
    await h.channel.send(to, { text: 'limited' });
    api.intercept(null);
    expect(api.callsTo('sendMessage').map((c) => c.failedWith)).toEqual([429, undefined]);
  });
});

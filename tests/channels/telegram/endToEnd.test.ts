/**
 * The whole app (engine, flows, store) behind the Telegram channel, over real HTTP to the fake
 * Bot API: onboarding in both languages by buttons and by typing, stale buttons, unsupported
 * messages, re-delivered updates and counsellor chats.
 */
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/channels/telegram/render.js';
import type { Locale } from '../../../src/engine/types.js';
import { TYPED_ONBOARDING } from '../../support/onboardingAnswers.js';
import { until } from '../../support/until.js';
import { FakeBotApi } from './fakeBotApi.js';
import {
  callbackUpdate,
  documentUpdate,
  editedTextUpdate,
  photoUpdate,
  stickerUpdate,
  textUpdate,
} from './fakeUpdates.js';
import { type AppDriver, startApp, TelegramPatient } from './telegramPatient.js';

const COUNSELLOR_GROUP = -1009990001;

/** The same onboarding with buttons (age and days since last use have none: typed). */
const PRESSED: { press?: string; type?: string }[] = [
  { press: 'yes' },
  { type: '30' },
  ...Array.from({ length: 7 }, () => ({ press: 'no' })),
  { type: '45' },
  { press: '4' },
  { press: '0' },
  { press: '1' },
  { press: '3' },
  { press: 'all' },
  { press: 'either' },
  { press: '21:00' },
  { press: 'Asia/Shanghai' },
  { press: 'no' },
];

async function expectOnboarded(d: AppDriver, p: TelegramPatient, locale: Locale) {
  const loaded = await d.app.store.loadPatient(`telegram:${p.userId}`);
  expect(loaded.status).toBe('ok');
  if (loaded.status !== 'ok') return;
  expect(loaded.doc.locale).toBe(locale);
  const snap = loaded.doc.snapshot as { value: unknown; context: { profile: Record<string, unknown> } };
  expect(snap.value).toHaveProperty('active');
  expect(snap.context.profile).toMatchObject({ timezone: 'Asia/Shanghai', checkinTime: '21:00' });
  for (const m of p.received) {
    expect(m.params.parse_mode).toBe('HTML');
    expect(String(m.params.text ?? m.params.caption)).not.toMatch(/<|>/);
  }
}

describe.each(['webhook', 'polling'] as const)('the app over Telegram (%s)', (mode) => {
  let api: FakeBotApi;
  let d: AppDriver;
  let nextUser = mode === 'webhook' ? 7000 : 8000;
  const patient = (languageCode: string) => new TelegramPatient(api, d, nextUser++, languageCode);

  beforeAll(async () => {
    api = await FakeBotApi.start();
    d = await startApp(api, mode, { COUNSELLOR_TELEGRAM_CHAT_IDS: String(COUNSELLOR_GROUP) });
  });

  afterAll(async () => {
    await d.stop();
    await api.close();
  });

  it.each([
    ['zh-hans', 'zh-CN'],
    ['en-US', 'en'],
  ] as const)('onboards a %s patient by typing', async (code, locale) => {
    const p = patient(code);
    const welcome = await p.say('/start');
    expect(welcome.length).toBeGreaterThan(0);
    for (const answer of TYPED_ONBOARDING[locale]) {
      const replies = await p.say(answer);
      expect(replies.length, `a reply to "${answer}"`).toBeGreaterThan(0);
    }
    await expectOnboarded(d, p, locale);
  });

  it.each([
    ['zh', 'zh-CN'],
    ['en', 'en'],
  ] as const)('onboards a %s patient by pressing buttons, each keyboard retired', async (code, locale) => {
    const p = patient(code);
    const [consent] = (await p.say('/start')).filter((m) => m.params.reply_markup);
    const labels = (consent!.params.reply_markup as { inline_keyboard: { text: string }[][] })
      .inline_keyboard;
    expect(labels.flat().map((b) => b.text)).toEqual([
      d.app.i18n.t(locale, 'common.yes'),
      d.app.i18n.t(locale, 'common.no'),
    ]);
    const retiredBefore = api.callsTo('editMessageReplyMarkup').length;
    for (const step of PRESSED) {
      const replies = step.press ? await p.press(step.press) : await p.say(step.type!);
      expect(replies.length, `a reply to ${step.press ?? step.type}`).toBeGreaterThan(0);
    }
    expect(api.callsTo('editMessageReplyMarkup').length - retiredBefore).toBe(
      PRESSED.filter((s) => s.press).length,
    );
    await expectOnboarded(d, p, locale);
  });

  it('takes the language from Telegram on first contact, and /language wins after that', async () => {
    const p = patient('zh-hans');
    await p.say('/start');
    const locale = async () => {
      const r = await d.app.store.loadPatient(`telegram:${p.userId}`);
      return r.status === 'ok' ? r.doc.locale : null;
    };
    expect(await locale()).toBe('zh-CN');
    await p.say('/language');
    await p.press('en');
    expect(await locale()).toBe('en');
    await p.say('hello');
    expect(await locale()).toBe('en');
  });

  it('meets a press on an old button with "that question has passed", the state unchanged', async () => {
    const p = patient('zh-hans');
    await p.say('/start');
    const consent = p.received.findLast((m) => m.params.reply_markup);
    await p.press('yes');
    await p.say('30');
    const before = await d.app.store.loadPatient(`telegram:${p.userId}`);
    const replies = await p.pressOn(consent, 'no');
    const text = replies.map((m) => String(m.params.text)).join('\n');
    expect(text).toContain(escapeHtml(d.app.i18n.t('zh-CN', 'common.stale')));
    const after = await d.app.store.loadPatient(`telegram:${p.userId}`);
    const value = (r: typeof before) =>
      r.status === 'ok' ? (r.doc.snapshot as { value: unknown }).value : null;
    expect(value(after)).toEqual(value(before));
  });

  it('answers a sticker and a photo kindly and keeps the question open', async () => {
    const p = patient('en');
    await p.say('/start');
    await p.press('yes');
    for (const update of [stickerUpdate({ userId: p.userId }), photoUpdate({ userId: p.userId })]) {
      const replies = await p.step(update);
      expect(replies.map((m) => String(m.params.text)).join('\n')).toContain(
        escapeHtml(d.app.i18n.t('en', 'common.unsupported')),
      );
    }
    await p.say('30');
    const loaded = await d.app.store.loadPatient(`telegram:${p.userId}`);
    expect(
      loaded.status === 'ok' &&
        (loaded.doc.snapshot as { context: { profile: { age?: number } } }).context.profile.age,
    ).toBe(30);
  });

  // docs/clinical-protocol.md#escalation: self-harm words raise the crisis reply and an urgent alert wherever
  // the patient writes them, in a photo's or a file's caption or in an edited message too.
  it.each([
    ['a photo caption', (userId: number) => photoUpdate({ userId, caption: 'I want to kill myself' })],
    ['a document caption', (userId: number) => documentUpdate({ userId, caption: 'I want to kill myself' })],
    ['an edited message', (userId: number) => editedTextUpdate({ userId, text: 'I want to die' })],
  ])('treats self-harm words in %s like a text: crisis reply and urgent alert', async (_what, update) => {
    const p = patient('en');
    await p.say('/start');
    await p.press('yes');
    const alerts = api.sentTexts(COUNSELLOR_GROUP).length;
    const replies = await p.step(update(p.userId));
    const text = replies.map((m) => String(m.params.text)).join('\n');
    const opening = d.app.i18n.t('en', 'safety.crisis', { numbers: '' }).split('\n')[0]!;
    expect(text).toContain(escapeHtml(opening));
    expect(text).not.toContain(escapeHtml(d.app.i18n.t('en', 'common.unsupported')));
    await until(
      () =>
        api
          .sentTexts(COUNSELLOR_GROUP)
          .slice(alerts)
          .some((m) => m.text.includes('🔴')),
      'the urgent alert',
    );
  });

  it('answers an edit that holds no risk honestly, and does not read it as an answer', async () => {
    const p = patient('zh-hans');
    await p.say('/start');
    await p.press('yes');
    const replies = await p.step(editedTextUpdate({ userId: p.userId, text: '30' }));
    const text = replies.map((m) => String(m.params.text)).join('\n');
    expect(text).toContain(escapeHtml(d.app.i18n.t('zh-CN', 'common.edited')));
    expect(text).not.toContain(escapeHtml(d.app.i18n.t('zh-CN', 'common.unsupported')));
    // The age question is still open: the edited "30" was not taken as the age.
    expect(text).toContain(escapeHtml(d.app.i18n.t('zh-CN', 'screening.age')));
  });

  it('routes a counsellor chat to the desk, never to patient flows', async () => {
    const before = api.sentTexts(COUNSELLOR_GROUP).length;
    await d.deliverThen(
      textUpdate({ userId: 4242, chatId: COUNSELLOR_GROUP, text: '/patients' }),
      () => api.sentTexts(COUNSELLOR_GROUP).length > before,
    );
    expect((await d.app.store.loadPatient('telegram:4242')).status).toBe('missing');
  });
});

describe('a re-delivered webhook update', () => {
  let api: FakeBotApi;
  let d: AppDriver;

  beforeAll(async () => {
    api = await FakeBotApi.start();
    d = await startApp(api, 'webhook');
    // The menus and descriptions published in the background at start-up are done: the calls
    // counted below are the updates' own.
    await api.waitForCalls('setMyShortDescription', 3);
  });

  afterAll(async () => {
    await d.stop();
    await api.close();
  });

  it('is processed once', async () => {
    const update = { ...textUpdate({ userId: 9001, text: '/start', languageCode: 'en' }), update_id: 424242 };
    expect(await d.deliver(update)).toBe(200);
    const sent = api.sentTexts(9001).length;
    expect(sent).toBeGreaterThan(0);
    expect(await d.deliver(update)).toBe(200);
    expect(api.sentTexts(9001).length).toBe(sent);
    const loaded = await d.app.store.loadPatient('telegram:9001');
    expect(loaded.status === 'ok' && loaded.doc.revision).toBe(1);
  });

  /** A press of `value` on the newest keyboard patient `userId` was shown, as update `updateId`. */
  function pressUpdate(userId: number, value: string, updateId: number): Update {
    const p = new TelegramPatient(api, d, userId, 'en');
    const shown = [...p.received].reverse().find((c) => c.params.reply_markup);
    if (!shown) throw new Error(`patient ${userId} was shown no keyboard`);
    const rows = (shown.params.reply_markup as { inline_keyboard: { callback_data: string }[][] })
      .inline_keyboard;
    const data = rows.flat().find((b) => b.callback_data.endsWith(`:${value}`))!.callback_data;
    const messageId = (shown.result as { message_id: number }).message_id;
    return {
      ...callbackUpdate({ userId, data, messageId, languageCode: 'en' }),
      update_id: updateId,
    } as Update;
  }

  it('a re-delivered button press costs no Bot API call beyond the first copy’s', async () => {
    await new TelegramPatient(api, d, 9002, 'en').say('/start');
    const update = pressUpdate(9002, 'yes', 424243);
    const before = api.calls.length;
    expect(await d.deliver(update)).toBe(200);
    const first = api.calls.slice(before).map((c) => c.method);
    expect(first.filter((m) => m === 'answerCallbackQuery')).toHaveLength(1);
    expect(first.filter((m) => m === 'editMessageReplyMarkup')).toHaveLength(1);
    expect(first).toContain('sendMessage');
    const after = api.calls.length;
    expect(await d.deliver(update)).toBe(200);
    expect(await Promise.all([d.deliver(update), d.deliver(update)])).toEqual([200, 200]);
    // The bot's own upkeep at start-up (menus, description: set/deleteMy*) may still be finishing;
    // it is no press's cost.
    const pressCalls = api.calls.slice(after).filter((c) => !/^(set|delete)My/.test(c.method));
    expect(pressCalls.map((c) => c.method)).toEqual([]);
  });

  it('two copies of a button press arriving together cost the calls of one', async () => {
    await new TelegramPatient(api, d, 9003, 'en').say('/start');
    const update = pressUpdate(9003, 'yes', 424244);
    const before = api.calls.length;
    expect(await Promise.all([d.deliver(update), d.deliver(update)])).toEqual([200, 200]);
    const calls = api.calls.slice(before).map((c) => c.method);
    expect(calls.filter((m) => m === 'answerCallbackQuery')).toHaveLength(1);
    expect(calls.filter((m) => m === 'editMessageReplyMarkup')).toHaveLength(1);
    expect(calls.filter((m) => m === 'sendMessage')).toHaveLength(1);
  });
});

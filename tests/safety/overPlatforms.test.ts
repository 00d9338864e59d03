/**
 * docs/safety.md#three-outcomes over the real protocols: a patient in Telegram (webhook, the fake
 * Bot API over HTTP) and in Teams (the fake Bot Framework connector) writes risk mid-onboarding
 * and gets the crisis reply in the same turn and an urgent alert; words that may mean risk get the
 * direct question with yes/no buttons, and a press of yes is the crisis path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TeamsApp } from '../channels/teams/appHarness.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { type AppDriver, startApp, TelegramPatient } from '../channels/telegram/telegramPatient.js';

const COUNSELLOR_GROUP = -1009990077;

describe('over Telegram', () => {
  let api: FakeBotApi;
  let d: AppDriver;
  let nextUser = 91_000;
  const patient = (languageCode: string) => new TelegramPatient(api, d, nextUser++, languageCode);
  const t = (locale: 'en' | 'zh-CN', key: string) => d.app.i18n.t(locale, key);
  const urgentAlerts = () =>
    api.calls.filter(
      (c) =>
        c.method === 'sendMessage' &&
        String(c.params.chat_id) === String(COUNSELLOR_GROUP) &&
        String(c.params.text).includes('🔴'),
    );

  beforeAll(async () => {
    api = await FakeBotApi.start();
    d = await startApp(api, 'webhook', { COUNSELLOR_TELEGRAM_CHAT_IDS: String(COUNSELLOR_GROUP) });
  });
  afterAll(async () => {
    await d.stop();
    await api.close();
  });

  it('a plan with an invisible bidi mark inside 自杀 gets the crisis reply in the same turn', async () => {
    const p = patient('zh-hans');
    await p.say('/start');
    await p.press('yes');
    const before = urgentAlerts().length;
    const reply = await p.say('我今晚就去天台，自\u200F杀，都想好了');
    expect(String(reply[0]!.params.text)).toContain('12356');
    expect(urgentAlerts().length).toBe(before + 1);
  });

  it('words that may mean risk get the direct question; pressing yes is the crisis path', async () => {
    const p = patient('en');
    await p.say('/start');
    await p.press('yes');
    const before = urgentAlerts().length;
    const asked = await p.say('i just drag everyone down, always have');
    // Telegram HTML: the apostrophe is escaped as the rest of the text.
    expect(String(asked.at(-1)!.params.text)).toContain('thoughts of ending your life?');
    expect(urgentAlerts().length).toBe(before);
    const reply = await p.press('yes');
    expect(String(reply[0]!.params.text)).toContain('12356');
    expect(urgentAlerts().length).toBe(before + 1);
    expect(String(urgentAlerts().at(-1)!.params.text)).toContain(t('zh-CN', 'alerts.why.answeredYes'));
  });
});

describe('over Teams', () => {
  let app: TeamsApp;
  beforeAll(async () => {
    app = await TeamsApp.start();
  });
  afterAll(async () => {
    await app.stop();
  });

  it('a message far longer than 4,096 characters with the words at its end gets the crisis reply', async () => {
    const p = app.patient('long-teams', 'en-US');
    await p.install();
    await p.press('yes');
    const long = `${'I keep going over the week in my head, work, rent, my sister, all of it. '.repeat(80)}I have saved up the pills and I am taking them all tonight.`;
    expect(long.length).toBeGreaterThan(5_000);
    const reply = await p.say(long);
    expect(reply[0]!.text).toContain(app.t('en', 'safety.numbers.CN').split('\n')[0]!);
  });

  it('someone else at risk gets its own reply, not the crisis reply', async () => {
    const p = app.patient('third-teams', 'zh-CN');
    await p.install();
    await p.press('yes');
    const reply = await p.say('我朋友昨天跟我说他不想活了，我很担心他');
    const all = reply.map((m) => m.text).join('\n');
    expect(all).toContain(app.t('zh-CN', 'safety.thirdParty').split('\n')[0]!);
    expect(all).not.toContain(app.t('zh-CN', 'safety.crisis').split('\n')[0]!);
  });
});

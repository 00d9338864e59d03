/**
 * Unreachable patients over Telegram (issue 23, docs/counsellors.md#unreachable-patients): a
 * patient who blocks the bot makes the Bot API answer 403 "bot was blocked by the user". The
 * check-in that met it is the last one tried: no reminders, no check-ins, no missed-check-in
 * alert, one routine alert in the digest; their next message brings them back, schedule and all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/channels/telegram/render.js';
import type { ManualClock } from '../../../src/clock.js';
import type { InProcessScheduler } from '../../../src/scheduling/inProcessScheduler.js';
import { TYPED_ONBOARDING } from '../../support/onboardingAnswers.js';
import { FakeBotApi } from './fakeBotApi.js';
import { textUpdate } from './fakeUpdates.js';
import { type AppDriver, startApp, TelegramPatient } from './telegramPatient.js';

const COUNSELLOR_GROUP = -1009990077;
const HOUR = 3_600_000;

describe('a Telegram patient who blocks the bot', () => {
  let api: FakeBotApi;
  let d: AppDriver;
  let p: TelegramPatient;
  let blocked = false;

  const scheduler = () => d.app.scheduler as InProcessScheduler;
  const context = async () => {
    const loaded = await d.app.store.loadPatient(`telegram:${p.userId}`);
    if (loaded.status !== 'ok') throw new Error('the patient is not stored');
    return (loaded.doc.snapshot as { context: { unreachableSince?: number | null } }).context;
  };
  /** Every call that tried to send the patient something, refused or not. */
  const attempts = () =>
    api.calls.filter((c) => c.method.startsWith('send') && String(c.params.chat_id) === String(p.userId));
  const advance = async (ms: number) => {
    (d.app.clock as ManualClock).advance(ms);
    await scheduler().runDue();
  };

  beforeAll(async () => {
    api = await FakeBotApi.start();
    d = await startApp(api, 'webhook', {
      COUNSELLOR_TELEGRAM_CHAT_IDS: String(COUNSELLOR_GROUP),
      COUNSELLOR_ENROL_CODE: 'open-sesame-42',
    });
    p = new TelegramPatient(api, d, 5150, 'en');
    api.intercept(({ method, params }) =>
      blocked && method.startsWith('send') && String(params.chat_id) === String(p.userId)
        ? { errorCode: 403, description: 'Forbidden: bot was blocked by the user' }
        : undefined,
    );
    await p.say('/start');
    for (const answer of TYPED_ONBOARDING.en) await p.say(answer);
  });

  afterAll(async () => {
    await d.stop();
    await api.close();
  });

  it('is marked unreachable by the check-in the 403 refused, and told to the counsellors once', async () => {
    blocked = true;
    const before = attempts().length;
    // 12:00 in Shanghai now; the check-in is at 21:00.
    await advance(9 * HOUR);
    const tried = attempts().slice(before);
    expect(tried).toHaveLength(1);
    expect(tried[0]!.failedWith).toBe(403);
    expect((await context()).unreachableSince).toBe(d.app.clock.now());
    const alerts = await d.app.store.listAlerts({ patientId: `telegram:${p.userId}` });
    expect(alerts.map((a) => [a.level, a.reason])).toEqual([['routine', 'alerts.reason.unreachable']]);
  });

  it('gets no reminder, no check-in and no missed-check-in alert while blocked', async () => {
    const before = attempts().length;
    // The reminder (23:00), four day ends, four check-ins and their reminders.
    for (let i = 0; i < 8; i++) await advance(12 * HOUR);
    expect(attempts().slice(before)).toEqual([]);
    const alerts = await d.app.store.listAlerts({ patientId: `telegram:${p.userId}` });
    expect(alerts.map((a) => a.reason)).toEqual(['alerts.reason.unreachable']);
  });

  it('is in the routine digest, and /patient says since when', async () => {
    const digest = api.sentTexts(COUNSELLOR_GROUP).map((m) => m.text);
    const reason = d.app.i18n.t('zh-CN', 'alerts.reason.unreachable');
    expect(digest.filter((t) => t.includes(escapeHtml(reason)))).toHaveLength(1);
    const sent = api.sentTexts(COUNSELLOR_GROUP).length;
    await d.deliverThen(
      textUpdate({ userId: 4242, chatId: COUNSELLOR_GROUP, text: `/patient ${await codeOf()}` }),
      () => api.sentTexts(COUNSELLOR_GROUP).length > sent,
    );
    const answer = api.sentTexts(COUNSELLOR_GROUP).slice(sent)[0]!.text;
    const [since] = d.app.i18n.t('zh-CN', 'alerts.patient.unreachable', { when: '|' }).split('|');
    expect(answer).toContain(escapeHtml(since!));
  });

  it('is reachable again with their next message, and their check-ins come back', async () => {
    blocked = false;
    const replies = await p.say('hello');
    expect(replies.length).toBeGreaterThan(0);
    expect((await context()).unreachableSince).toBeNull();
    const before = attempts().length;
    // On to the next 21:00 in Shanghai.
    const shanghaiHour = new Date(d.app.clock.now() + 8 * HOUR).getUTCHours();
    await advance(((21 - shanghaiHour + 24) % 24 || 24) * HOUR);
    const checkin = attempts().slice(before);
    expect(checkin.length).toBeGreaterThan(0);
    expect(checkin.every((c) => c.failedWith === undefined)).toBe(true);
    expect(checkin.map((c) => String(c.params.text)).join('\n')).toContain(
      escapeHtml(d.app.i18n.t('en', 'checkin.intro').split('\n')[0]!),
    );
  });

  async function codeOf(): Promise<string> {
    const loaded = await d.app.store.loadPatient(`telegram:${p.userId}`);
    return loaded.status === 'ok' ? loaded.doc.code : '';
  }
});

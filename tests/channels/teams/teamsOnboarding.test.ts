import { afterEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../../src/engine/types.js';
import { onboardByCards, TeamsApp, type TeamsPatient } from './appHarness.js';

let t: TeamsApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** Types every answer: words, digits in any script, and the text shown on the buttons. */
async function onboardByTyping(p: TeamsPatient, zh: boolean): Promise<void> {
  const typeLabel = (value: string) => {
    const b = p.lastButtons.find((x) => x.data.value === value);
    if (!b) throw new Error(`No option '${value}' on the latest question.`);
    return p.say(b.title);
  };
  await p.install();
  await p.say(zh ? '同意' : 'yes');
  await p.say(zh ? '三十' : '30');
  for (let i = 0; i < 7; i++) await p.say(zh ? '否' : 'no');
  await p.say(zh ? '四十五' : '45');
  await p.say(zh ? '４' : '4');
  await p.say('0');
  await p.say('1');
  await p.say('3');
  await typeLabel('all');
  await typeLabel('either');
  await p.say('21:00');
  await typeLabel('Asia/Shanghai');
  await p.say(zh ? '不' : 'no');
}

const cases: { how: string; lang: string; locale: Locale; zh: boolean; run: typeof onboardByCards }[] = [
  { how: 'card submits', lang: 'en-US', locale: 'en', zh: false, run: onboardByCards },
  { how: 'card submits', lang: 'zh-CN', locale: 'zh-CN', zh: true, run: onboardByCards },
  { how: 'typing', lang: 'en-GB', locale: 'en', zh: false, run: onboardByTyping },
  { how: 'typing', lang: 'zh-Hans', locale: 'zh-CN', zh: true, run: onboardByTyping },
];

describe('onboarding in Teams, end to end through the real app', () => {
  it.each(cases)('a new patient ($lang) reaches a plan by $how', async ({ lang, locale, zh, run }) => {
    t = await TeamsApp.start();
    const p = t.patient(`onb-${lang}-${zh}`, lang);
    await run(p, zh);

    // The welcome came on install, in the client's language, as a yes/no card.
    const welcome = p.inbox[0]!;
    expect(welcome.text).toContain(t.t(locale, 'onboarding.consent'));
    expect(welcome.text).not.toContain(t.t(locale === 'en' ? 'zh-CN' : 'en', 'onboarding.consent'));
    expect(welcome.buttons.map((b) => b.data.value)).toEqual(['yes', 'no']);
    // Nothing was refused along the way, and every message was a new proactive post.
    expect(p.transcript).not.toContain(t.t(locale, 'teams.card.invalid'));
    expect(p.inbox.every((m) => m.kind === 'send')).toBe(true);
    // The plan for a 30-year-old 45 days into recovery, and the daily check-in time.
    expect(p.transcript).toContain(t.t(locale, 'plan.early', { min: 30, max: 60, hrLow: 124, hrHigh: 143 }));
    expect(p.last.text).toContain(t.t(locale, 'onboarding.ready', { time: '21:00' }));

    const stored = await t.store.loadPatient(p.patientId);
    expect(stored.status).toBe('ok');
    if (stored.status !== 'ok') return;
    expect(stored.doc.locale).toBe(locale);
    expect(stored.doc.address).toMatchObject({ channel: 'teams', conversationId: p.conversationId });
    expect(stored.doc.address.reference).toMatchObject({ serviceUrl: t.connector.url });
  });

  it('asks the 0–10 craving question as an Adaptive Card of eleven buttons', async () => {
    t = await TeamsApp.start();
    const p = t.patient('scale', 'en-US');
    await p.install();
    await p.press('yes');
    await p.say('30');
    for (let i = 0; i < 7; i++) await p.press('no');
    const [question] = await p.say('45');
    expect(question!.buttons.map((b) => b.title)).toEqual(
      Array.from({ length: 11 }, (_, i) => t!.t('en', 'common.n', { n: i })),
    );
  });

  it('a stale card press changes nothing', async () => {
    t = await TeamsApp.start();
    const p = t.patient('stale', 'en-US');
    await p.install();
    const consent = p.lastButtons.find((b) => b.data.value === 'yes')!.data;
    await p.press('yes');
    const before = await t.store.loadPatient(p.patientId);
    await p.submit(consent);
    const after = await t.store.loadPatient(p.patientId);
    expect(after.status === 'ok' && before.status === 'ok' && after.doc.snapshot).toEqual(
      before.status === 'ok' && before.doc.snapshot,
    );
  });

  it('a forged card payload gets a polite reply and changes nothing', async () => {
    t = await TeamsApp.start();
    const p = t.patient('forged', 'zh-CN');
    await p.install();
    await p.press('yes');
    const before = await t.store.loadPatient(p.patientId);
    const replies = await p.submit({ askId: '2', value: '<img src=x onerror=alert(1)>' });
    expect(replies.map((r) => r.text)).toEqual([t.t('zh-CN', 'teams.card.invalid')]);
    const after = await t.store.loadPatient(p.patientId);
    expect(after).toEqual(before);
  });

  it('a re-delivered activity is handled once', async () => {
    t = await TeamsApp.start();
    const p = t.patient('dup', 'en-US');
    await p.install();
    const body = {
      type: 'message',
      id: 'f:same-id',
      channelId: 'msteams',
      serviceUrl: t.connector.url,
      from: p.user,
      recipient: { id: '28:dongyu-bot', name: 'Dongyu' },
      conversation: { id: p.conversationId, conversationType: 'personal' },
      locale: 'en-US',
      value: { askId: p.lastButtons[0]!.data.askId, value: 'yes' },
    };
    await t.post(body);
    const count = p.inbox.length;
    await t.post(body);
    expect(p.inbox.length).toBe(count);
  });
});

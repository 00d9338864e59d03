/**
 * docs/safety.md#three-outcomes, through the whole app: what the risk reader decides is what the
 * patient and the counsellors get, wherever the patient is (onboarding, a check-in, a session).
 * - risk: the crisis reply at once and an urgent alert that says why;
 * - possible: the direct question; yes → the crisis path, no → back where they were, no answer →
 *   a high alert after POSSIBLE_RISK_UNANSWERED_MINUTES, the question still open;
 * - someone else at risk: its own reply and a high alert;
 * - everyday idioms: neither.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard, type TestPatient } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const urgent = () => h.alerts.filter((a) => a.text.includes('🔴'));
// Alerts raised (not their reminders).
const high = () => h.alerts.filter((a) => a.text.includes('🟠') && !a.text.includes('⏰'));
const text = (messages: { text: string }[]) => messages.map((m) => m.text).join('\n');
/** The question itself: a message's last line (a reply may lead into it with a word of its own). */
const questionOf = (message: { text: string }) => message.text.split('\n').at(-1);

/** A patient at the first PAR-Q+ question of onboarding. */
async function atParq(p: TestPatient, zh = false) {
  await p.send({ kind: 'hello' });
  await p.say(zh ? '同意' : 'yes');
  await p.say('30');
}

describe('risk: the crisis reply at once, and an alert that says why', () => {
  it.each([
    {
      locale: 'en' as const,
      words: 'I have the knife right here and I am going to use it on myself tonight',
      why: 'plan',
    },
    { locale: 'zh-CN' as const, words: '炭和胶带都买好了，今晚就在车里烧炭', why: 'plan' },
    { locale: 'en' as const, words: 'everyone would be better off without me', why: 'burden' },
    { locale: 'zh-CN' as const, words: '我昨晚又用烟头烫自己了', why: 'selfInjury' },
  ])('($locale) mid-onboarding: "$words"', async ({ locale, words, why }) => {
    h = await Harness.create();
    const p = h.patient(`risk-${why}-${locale}`, locale === 'en' ? 'en' : 'zh-hans');
    await atParq(p, locale === 'zh-CN');
    const question = p.last.text;
    const reply = await p.say(words);
    expect(reply[0]!.text).toContain(h.t(locale, 'safety.numbers.CN'));
    expect(urgent()).toHaveLength(1);
    // The alert says why, in the counsellors' language (English here).
    expect(urgent()[0]!.text).toContain(h.t('en', `alerts.why.${why}`));
    // Continue brings back exactly the question that was open.
    const next = await p.press('continue');
    expect(questionOf(next.at(-1)!)).toBe(questionOf({ text: question }));
  });

  it('reads a self-harm phrase with an invisible bidi mark inside it', async () => {
    h = await Harness.create();
    const p = h.patient('risk-bidi', 'zh-hans');
    await atParq(p, true);
    await p.say('我想\u200F自\u200E杀');
    expect(urgent()).toHaveLength(1);
    await p.say('I want to kill\u200E my\u200Fself');
    expect(urgent().length).toBeGreaterThanOrEqual(1);
  });

  it('reads the whole of a very long message, the words at its end', async () => {
    h = await Harness.create();
    const p = h.patient('risk-long');
    await atParq(p);
    const long = `${'Today was a long day at work and I kept thinking about everything. '.repeat(70)}I am going to kill myself tonight.`;
    expect(long.length).toBeGreaterThan(4096);
    await p.say(long);
    expect(urgent()).toHaveLength(1);
  });
});

describe('possible: the direct question', () => {
  const possible = { en: 'i just drag everyone down, always have', 'zh-CN': '这是我最后一次打卡了 谢谢' };

  it.each(['en', 'zh-CN'] as const)('(%s) no → a kind word, and the open question again', async (locale) => {
    h = await Harness.create();
    const p = h.patient(`possible-no-${locale}`, locale === 'en' ? 'en' : 'zh-hans');
    await atParq(p, locale === 'zh-CN');
    const question = p.last.text;
    const reply = await p.say(possible[locale]);
    expect(text(reply)).toContain(h.t(locale, 'safety.riskCheck.ask'));
    expect(reply.at(-1)!.kind).toBe('yesno');
    expect(urgent()).toHaveLength(0);
    const after = await p.say(locale === 'en' ? 'no' : '没有');
    expect(text(after)).toContain(h.t(locale, 'safety.riskCheck.no'));
    expect(questionOf(after.at(-1)!)).toBe(questionOf({ text: question }));
    // Answered: no "unanswered" alert later.
    await h.advance(60 * 60_000);
    expect(high()).toHaveLength(0);
  });

  it.each(['en', 'zh-CN'] as const)('(%s) yes → the crisis reply and an urgent alert', async (locale) => {
    h = await Harness.create();
    const p = h.patient(`possible-yes-${locale}`, locale === 'en' ? 'en' : 'zh-hans');
    await atParq(p, locale === 'zh-CN');
    const question = p.last.text;
    await p.say(possible[locale]);
    const reply = await p.press('yes');
    expect(reply[0]!.text).toContain(h.t(locale, 'safety.numbers.CN'));
    expect(urgent()).toHaveLength(1);
    expect(urgent()[0]!.text).toContain(h.t('en', 'alerts.why.answeredYes'));
    // The crisis reply keeps the onboarding question behind Continue, not the direct question.
    const next = await p.press('continue');
    expect(questionOf(next.at(-1)!)).toBe(questionOf({ text: question }));
    await h.advance(60 * 60_000);
    expect(high()).toHaveLength(0);
  });

  it('no answer → a high alert after POSSIBLE_RISK_UNANSWERED_MINUTES; the question stays open', async () => {
    h = await Harness.create({ POSSIBLE_RISK_UNANSWERED_MINUTES: '10' });
    const p = h.patient('possible-silent');
    await atParq(p);
    await p.say(possible.en);
    await h.advance(9 * 60_000);
    expect(high()).toHaveLength(0);
    await h.advance(2 * 60_000);
    expect(high()).toHaveLength(1);
    expect(high()[0]!.text).toContain(h.t('en', 'alerts.reason.possibleRiskUnanswered'));
    // Told once, and the question can still be answered.
    await h.advance(60 * 60_000);
    expect(high()).toHaveLength(1);
    const after = await p.say('no');
    expect(text(after)).toContain(h.t('en', 'safety.riskCheck.no'));
  });

  it('self-harm words in the answer itself are risk', async () => {
    h = await Harness.create();
    const p = h.patient('possible-then-risk');
    await atParq(p);
    await p.say(possible.en);
    const reply = await p.say('yes, I want to kill myself');
    expect(reply[0]!.text).toContain(h.t('en', 'safety.numbers.CN'));
    expect(urgent()).toHaveLength(1);
  });

  it('asked mid-check-in, a no brings the check-in question back', async () => {
    h = await Harness.create();
    const p = h.patient('possible-checkin');
    await onboard(p);
    await p.command('checkin');
    const question = p.last.text;
    await p.say(possible.en);
    expect(p.last.text).toContain(h.t('en', 'safety.riskCheck.ask'));
    const after = await p.say('no');
    expect(questionOf(after.at(-1)!)).toBe(questionOf({ text: question }));
  });
});

describe('someone else at risk', () => {
  it.each([
    { locale: 'en' as const, words: 'my friend said he wants to die' },
    { locale: 'zh-CN' as const, words: '同病房的大哥说他出院以后就找个地方自己了断' },
  ])('($locale) gets how to help them, the crisis lines, and a high alert', async ({ locale, words }) => {
    h = await Harness.create();
    const p = h.patient(`third-${locale}`, locale === 'en' ? 'en' : 'zh-hans');
    await atParq(p, locale === 'zh-CN');
    const question = p.last.text;
    const reply = await p.say(words);
    expect(text(reply)).toContain(h.t(locale, 'safety.numbers.CN'));
    expect(urgent()).toHaveLength(0);
    expect(high()).toHaveLength(1);
    expect(high()[0]!.text).toContain(h.t('en', 'alerts.reason.thirdParty'));
    expect(questionOf(reply.at(-1)!)).toBe(questionOf({ text: question }));
  });
});

describe('everyday idioms get neither the crisis reply nor the question', () => {
  it.each([
    '笑死我了',
    '累死了',
    '好久不见想死你了',
    'this workout is killing me',
    'I could kill for a coffee',
    'my phone died',
  ])('"%s"', async (words) => {
    h = await Harness.create();
    const p = h.patient(`idiom-${words.length}`);
    await onboard(p);
    const reply = await p.say(words);
    expect(text(reply)).not.toContain(h.t('en', 'safety.riskCheck.ask'));
    expect(text(reply)).not.toContain(h.t('en', 'safety.numbers.CN'));
    expect(h.alerts.filter((a) => a.text.includes('🔴') || a.text.includes('🟠'))).toHaveLength(0);
  });
});

describe('a medical red flag in a session says what it was', () => {
  it('"my heart is racing and I feel faint" stops the session with an urgent alert', async () => {
    h = await Harness.create();
    const p = h.patient('redflag-session');
    await onboard(p);
    await p.command('craving');
    await p.say('6');
    await p.press('breathing5');
    const reply = await p.say('my heart is racing and I feel faint');
    expect(text(reply)).toContain(h.t('en', 'session.stoppedForSafety'));
    expect(urgent()).toHaveLength(1);
    expect(urgent()[0]!.text).toMatch(
      new RegExp(`${h.t('en', 'alerts.why.palpitations')}|${h.t('en', 'alerts.why.fainting')}`),
    );
  });
});

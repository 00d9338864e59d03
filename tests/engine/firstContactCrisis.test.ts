/**
 * docs/tone.md#a-crisis and docs/clinical-protocol.md#escalation: someone whose very first message is
 * self-harm gets the crisis reply first and on its own, not after a cheerful welcome and a consent question.
 * The counsellors are alerted at once (urgent), consent or not; the welcome and the consent question come
 * when the patient is ready to go on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('a first message that is a crisis', () => {
  it.each([
    { lang: 'en', locale: 'en' as const, words: 'I want to kill myself', yes: 'yes' },
    { lang: 'zh-hans', locale: 'zh-CN' as const, words: '我真的不想活了', yes: '同意' },
  ])(
    '($locale) gets the crisis reply alone, and the welcome only after Continue',
    async ({ lang, locale, words, yes }) => {
      h = await Harness.create();
      const p = h.patient(`first-crisis-${locale}`, lang);
      const reply = await p.say(words);
      const text = reply.map((m) => m.text).join('\n');
      // The reply opens with the crisis text (the numbers are the region's, from the time zone).
      const opening = h.t(locale, 'safety.crisis', { numbers: '' }).split('\n')[0]!;
      expect(reply[0]!.text.startsWith(opening)).toBe(true);
      expect(text).not.toContain(h.t(locale, 'onboarding.welcome'));
      expect(text).not.toContain(h.t(locale, 'onboarding.consent'));
      expect(text).toContain(h.t(locale, 'onboarding.continueAfterCrisis'));
      // The only button is Continue: nothing in this reply asks for consent.
      expect(reply.flatMap((m) => m.buttons ?? []).map((b) => b.label)).toEqual([
        h.t(locale, 'safety.continue'),
      ]);
      // Counsellors are told at once, with the patient's code only.
      expect(h.alerts.filter((a) => a.text.includes('🔴'))).toHaveLength(1);

      const next = await p.press('continue');
      expect(next.at(-1)!.text).toContain(h.t(locale, 'onboarding.welcome'));
      expect(next.at(-1)!.text).toContain(h.t(locale, 'onboarding.consent'));
      expect(next.at(-1)!.kind).toBe('yesno');
      await p.say(yes);
      expect(p.last.text).toContain(h.t(locale, 'screening.age'));
    },
  );

  it('a reply typed instead of Continue is heard, then the welcome and consent follow', async () => {
    h = await Harness.create();
    const p = h.patient('first-crisis-typed');
    await p.say('I want to die');
    // "yes" here continues the conversation; it is not consent to a question never shown.
    const next = await p.say('yes');
    expect(next.at(-1)!.text).toContain(h.t('en', 'onboarding.welcome'));
    expect(next.at(-1)!.kind).toBe('yesno');
    const other = h.patient('first-crisis-talks');
    await other.say('I want to die');
    const heard = await other.say('everything is falling apart');
    expect(heard[0]!.text).toContain(h.t('en', 'safety.heard'));
    expect(heard.at(-1)!.text).toContain(h.t('en', 'onboarding.consent'));
  });

  it('a first message that is no crisis still gets only the welcome and consent', async () => {
    h = await Harness.create();
    const p = h.patient('first-hello');
    const reply = await p.say('hello');
    expect(reply).toHaveLength(1);
    expect(reply[0]!.text).toContain(h.t('en', 'onboarding.welcome'));
    expect(reply[0]!.kind).toBe('yesno');
    expect(h.alerts).toEqual([]);
  });
});

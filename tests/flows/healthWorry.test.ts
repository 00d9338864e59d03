/**
 * Chest pain, fainting or breathlessness (docs/clinical-protocol.md#risk-words-and-medical-red-flags): during
 * a session it stops the session and alerts at once; mentioned anywhere else it is never met with a shrug.
 * The patient is told where to get help in their region, and the conversation goes on.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('a medical red flag outside a session', () => {
  it.each([
    ['en', 'my chest hurts a lot', 'en'],
    ['zh-CN', '我今天胸口疼', 'zh-CN'],
  ] as const)(
    '(%s) "%s": the emergency number, no exercise until it passes, then the question again',
    async (lang, text, locale) => {
      h = await Harness.create();
      const p = h.patient(`worry-${locale}`, lang);
      await onboard(p, { zh: locale === 'zh-CN' });
      await p.command('checkin');
      const reply = (await p.say(text)).map((m) => m.text).join('\n');
      expect(reply).toContain(
        h.t(locale, 'safety.healthWorry', { numbers: h.t(locale, 'safety.emergency.CN') }),
      );
      expect(reply).toContain(h.t(locale, 'checkin.craving', { i: 1, n: 6 }));
      // Outside a session it is advice, not an alert (the escalation table alerts during a session).
      expect(h.alerts.filter((m) => m.text.includes('🔴'))).toHaveLength(0);
    },
  );

  it('during onboarding too, and the onboarding question comes back', async () => {
    h = await Harness.create();
    const p = h.patient('worry-onboarding');
    await p.send({ kind: 'hello' });
    await p.say('yes');
    const reply = (await p.say('I feel dizzy and short of breath')).map((m) => m.text).join('\n');
    expect(reply).toContain(h.t('en', 'safety.emergency.CN'));
    expect(reply).toContain(h.t('en', 'screening.age'));
  });
});

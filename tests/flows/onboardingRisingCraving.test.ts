/**
 * docs/clinical-protocol.md#rising-craving-and-rescue-sessions: a rating of 7 or more is rising, and a rising
 * craving gets a session offered at once. The craving asked during onboarding counts too: once the plan is
 * given, the patient is offered a rescue session, through the same offer and session as /craving.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('a rising craving at onboarding', () => {
  it.each([
    { locale: 'en' as const, craving: 10, zh: false, prompt: 'offer.strong' },
    { locale: 'zh-CN' as const, craving: 7, zh: true, prompt: 'offer.prompt' },
  ])(
    '($locale, $craving/10) is offered a session right after the plan',
    async ({ locale, craving, zh, prompt }) => {
      h = await Harness.create();
      const p = h.patient(`onboarding-rising-${locale}`, locale);
      await onboard(p, { zh, craving });
      const last = p.last;
      // The plan and the daily check-in are set up first, then the offer.
      expect(p.transcript).toContain(h.t(locale, 'onboarding.ready', { time: '21:00' }));
      expect(last.text).toContain(h.t(locale, 'onboarding.rising'));
      expect(last.text).toContain(h.t(locale, prompt, { before: craving }));
      expect(last.kind).toBe('choice');
      expect(last.buttons!.at(-1)!.label).toBe(h.t(locale, 'offer.notNow'));

      // The offer leads into the usual session, and the onboarding rating is its "before".
      await p.press('breathing5');
      expect(p.last.text).toContain(h.t(locale, 'sessions.breathing5.s1', { step: 1, steps: 2 }));
      await p.press('next');
      await p.press('next');
      await p.say('3');
      const session = (await h.store.getHistory(p.id)).find((e) => e.t === 'session');
      expect(session).toMatchObject({ sessionId: 'breathing5', before: craving, after: 3, completed: true });
    },
  );

  it('declining the offer at 8 or more tells the counsellor, as after /craving', async () => {
    h = await Harness.create();
    const p = h.patient('onboarding-rising-declined');
    await onboard(p, { craving: 9 });
    await p.press('notnow');
    expect(p.last.text).toContain(h.t('en', 'offer.declinedTold'));
    expect(h.alerts.some((a) => a.text.includes('🟠'))).toBe(true);
  });

  it('a craving below 7 ends onboarding with the plan and no offer', async () => {
    h = await Harness.create();
    const p = h.patient('onboarding-calm');
    await onboard(p, { craving: 6 });
    expect(p.last.text).toContain(h.t('en', 'onboarding.ready', { time: '21:00' }));
    expect(p.last.buttons ?? []).toEqual([]);
  });
});

describe('the same offer after a daily check-in', () => {
  it('a check-in craving of 7 or more is answered with a session offer', async () => {
    h = await Harness.create();
    const p = h.patient('checkin-rising');
    await onboard(p);
    await p.command('checkin');
    for (const a of ['8', '8', '5']) await p.say(a);
    await p.press('ok');
    await p.press('0');
    await p.press('no');
    expect(p.last.text).toContain(h.t('en', 'checkin.rising'));
    expect(p.last.text).toContain(h.t('en', 'offer.strong', { before: 8 }));
    expect(p.last.kind).toBe('choice');
  });
});

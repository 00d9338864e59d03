import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('onboarding → screening → assessment → prescription', () => {
  it.each([
    { lang: 'en', locale: 'en' as const, zh: false },
    { lang: 'zh-hans', locale: 'zh-CN' as const, zh: true },
  ])('a new patient ($locale) reaches a plan and a daily check-in', async ({ lang, locale, zh }) => {
    h = await Harness.create();
    const p = h.patient(`p-${locale}`, lang);
    const first = await p.send({ kind: 'hello' });
    expect(first.at(-1)!.text).toContain(h.t(locale, 'onboarding.consent'));
    expect(first.at(-1)!.kind).toBe('yesno');
    await onboard(p, { zh });
    expect(p.transcript).toContain(h.t(locale, 'stage.early'));
    const plan = h.t(locale, 'plan.early', { min: 30, max: 60, hrLow: 124, hrHigh: 143 });
    expect(p.transcript).toContain(plan);
    expect(p.last.text).toContain(h.t(locale, 'onboarding.ready', { time: '21:00' }));
  });

  it('a PAR-Q+ yes gives the light-only plan and tells a counsellor', async () => {
    h = await Harness.create();
    const p = h.patient('parq-yes');
    await onboard(p, { parqYes: true });
    expect(p.transcript).toContain(h.t('en', 'plan.notCleared', { min: 10, max: 20, hrLow: '', hrHigh: '' }));
    expect(p.transcript).not.toContain(
      h.t('en', 'plan.early', { min: 30, max: 60, hrLow: 124, hrHigh: 143 }),
    );
  });

  it('a clearance is news only to a patient who was waiting for one (a PAR-Q+ yes)', async () => {
    h = await Harness.create();
    const clearance = { kind: 'timer' as const, event: { type: 'CLEARANCE_GRANTED' as const, by: 'Dr Li' } };
    const waiting = h.patient('parq-yes-cleared');
    await onboard(waiting, { parqYes: true });
    expect((await waiting.send(clearance))[0]!.text).toContain(h.t('en', 'clearance.granted'));
    const allNo = h.patient('parq-all-no');
    await onboard(allNo);
    expect(await allNo.send(clearance)).toEqual([]);
  });

  it('an acute-stage patient cleared by the PAR-Q+ is not told "moderate exercise" beside a light plan', async () => {
    h = await Harness.create();
    const p = h.patient('acute-cleared');
    await onboard(p, { days: 3 });
    expect(p.transcript).toContain(h.t('en', 'assessment.cleared'));
    expect(p.transcript).toContain(h.t('en', 'plan.acute', { min: 10, max: 20 }).split('\n')[0]);
    expect(p.transcript.toLowerCase()).not.toContain('moderate exercise');
  });

  it('a clearance recorded while the PAR-Q+ is still being answered is kept: the full plan, no light-only alert', async () => {
    h = await Harness.create();
    const p = h.patient('cleared-mid-parq');
    await p.send({ kind: 'hello' });
    await p.say('yes');
    await p.say('30');
    await p.say('yes'); // PAR-Q+ question 1: yes
    await p.send({ kind: 'timer', event: { type: 'CLEARANCE_GRANTED', by: 'Dr Li' } });
    for (let i = 1; i < 7; i++) await p.say('no');
    for (const a of ['45', '4', '0', '1', '3']) await p.say(a);
    for (const v of ['all', 'either', '21:00', 'Asia/Shanghai']) await p.press(v);
    await p.say('no');
    expect(p.transcript).toContain(h.t('en', 'assessment.clearedByCounsellor'));
    expect(p.transcript).toContain(h.t('en', 'plan.early', { min: 30, max: 60, hrLow: 124, hrHigh: 143 }));
    expect(p.transcript).not.toContain(h.t('en', 'screening.parqLightOnly'));
    const alerts = await h.store.listAlerts({ patientId: p.id });
    expect(alerts.filter((a) => a.reason.endsWith('parqYes'))).toEqual([]);
  });

  it('declining consent keeps nothing', async () => {
    h = await Harness.create();
    const p = h.patient('no-consent');
    await p.send({ kind: 'hello' });
    await p.say('no');
    expect(p.last.text).toContain(h.t('en', 'onboarding.declined'));
    expect((await h.store.loadPatient(p.id)).status).toBe('missing');
  });

  it('under 18: told kindly, nothing kept', async () => {
    h = await Harness.create();
    const p = h.patient('young');
    await p.send({ kind: 'hello' });
    await p.press('yes');
    await p.say('十六');
    expect(p.last.text).toContain(h.t('en', 'screening.underage', { age: 18 }));
    expect((await h.store.loadPatient(p.id)).status).toBe('missing');
  });

  it('PHQ-2 ≥ 3 leads to the full PHQ-9', async () => {
    h = await Harness.create();
    const p = h.patient('phq');
    await p.send({ kind: 'hello' });
    await p.say('yes');
    await p.say('30');
    for (let i = 0; i < 7; i++) await p.say('no');
    await p.say('45');
    await p.say('4');
    await p.say('2');
    const next = await p.say('2');
    expect(next.at(-1)!.text).toContain(h.t('en', 'screening.phq.sleep', { i: 3, n: 9 }));
  });
});

/**
 * Re-assessment (docs/program.md#re-assessment): the PHQ-2 every 14 days after the check-in (the
 * PHQ-9 when it is 3 or more, item 9 above 0 the crisis path, a rise of 5 or more a high alert), the
 * PAR-Q+ every 90 days and after any red flag (a yes: light workouts until clearance).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { COUNSELLORS, Harness, onboard, type TestPatient } from '../../support/patientHarness.js';
import { answerCheckin, buttons, DAY, MIN, text } from './programDriver.js';

let h: Harness;
afterEach(() => h?.close());

/** Onboards (early abstinence, PHQ-2 of 0 + 1), starts the program at a check-in, picks every weekday. */
async function started(id: string, zh = false): Promise<TestPatient> {
  h = await Harness.create();
  const p = h.patient(id, zh ? 'zh-CN' : 'en');
  await onboard(p, { zh });
  await p.command('checkin');
  await answerCheckin(p);
  await p.press('12345');
  if (buttons(p).includes('skip')) await p.press('skip');
  return p;
}

/** Monday 2 March, 21:01 in Shanghai: day 0 of the program (it began at noon that day). */
const DAY0 = Date.UTC(2026, 2, 2, 13, 1);

/** Lives to day `n` of the program at 21:01 (the check-ins due before left unanswered), then checks in. */
async function checkinOnDay(p: TestPatient, n: number) {
  while (h.clock.now() + DAY <= DAY0 + n * DAY) await h.advance(DAY);
  await h.advance(DAY0 + n * DAY - h.clock.now());
  return text(await answerCheckin(p));
}

const alertsOf = async (p: TestPatient) => h.store.listAlerts({ patientId: p.id });

describe('the PHQ every 14 days', () => {
  it.each([
    ['en', false],
    ['zh-CN', true],
  ] as const)(
    '(%s) comes after the check-in on day 14, before the workout, and is recorded',
    async (locale, zh) => {
      const p = await started(`phq-${locale}`, zh);
      expect(await checkinOnDay(p, 13)).not.toContain(h.t(locale, 'program.phq.intro'));
      const asked = await checkinOnDay(p, 14); // Monday 16 March, 14 days after the program began
      expect(asked).toContain(h.t(locale, 'program.phq.intro'));
      expect(buttons(p)).toEqual(['0', '1', '2', '3']);
      await p.press('1');
      const result = text(await p.press('0'));
      expect(result).toContain(
        h.t(locale, 'program.phq.result', { score: 1, max: 6, mood: '@assessment.phq2.low' }),
      );
      // Then the day's workout.
      expect(buttons(p)).toContain('skip');
      expect((await h.store.getHistory(p.id)).filter((e) => e.t === 'phq')).toMatchObject([
        { items: [1, 0] },
      ]);
      // Not again the next day; again 14 days later.
      await p.press('skip');
      expect(await checkinOnDay(p, 15)).not.toContain(h.t(locale, 'program.phq.intro'));
    },
  );

  it('goes on to the PHQ-9 at 3 or more; a total 5 or more above the last is a high alert, 10 or more the routine one', async () => {
    const p = await started('phq9');
    await checkinOnDay(p, 14);
    for (const a of ['2', '2', '1', '2', '1', '2', '1', '1', '0']) await p.press(a);
    const said = text(p.inbox.slice(-3));
    expect(said).toContain(
      h.t('en', 'program.phq.result', { score: 12, max: 27, mood: '@assessment.phq9.moderate' }),
    );
    expect(said).toContain(h.t('en', 'program.phq.toldCounsellor'));
    const alerts = await alertsOf(p);
    expect(alerts.find((a) => a.reason === 'alerts.reason.phqRise')).toMatchObject({
      level: 'high',
      params: { from: 1, to: 12 },
    });
    expect(alerts.find((a) => a.reason === 'alerts.reason.phq9High')).toMatchObject({ level: 'routine' });
    expect(h.channel.to(COUNSELLORS.conversationId).some((m) => m.text.includes('🟠'))).toBe(true);
    expect((await h.store.getHistory(p.id)).find((e) => e.t === 'phq')).toMatchObject({
      items: [2, 2, 1, 2, 1, 2, 1, 1, 0],
    });
  });

  it('item 9 above 0: the crisis reply and an urgent alert, and no workout in the same breath', async () => {
    const p = await started('item9');
    await checkinOnDay(p, 14);
    for (const a of ['3', '2', '1', '1', '1', '1', '1', '1']) await p.press(a);
    const reply = text(await p.press('1'));
    expect(reply).toContain(h.t('en', 'safety.crisis', { numbers: '@safety.numbers.CN' }));
    expect(buttons(p)).not.toContain('skip');
    expect((await alertsOf(p)).find((a) => a.reason === 'alerts.reason.phq9Item9')).toMatchObject({
      level: 'urgent',
    });
    expect(h.channel.to(COUNSELLORS.conversationId).some((m) => m.text.includes('🔴'))).toBe(true);
  });
});

describe('the PAR-Q+ again', () => {
  it('after a red flag: asked before the next workout; a yes means light workouts until clearance', async () => {
    const p = await started('parq-flag');
    await h.advance(MIN);
    await p.say('I had chest pain on the stairs'); // a red flag outside a session: advice, no alert
    const asked = await checkinOnDay(p, 2); // Wednesday, past the day of rest
    expect(asked).toContain(h.t('en', 'program.parq.introRedFlag'));
    for (let i = 0; i < 7; i++) await p.press(i === 1 ? 'yes' : 'no');
    expect(text(p.inbox.slice(-2))).toContain(h.t('en', 'program.parq.lightOnly'));
    // Light workouts only: the light forms, at the light plan's dose (mind-body first on it).
    expect(buttons(p)).toEqual(['baduanjin', 'later', 'skip']);
    expect(p.last.text).toContain('20 minutes');
    expect((await alertsOf(p)).find((a) => a.reason === 'alerts.reason.parqYes')).toMatchObject({
      level: 'routine',
    });
    expect((await h.store.getHistory(p.id)).find((e) => e.t === 'parq')).toMatchObject({ yes: 1 });
    // Asked once: the next day's check-in goes straight to the workout.
    await p.press('skip');
    expect(await checkinOnDay(p, 3)).not.toContain(h.t('en', 'program.parq.intro'));
  });

  it('every 90 days; all no changes nothing', async () => {
    const p = await started('parq-90');
    // A check-in every 14 days (the PHQ answered when it comes) until day 84; then day 90.
    for (let n = 14; n <= 84; n += 14) {
      await checkinOnDay(p, n);
      while (buttons(p).join() === '0,1,2,3') await p.press('0');
      if (buttons(p).includes('skip')) await p.press('skip');
    }
    expect(text(p.inbox)).not.toContain(h.t('en', 'program.parq.intro'));
    expect(await checkinOnDay(p, 91)).toContain(h.t('en', 'program.parq.intro')); // a Monday
    for (let i = 0; i < 7; i++) await p.press('no');
    expect(text(p.inbox.slice(-2))).toContain(h.t('en', 'program.parq.clear'));
    expect(buttons(p)).toContain('skip');
  });
});

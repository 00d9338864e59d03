/**
 * The week's dose against the prescription where patients and counsellors look
 * (docs/program.md#dose-and-outcome): /progress, the Sunday summary, the counsellor's /patient, and
 * /report (its usage, and a patient whose program has not begun).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { COUNSELLORS, Harness, onboard, type TestPatient } from '../../support/patientHarness.js';
import { advanceTo, answerCheckin, buttons, doWorkout, text } from './programDriver.js';

let h: Harness;
afterEach(() => h?.close());

const counsellor = (name: string, args: string) =>
  h.app.desk.handle({
    address: COUNSELLORS,
    actor: { id: 'c1', name: 'Cara' },
    message: { kind: 'command', name, args },
  });
const codeOf = async (p: TestPatient) =>
  ((await h.store.loadPatient(p.id)) as { doc: { code: string } }).doc.code;

/** Onboards in early abstinence, picks Mon, Wed, Fri at Monday's check-in and does that day's workout. */
async function oneWorkout(locale: 'en' | 'zh-CN'): Promise<TestPatient> {
  h = await Harness.create();
  const p = h.patient(`dose-${locale}`, locale);
  await onboard(p, { zh: locale === 'zh-CN' });
  await advanceTo(h, '21:01');
  await answerCheckin(p);
  await p.press('135');
  await p.press(buttons(p)[0]!);
  await doWorkout(p);
  return p;
}

describe('the dose against the prescription', () => {
  it.each(['en', 'zh-CN'] as const)('(%s) in /progress: workouts, minutes and the mix', async (locale) => {
    const p = await oneWorkout(locale);
    const progress = text(await p.command('progress'));
    expect(progress).toContain(
      h.t(locale, 'program.dose.week', {
        week: 1,
        day: 1,
        done: 1,
        planned: 3,
        minutes: 30,
        plannedMinutes: 90,
      }),
    );
    expect(progress).toContain(
      h.t(locale, 'program.dose.mix', {
        aerobic: 30,
        plannedAerobic: 30,
        resistance: 0,
        plannedResistance: 30,
        mindbody: 0,
        plannedMindbody: 30,
      }),
    );
  });

  it('in the Sunday summary', async () => {
    const p = await oneWorkout('en');
    for (let d = 0; d < 6; d++) {
      await advanceTo(h, '21:01');
      await answerCheckin(p);
      if (buttons(p).includes('skip')) await p.press('skip');
    }
    const sunday = p.inbox.find((m) => m.image && m.text.includes(h.t('en', 'charts.weekly.heading')));
    expect(sunday?.text).toContain(
      h.t('en', 'program.dose.week', {
        week: 1,
        day: 7,
        done: 1,
        planned: 3,
        minutes: 30,
        plannedMinutes: 90,
      }),
    );
  });

  it("in the counsellor's /patient: the plan, the dose in RPE terms, the days", async () => {
    const p = await oneWorkout('en');
    const before = h.alerts.length;
    await counsellor('patient', await codeOf(p));
    const shown = text(h.alerts.slice(before));
    expect(shown).toContain(
      h.t('en', 'alerts.patient.program', {
        week: 1,
        plan: '@alerts.patient.plan.early',
        minutes: 30,
        level: '@alerts.patient.level.2',
        days: 'Monday, Wednesday, Friday',
      }),
    );
    expect(shown).toContain('1 of 3 workouts, 30 of 90 minutes');
  });
});

describe('/report', () => {
  it('says how to use it, and when the program has not begun', async () => {
    h = await Harness.create();
    const p = h.patient('not-yet');
    await onboard(p);
    const before = h.alerts.length;
    await counsellor('report', '');
    await counsellor('report', await codeOf(p));
    await counsellor('report', 'P-NONE');
    expect(h.alerts.slice(before).map((m) => m.text)).toEqual([
      h.t('en', 'alerts.desk.usage.report'),
      h.t('en', 'alerts.desk.noProgram', { code: await codeOf(p) }),
      h.t('en', 'alerts.desk.noSuchPatient', { code: 'P-NONE' }),
    ]);
  });

  it('is refused in a chat that is not a counsellor chat', async () => {
    h = await Harness.create();
    const p = h.patient('asks-report');
    await onboard(p);
    await h.app.desk.handle({
      address: p.address,
      actor: { id: p.id, name: 'Pat' },
      oneToOne: true,
      languageCode: 'en',
      message: { kind: 'command', name: 'report', args: await codeOf(p) },
    });
    expect(p.last.text).toBe(h.t('en', 'alerts.desk.notAuthorisedPrivate'));
  });
});

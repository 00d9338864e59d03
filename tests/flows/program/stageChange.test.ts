/**
 * Stage changes told on their day (docs/program.md#stage-changes): day 15 moves acute withdrawal to
 * early abstinence, day 91 early abstinence to maintenance, a reported use starts the count again;
 * the patient hears what changes and why with the new plan, the counsellors get a routine note.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../../support/patientHarness.js';
import { advanceTo, answerCheckin, buttons, text } from './programDriver.js';

let h: Harness;
afterEach(() => h?.close());

/** The stage-change notes raised for the patient (routine: they reach counsellors in the daily digest). */
async function routine(patientId: string) {
  return (await h.store.listAlerts({ patientId })).filter(
    (a) => a.level === 'routine' && a.reason === 'alerts.reason.stageChange',
  );
}

describe('a stage change', () => {
  it.each([
    ['en', false],
    ['zh-CN', true],
  ] as const)(
    "(%s) day 15: told as that day's check-in starts, with the new plan; the counsellor gets a routine note",
    async (locale, zh) => {
      h = await Harness.create();
      const p = h.patient(`day15-${locale}`, locale);
      await onboard(p, { zh, days: 3 }); // Monday 2 March, 3 days since the last use
      for (let day = 2; day <= 13; day++) {
        await advanceTo(h, '21:01');
        await answerCheckin(p);
        if (buttons(p).includes('skip')) await p.press('skip');
      }
      expect(text(p.inbox)).not.toContain(
        h.t(locale, 'program.stage.early', { days: 15, minutes: 30, cue: '@workouts.cue.level2' }),
      );
      await advanceTo(h, '21:01'); // Saturday 14 March: 15 days since the last use
      const told = text(p.inbox.slice(-2));
      expect(told).toContain(
        h.t(locale, 'program.stage.early', { days: 15, minutes: 30, cue: '@workouts.cue.level2' }),
      );
      expect(told).toContain(h.t(locale, 'plan.early', { min: 30, max: 60, hrLow: 124, hrHigh: 143 }));
      expect(
        told.indexOf(
          h.t(locale, 'program.stage.early', { days: 15, minutes: 30, cue: '@workouts.cue.level2' }),
        ),
      ).toBeLessThan(told.indexOf(h.t(locale, 'checkin.intro')));
      const notes = await routine(p.id);
      expect(notes.map((a) => [a.reason, a.params])).toEqual([
        ['alerts.reason.stageChange', { from: '@alerts.stage.acute', to: '@alerts.stage.early', days: 15 }],
      ]);
      // The new plan takes 3–5 days a week: they are asked after the check-in.
      expect(text(await answerCheckin(p))).toContain(h.t(locale, 'program.days.ask', { min: 3, max: 5 }));
      // Told once: the next day brings no second word of it.
      await advanceTo(h, '21:01');
      expect(text(p.inbox.slice(-2))).not.toContain(
        h.t(locale, 'program.stage.early', { days: 16, minutes: 30, cue: '@workouts.cue.level2' }),
      );
      expect(await routine(p.id)).toHaveLength(1);
    },
  );

  it('day 91: early abstinence to maintenance, with the workouts fitted into the new plan', async () => {
    h = await Harness.create();
    const p = h.patient('day91');
    await onboard(p, { days: 85 });
    await advanceTo(h, '21:01');
    await answerCheckin(p);
    await p.press('135');
    await p.press('skip');
    for (let day = 1; day <= 6; day++) await advanceTo(h, '21:01');
    expect(text(p.inbox.slice(-3))).toContain(
      h.t('en', 'program.stage.maintenance', { days: 91, minutes: 40, cue: '@workouts.cue.level2' }),
    );
    expect((await routine(p.id)).map((a) => a.params)).toEqual([
      { from: '@alerts.stage.early', to: '@alerts.stage.maintenance', days: 91 },
    ]);
  });

  it('a reported use starts the count again: the gentle plan is told at the next check-in, with a routine note', async () => {
    h = await Harness.create();
    const p = h.patient('restart');
    await onboard(p); // early abstinence
    await p.command('checkin');
    await answerCheckin(p);
    await p.press('135');
    await p.press('skip');
    await p.command('lapse'); // the high alert at once
    await p.say('4');
    await p.press('notnow');
    await advanceTo(h, '21:01');
    const told = text(p.inbox.slice(-2));
    expect(told).toContain(
      h.t('en', 'program.stage.restart.acute', { days: 0, minutes: 30, cue: '@workouts.cue.level1' }),
    );
    expect(told).toContain(h.t('en', 'plan.acute', { min: 15, max: 30, hrLow: '', hrHigh: '' }));
    expect((await routine(p.id)).map((a) => a.params)).toEqual([
      { from: '@alerts.stage.early', to: '@alerts.stage.acute', days: 0 },
    ]);
    // A daily plan now: no days to choose, the next day's light workout follows its check-in.
    await advanceTo(h, '21:01');
    await answerCheckin(p);
    expect(buttons(p)).toContain('skip');
  });

  it('reaches the counsellors in the daily digest', async () => {
    h = await Harness.create();
    const p = h.patient('digest');
    await onboard(p, { days: 14 });
    await advanceTo(h, '21:01'); // the program starts (day 14)
    await answerCheckin(p);
    await p.press('skip');
    await advanceTo(h, '21:01'); // day 15
    await advanceTo(h, '09:01'); // the digest
    const digest = h.alerts.map((m) => m.text).join('\n');
    expect(digest).toContain(
      h.t('en', 'alerts.reason.stageChange', {
        from: '@alerts.stage.acute',
        to: '@alerts.stage.early',
        days: 15,
      }),
    );
  });
});

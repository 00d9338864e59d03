/**
 * Issue 25's "done when", as a test (docs/program.md): a patient followed over twelve simulated
 * weeks, in both languages, is guided through workouts of all three kinds, sees the dose grow and step back after a missed week, is told of the
 * move from acute withdrawal to early abstinence on day 15, answers a PHQ-2 every two weeks, and
 * their counsellor can read the report (and the clinic the cohort CSV). On the memory store: the
 * program on Redis is tests/store/redisProgram.test.ts (some 2,000 turns here would take minutes there).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../flows/history.js';
import { loadContent } from '../../../src/content.js';
import { createProgramReader } from '../../../src/engine/programView.js';
import type { Locale } from '../../../src/engine/types.js';
import { cohortCsv } from '../../../src/ops/cohortCsv.js';
import { COUNSELLORS, Harness, onboard, type TestPatient } from '../../support/patientHarness.js';
import { advanceTo, answerCheckin, buttons, doWorkout, text } from './programDriver.js';

let h: Harness;
afterEach(() => h?.close());

const PNG = [0x89, 0x50, 0x4e, 0x47];

/** One evening at 21:01: the check-in, what the program asks, and the workout (or none, in the missed week). */
async function evening(p: TestPatient, skipWorkouts: boolean): Promise<void> {
  await advanceTo(h, '21:01');
  await answerCheckin(p, { craving: 3, peak: 4 });
  for (let guard = 0; guard < 20; guard++) {
    const b = buttons(p);
    if (b.join() === '0,1,2,3')
      await p.press('0'); // the PHQ
    else if (b[0] === '135')
      await p.press('135'); // the workout days
    else if (b.join() === 'yes,no')
      await p.press('no'); // the PAR-Q+
    else if (b.includes('later')) {
      if (skipWorkouts) await p.press(b.includes('skip') ? 'skip' : 'later');
      else {
        await p.press(b[0]!);
        await doWorkout(p, { before: 5, effort: 'easy', after: 3 });
      }
      return;
    } else return;
  }
}

// Some 2,000 turns per patient: more than the default 20 s on a loaded machine.
describe('twelve weeks of the program', { timeout: 180_000 }, () => {
  it.each(['en', 'zh-CN'] as const)(
    '(%s) from acute withdrawal through early abstinence',
    async (locale: Locale) => {
      h = await Harness.create();
      const p = h.patient(`twelve-${locale}`, locale);
      await onboard(p, { zh: locale === 'zh-CN', days: 3 }); // Monday 2 March, noon; 3 days since the last use
      for (let day = 0; day < 12 * 7; day++) await evening(p, day >= 6 * 7 && day < 7 * 7); // week 7 missed
      await advanceTo(h, '21:01'); // Monday of week 13: week 12 is reviewed
      const history = await h.store.getHistory(p.id);
      const all = text(p.inbox);

      // Guided through workouts of all three kinds.
      const workouts = history.filter((e): e is Extract<HistoryEntry, { t: 'workout' }> => e.t === 'workout');
      expect(new Set(workouts.map((w) => w.modality))).toEqual(
        new Set(['aerobic', 'resistance', 'mindbody']),
      );
      expect(workouts.every((w) => w.completed && w.before === 5 && w.after === 3 && w.effort === 11)).toBe(
        true,
      );

      // The dose grows week by week, steps back after the missed week, then grows to the top.
      const weeks = history.filter((e): e is Extract<HistoryEntry, { t: 'week' }> => e.t === 'week');
      expect(weeks.map((w) => [w.week, w.dose, w.outcome])).toEqual([
        [1, 15, 'up'],
        [2, 30, 'newPlan'], // day 15 came on its Saturday: the early plan's start, no step
        [3, 30, 'up'],
        [4, 35, 'up'],
        [5, 40, 'up'],
        [6, 45, 'up'],
        [7, 50, 'back'],
        [8, 45, 'up'],
        [9, 50, 'up'],
        [10, 55, 'up'],
        [11, 60, 'up'],
        [12, 60, 'top'],
      ]);
      expect(weeks.find((w) => w.week === 7)).toMatchObject({ planned: 3, done: 0 });
      expect(all).toContain(
        h.t(locale, 'program.week.back.minutes', { minutes: 45, cue: '@workouts.cue.level2' }),
      );
      expect(all).toContain(
        h.t(locale, 'program.week.up.level', { minutes: 60, cue: '@workouts.cue.level3' }),
      );
      expect(all).toContain(
        h.t(locale, 'program.milestone', { week: 12, workouts: workouts.length, from: 15, to: 60 }),
      );

      // Told of the move to early abstinence on day 15 (Saturday 14 March), the counsellor noted.
      expect(all).toContain(
        h.t(locale, 'program.stage.early', { days: 15, minutes: 30, cue: '@workouts.cue.level2' }),
      );
      const notes = await h.store.listAlerts({ patientId: p.id });
      expect(notes.filter((a) => a.reason === 'alerts.reason.stageChange').map((a) => a.level)).toEqual([
        'routine',
      ]);

      // A PHQ-2 every two weeks: days 14, 28, 42, 56 and 70 (the onboarding's was the first).
      const phq = history.filter((e) => e.t === 'phq');
      expect(phq).toHaveLength(5);
      expect(phq.every((e) => e.t === 'phq' && e.items.length === 2)).toBe(true);

      // The counsellor reads the report: a PNG with its text, baseline against now.
      const code = ((await h.store.loadPatient(p.id)) as { doc: { code: string } }).doc.code;
      const before = h.alerts.length;
      await h.app.desk.handle({
        address: COUNSELLORS,
        actor: { id: 'c1', name: 'Cara' },
        message: { kind: 'command', name: 'report', args: code },
      });
      const [report] = h.alerts.slice(before);
      expect([...report!.image!.png.slice(0, 4)]).toEqual(PNG);
      expect(report!.text).toContain(h.t('en', 'charts.report.title', { code }));
      // Weeks 1–12: 40 planned (the acute week's 7, then 3 a week), 37 done (none in week 7; week 2's extra
      // acute workouts make up for nothing).
      expect(report!.text).toContain(
        h.t('en', 'charts.report.value.adherence', { done: 37, planned: 40, percent: 93 }),
      );
      expect(report!.text).toMatch(/Week 7: 0 of 3 workouts, 0 of 150 min/);
      expect(report!.text).toMatch(/Week 12: 3 of 3 workouts, \d+ of 180 min/);

      // The clinic's cohort CSV: one row per program week, the code the only identifier.
      const { csv, patients } = await cohortCsv(
        h.store,
        createProgramReader(loadContent(), () => h.clock.now()),
        h.clock.now(),
      );
      expect(patients).toBe(1);
      const rows = csv.trim().split('\n');
      expect(rows).toHaveLength(1 + 13);
      expect(rows[7]).toMatch(new RegExp(`^${code},7,early,3,0,150,0,`));
      expect(csv).not.toContain(p.id);
    },
  );
});

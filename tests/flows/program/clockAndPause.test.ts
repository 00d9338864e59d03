/**
 * The program rides on the daily check-in (docs/program.md#where-it-lives): its weeks are the
 * patient's local days, so a DST change moves nothing; `/pause` silences it with the check-ins, and
 * the weeks a pause held are reviewed (a week without workouts steps back) when check-ins resume.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../flows/history.js';
import { Harness, onboard, type TestPatient } from '../../support/patientHarness.js';
import { answerCheckin, buttons, DAY, doWorkout, HOUR, MIN, text } from './programDriver.js';

let h: Harness;
afterEach(() => h?.close());

/** The rest of the evening after a check-in came due: answered, the workout done when offered. */
async function checkInAndWork(p: TestPatient) {
  await answerCheckin(p);
  while (buttons(p)[0] === '135') await p.press('135');
  if (buttons(p).includes('skip')) {
    await p.press(buttons(p)[0]!);
    await doWorkout(p);
  }
}

const weeks = async (p: TestPatient) =>
  (await h.store.getHistory(p.id)).filter((e): e is Extract<HistoryEntry, { t: 'week' }> => e.t === 'week');

describe('the program and the clock', () => {
  it('in New York, a week spanning the change to daylight saving time ends on its local Monday', async () => {
    h = await Harness.create();
    const p = h.patient('new-york');
    // Sunday 1 March, 23:00 in New York; the check-in at 21:00 local from Monday on.
    await onboard(p, { timezone: 'America/New_York' });
    await h.advance(22 * HOUR + MIN); // Monday 21:01 EST (02:01 UTC)
    await checkInAndWork(p); // the program begins: Monday 2 March is day 1 of week 1
    for (let d = 1; d < 7; d++) {
      await h.advance(DAY); // past 21:00 local each day; from Sunday 8 March that is EDT
      await checkInAndWork(p);
    }
    expect(await weeks(p)).toEqual([]);
    await h.advance(DAY); // Monday 9 March, 22:01 EDT: the check-in came at 21:00 EDT
    expect(text(p.inbox.slice(-2))).toContain(
      h.t('en', 'program.week.up.minutes', { minutes: 35, cue: '@workouts.cue.level2', done: 3, planned: 3 }),
    );
    expect((await weeks(p)).map((w) => [w.week, w.done, w.outcome])).toEqual([[1, 3, 'up']]);
  });

  it('/pause silences it; the weeks paused are reviewed when check-ins resume, each without workouts a step back', async () => {
    h = await Harness.create();
    const p = h.patient('paused');
    await onboard(p); // Monday, Shanghai
    await h.advance(9 * HOUR + MIN); // 21:01
    await checkInAndWork(p);
    for (let d = 1; d < 7; d++) {
      await h.advance(DAY);
      await checkInAndWork(p);
    }
    await h.advance(DAY); // Monday of week 2: up to 35 minutes
    await answerCheckin(p);
    await p.press('skip');
    await p.command('pause', '14');
    const paused = p.inbox.length;
    for (let d = 0; d < 14; d++) await h.advance(DAY);
    expect(p.inbox.length).toBe(paused); // nothing at all while paused
    await h.advance(DAY); // the first check-in after the pause: Tuesday of week 4
    const news = text(p.inbox.slice(paused));
    // Two weeks without workouts: back to 30 minutes, then nothing lower; the patient hears the last.
    expect(news).toContain(h.t('en', 'program.week.hold.none', { minutes: 30, cue: '@workouts.cue.level2' }));
    expect((await weeks(p)).map((w) => [w.week, w.done, w.dose, w.outcome])).toEqual([
      [1, 3, 30, 'up'],
      [2, 0, 35, 'back'],
      [3, 0, 30, 'hold'],
    ]);
  });
});

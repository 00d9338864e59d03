/**
 * The weekly step through the whole app (docs/program.md#progression): a week with every workout
 * done steps the dose up at the next week's first check-in; a week without workouts steps it back;
 * missed workouts, a hard effort and a red flag hold it; each reviewed week is recorded; the
 * milestone comes at the end of week 4.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard, type TestPatient } from '../../support/patientHarness.js';
import { advanceTo, answerCheckin, buttons, doWorkout, text } from './programDriver.js';

let h: Harness;
afterEach(() => h?.close());

/** Onboards in early abstinence (Monday) and picks Mon, Wed, Fri at the first check-in. */
async function start(id: string, zh = false): Promise<TestPatient> {
  h = await Harness.create();
  const p = h.patient(id, zh ? 'zh-CN' : 'en');
  await onboard(p, { zh });
  await advanceTo(h, '21:01');
  await answerCheckin(p);
  await p.press('135');
  return p;
}

/** The rest of a day from 21:01: the check-in, then the workout offered (done, or left) . */
async function evening(p: TestPatient, workout: { effort?: string } | 'skip' | null): Promise<string> {
  const said = text(await answerCheckin(p));
  // The PHQ every two weeks and the PAR-Q+ after a red flag come first: answered "not at all", "no".
  while (buttons(p).join() === '0,1,2,3') await p.press('0');
  while (buttons(p).join() === 'yes,no') await p.press('no');
  if (buttons(p).includes('skip')) {
    if (workout === 'skip' || workout === null) await p.press('skip');
    else {
      await p.press(buttons(p)[0]!);
      await doWorkout(p, { effort: workout.effort ?? 'somewhatHard' });
    }
  }
  return said;
}

const every = () => ({});
const news = (p: TestPatient) => text(p.inbox.slice(-12));

describe('the weekly step', () => {
  it.each([
    ['en', false],
    ['zh-CN', true],
  ] as const)('(%s) up after a full week, back after an empty one', async (locale, zh) => {
    const p = await start(`step-${locale}`, zh);
    // Monday's workout (the first offer, right after the days).
    await p.press(buttons(p)[0]!);
    await doWorkout(p);
    for (let d = 2; d <= 7; d++) {
      await advanceTo(h, '21:01');
      await evening(p, every());
    }
    await advanceTo(h, '21:01'); // Monday of week 2
    expect(news(p)).toContain(
      h.t(locale, 'program.week.up.minutes', {
        minutes: 35,
        cue: '@workouts.cue.level2',
        done: 3,
        planned: 3,
      }),
    );
    await evening(p, 'skip');
    for (let d = 2; d <= 7; d++) {
      await advanceTo(h, '21:01');
      await evening(p, 'skip');
    }
    await advanceTo(h, '21:01'); // Monday of week 3
    expect(news(p)).toContain(
      h.t(locale, 'program.week.back.minutes', { minutes: 30, cue: '@workouts.cue.level2' }),
    );
    const weeks = (await h.store.getHistory(p.id)).filter((e) => e.t === 'week');
    expect(weeks.map((w) => [w.week, w.done, w.planned, w.dose, w.outcome])).toEqual([
      [1, 3, 3, 30, 'up'],
      [2, 0, 3, 35, 'back'],
    ]);
  });

  it('holds after missed workouts, after a workout that felt hard, and after a red flag', async () => {
    const p = await start('hold');
    await p.press('skip'); // Monday: 2 of 3 this week
    for (let d = 2; d <= 7; d++) {
      await advanceTo(h, '21:01');
      await evening(p, every());
    }
    await advanceTo(h, '21:01');
    expect(news(p)).toContain(h.t('en', 'program.week.hold.missed', { minutes: 30, done: 2, planned: 3 }));
    await evening(p, { effort: 'hard' });
    expect(text(p.inbox.slice(-2))).toContain(h.t('en', 'workout.felt.hard'));
    for (let d = 2; d <= 7; d++) {
      await advanceTo(h, '21:01');
      await evening(p, every());
    }
    await advanceTo(h, '21:01');
    expect(news(p)).toContain(h.t('en', 'program.week.hold.effort', { minutes: 30 }));
    await evening(p, every());
    await p.say('my chest hurts'); // a red flag mentioned on Monday of week 3
    for (let d = 2; d <= 7; d++) {
      await advanceTo(h, '21:01');
      // The PAR-Q+ comes again after the red flag (all no), then the week goes on.
      await evening(p, every());
    }
    await advanceTo(h, '21:01');
    expect(news(p)).toContain(
      h.t('en', 'program.week.hold.redFlag', { minutes: 30, cue: '@workouts.cue.level2' }),
    );
  });

  it('says the milestone at the end of week 4, with the workouts done and the dose gained', async () => {
    const p = await start('milestone');
    await p.press(buttons(p)[0]!);
    await doWorkout(p);
    for (let d = 2; d <= 7; d++) {
      await advanceTo(h, '21:01');
      await evening(p, every());
    }
    for (let w = 2; w <= 4; w++) {
      await advanceTo(h, '21:01');
      await evening(p, every());
      await week2on(p);
    }
    await advanceTo(h, '21:01'); // Monday of week 5
    expect(news(p)).toContain(h.t('en', 'program.milestone', { week: 4, workouts: 12, from: 30, to: 50 }));
  });
});

/** Tuesday to Sunday of a week, every workout done. */
async function week2on(p: TestPatient) {
  for (let d = 2; d <= 7; d++) {
    await advanceTo(h, '21:01');
    await evening(p, every());
  }
}

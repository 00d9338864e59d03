/**
 * Guided workouts from the prescription (docs/program.md#a-guided-workout): offered after the
 * check-in on a workout day or started with /workout (or "today's workout" typed), guided step by
 * step by the clock or by Next, stoppable, with the effort in plain words and the craving before and
 * after, recorded in the history. Both languages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../../support/patientHarness.js';
import { answerCheckin, buttons, DAY, doWorkout, HOUR, MIN, text } from './programDriver.js';

let h: Harness;
afterEach(() => h?.close());

describe('a workout offered after the check-in', () => {
  it.each([
    ['en', false],
    ['zh-CN', true],
  ] as const)(
    '(%s) on a workout day, guided step by step by the clock, then recorded',
    async (locale, zh) => {
      h = await Harness.create();
      const p = h.patient(`offer-${locale}`, locale);
      await onboard(p, { zh, days: 3 }); // acute withdrawal: a light workout every day
      await h.advance(9 * HOUR + MIN); // 21:01, the check-in
      expect(text(p.inbox)).toContain(
        h.t(locale, 'program.intro.acute', { minutes: 15, cue: '@workouts.cue.level1' }),
      );
      const after = text(await answerCheckin(p));
      // Mind-body first on the acute plan; at night only indoor forms.
      expect(after).toContain(h.t(locale, 'workouts.modality.mindbody.purpose'));
      expect(buttons(p)).toEqual(['baduanjin', 'later', 'skip']);
      const start = await p.press('baduanjin');
      expect(text(start)).toContain(
        h.t(locale, 'workout.before', { form: '@workouts.form.baduanjin.name', minutes: 15 }),
      );
      await p.say('6');
      // Each step moves on by itself when its time is up.
      const steps: string[] = [];
      for (let i = 0; i < 10 && buttons(p).includes('next'); i++) {
        steps.push(p.last.text);
        await h.advance(4 * MIN + 1000);
      }
      expect(steps[0]).toContain('1/5');
      expect(steps.at(-1)).toContain('5/5');
      expect(p.last.text).toBe(h.t(locale, 'workout.effort'));
      await p.press('easy');
      const done = text(await p.say('3'));
      expect(done).toContain(
        h.t(locale, 'workout.done', {
          minutes: 16,
          before: 6,
          after: 3,
          form: '@workouts.form.baduanjin.name',
        }),
      );
      const entry = (await h.store.getHistory(p.id)).find((e) => e.t === 'workout');
      expect(entry).toMatchObject({
        form: 'baduanjin',
        modality: 'mindbody',
        minutes: 16,
        planned: 15,
        level: 1,
        before: 6,
        after: 3,
        effort: 11,
        completed: true,
        week: 1,
      });
    },
  );

  it('comes once a day: "Later" says how to start it, and no second offer follows that day', async () => {
    h = await Harness.create();
    const p = h.patient('later');
    await onboard(p, { days: 3 });
    await p.command('checkin');
    await answerCheckin(p);
    expect(text(await p.press('later'))).toContain(h.t('en', 'program.offer.later'));
    await p.command('checkin');
    const again = text(await answerCheckin(p));
    expect(again).not.toContain('Which would you like?');
    // /workout still starts one.
    expect(text(await p.command('workout'))).toContain('Which would you like?');
  });
});

describe('/workout', () => {
  it.each([
    ['en', false, "today's workout"],
    ['zh-CN', true, '今天的运动'],
  ] as const)(
    '(%s) typed as "%s" starts one at once: aerobic first, with talk-test cues and no heart rate',
    async (locale, zh, words) => {
      h = await Harness.create();
      const p = h.patient(`typed-${locale}`, locale);
      await onboard(p, { zh }); // 45 days: early abstinence
      const offer = text(await p.say(words));
      expect(offer).toContain(h.t(locale, 'workouts.modality.aerobic.purpose'));
      expect(buttons(p)).toEqual(['walk', 'march', 'cycle', 'later', 'skip']);
      await p.press('cycle');
      await p.say('5');
      await p.press('next'); // the warm-up
      const block = p.last.text;
      expect(block).toContain(h.t(locale, 'workouts.cue.level2'));
      expect(block).not.toMatch(/bpm|次\/分|心率/);
    },
  );

  it('the second workout is a resistance circuit in the standard form, easier one named', async () => {
    h = await Harness.create();
    const p = h.patient('circuit');
    await onboard(p);
    await p.command('workout');
    await p.press('walk');
    await doWorkout(p);
    await p.command('workout');
    expect(buttons(p)).toEqual(['bodyweight', 'band', 'later']);
    expect(p.last.text).toContain(
      h.t('en', 'program.offer.again', {
        minutes: 30,
        cue: '@workouts.cue.level2',
        modality: '@workouts.modality.resistance.name',
        purpose: '@workouts.modality.resistance.purpose',
      }),
    );
    await p.press('bodyweight');
    await p.say('4');
    await p.press('next');
    expect(p.last.text).toContain(h.t('en', 'workouts.exercise.squat.level2'));
    expect(p.last.text).toContain('Sit-to-stand');
  });

  it('during a workout says one is under way', async () => {
    h = await Harness.create();
    const p = h.patient('twice');
    await onboard(p);
    await p.command('workout');
    await p.press('march');
    await p.say('4');
    expect(text(await p.command('workout'))).toContain(h.t('en', 'workout.already'));
    expect(buttons(p)).toEqual(['next', 'stop', 'unwell']);
  });
});

describe('a workout cut short', () => {
  it('Stop: the effort and craving are still asked, and the steps done are recorded', async () => {
    h = await Harness.create();
    const p = h.patient('stop');
    await onboard(p);
    await p.command('workout');
    await p.press('walk');
    await p.say('7');
    await p.press('next'); // 5 min warm-up done
    expect(text(await p.press('stop'))).toContain(h.t('en', 'workout.stopped'));
    await p.press('easy');
    await p.say('5');
    expect((await h.store.getHistory(p.id)).find((e) => e.t === 'workout')).toMatchObject({
      completed: false,
      minutes: 5,
      before: 7,
      after: 5,
    });
    // Its timer is gone: nothing more comes.
    const n = p.inbox.length;
    await h.advance(20 * MIN);
    expect(p.inbox.length).toBe(n);
  });

  it('"I feel unwell": stop, emergency number, an urgent alert; no further step arrives', async () => {
    h = await Harness.create();
    const p = h.patient('unwell');
    await onboard(p);
    await p.command('workout');
    await p.press('cycle');
    await p.say('4');
    const reply = text(await p.press('unwell'));
    expect(reply).toContain(h.t('en', 'workout.stoppedForSafety'));
    expect(h.alerts.some((a) => a.text.includes('🔴'))).toBe(true);
    const n = p.inbox.length;
    await h.advance(30 * MIN);
    expect(p.inbox.length).toBe(n);
    expect((await h.store.getHistory(p.id)).find((e) => e.t === 'workout')).toMatchObject({
      completed: false,
    });
  });

  it('/craving leaves it kindly, recorded as far as it got, its timer cancelled', async () => {
    h = await Harness.create();
    const p = h.patient('craving');
    await onboard(p);
    await p.command('workout');
    await p.press('march');
    await p.say('4');
    const reply = text(await p.command('craving'));
    expect(reply).toContain(h.t('en', 'workout.stopped'));
    expect(reply).toContain(h.t('en', 'craving.howStrong'));
    await h.advance(10 * MIN);
    expect(p.last.text).toContain(h.t('en', 'craving.howStrong'));
    expect((await h.store.getHistory(p.id)).find((e) => e.t === 'workout')).toMatchObject({
      completed: false,
      minutes: 0,
    });
  });

  it('a check-in that comes due waits behind the workout and follows it', async () => {
    h = await Harness.create();
    const p = h.patient('behind');
    await onboard(p);
    await h.advance(8 * HOUR + 50 * MIN); // 20:50
    await p.command('workout');
    await p.press('walk');
    await p.say('4');
    await h.advance(11 * MIN); // 21:01: the check-in comes due during the walk
    expect(text(p.inbox.slice(-2))).not.toContain(h.t('en', 'checkin.intro'));
    const done = text(await doWorkout(p, { before: 4 }));
    expect(done).toContain(h.t('en', 'checkin.intro'));
    expect(p.last.text).toContain(h.t('en', 'checkin.craving', { i: 1, n: 6 }));
  });
});

describe('workout days', () => {
  it.each([
    ['en', false, 'Mon Tue', 'Mon Wed Fri'],
    ['zh-CN', true, '周一周二', '周一三五'],
  ] as const)(
    '(%s) are asked after the first check-in of a 3–5 a week plan, typed or tapped',
    async (locale, zh, tooFew, days) => {
      h = await Harness.create();
      const p = h.patient(`days-${locale}`, locale);
      await onboard(p, { zh });
      await h.advance(9 * HOUR + MIN); // Monday 21:01
      const asked = text(await answerCheckin(p));
      expect(asked).toContain(h.t(locale, 'program.days.ask', { min: 3, max: 5 }));
      expect(buttons(p)).toEqual(['135', '246', '367', '1245', '12345']);
      expect(text(await p.say(tooFew))).toContain(
        h.t(locale, 'common.invalid.workoutDays', { min: 3, max: 5 }),
      );
      const set = text(await p.say(days));
      expect(set).toContain(
        h.t(locale, 'program.days.chosen.3', {
          d1: '@program.weekday.1',
          d2: '@program.weekday.3',
          d3: '@program.weekday.5',
        }),
      );
      // Monday is one of them: today's workout follows.
      expect(buttons(p)).toContain('skip');
      await p.press('skip');
      // Tuesday is not: no offer after the check-in.
      await h.advance(DAY);
      expect(text(await answerCheckin(p))).not.toContain(h.t(locale, 'program.offer.laterButton'));
      // Wednesday is.
      await h.advance(DAY);
      await answerCheckin(p);
      expect(buttons(p)).toContain('skip');
    },
  );
});

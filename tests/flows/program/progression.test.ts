/**
 * The weekly step (flows/rules/progression.ts, rules in flows/content/progression.json): time first,
 * then intensity, up to the plan's range; held after missed workouts, a hard effort or a red flag;
 * one step back after a week without workouts; never outside the plan (so never above clearance).
 */
import { describe, expect, it } from 'vitest';
import { fitDose, planRange, rangeOf, startDose } from '../../../flows/rules/program.js';
import { reviewWeek, stepBack, stepUp } from '../../../flows/rules/progression.js';
import { loadContent } from '../../../src/content.js';

const content = loadContent();
const early = rangeOf('early', content);
const week = (over: Partial<Parameters<typeof reviewWeek>[0]> = {}) =>
  reviewWeek(
    {
      dose: { minutes: 30, level: 2 },
      range: early,
      planned: 3,
      done: 3,
      maxEffort: 13,
      redFlag: false,
      ...over,
    },
    content.progression,
  );

describe('the plan ranges', () => {
  it('come from the prescription and clearance', () => {
    expect(planRange('acute', true, content)).toMatchObject({
      id: 'acute',
      minutes: [15, 30],
      levels: [1, 1],
      perWeek: [7, 7],
    });
    expect(planRange('early', true, content)).toMatchObject({
      id: 'early',
      minutes: [30, 60],
      levels: [2, 3],
      perWeek: [3, 5],
    });
    expect(planRange('maintenance', false, content)).toMatchObject({
      id: 'notCleared',
      minutes: [10, 20],
      levels: [1, 1],
    });
  });
  it('start at their lower end, and hold any dose within them', () => {
    expect(startDose(early)).toEqual({ minutes: 30, level: 2 });
    expect(fitDose({ minutes: 45, level: 3 }, rangeOf('notCleared', content))).toEqual({
      minutes: 20,
      level: 1,
    });
    expect(fitDose({ minutes: 25, level: 1 }, early)).toEqual({ minutes: 30, level: 2 });
  });
});

describe('a week reviewed', () => {
  it.each([
    ['all done, comfortable', {}, 'up', { minutes: 35, level: 2 }],
    ['4 of 5 done (80%)', { planned: 5, done: 4 }, 'up', { minutes: 35, level: 2 }],
    ['2 of 3 done', { done: 2 }, 'hold', { minutes: 30, level: 2 }],
    ['a workout rated hard (15 > 14)', { maxEffort: 15 }, 'hold', { minutes: 30, level: 2 }],
    ['a red flag', { redFlag: true }, 'hold', { minutes: 30, level: 2 }],
    ['no workout at all', { done: 0, dose: { minutes: 40, level: 2 } }, 'back', { minutes: 35, level: 2 }],
    ['at the most minutes', { dose: { minutes: 60, level: 2 } }, 'up', { minutes: 60, level: 3 }],
    ['at the top of the range', { dose: { minutes: 60, level: 3 } }, 'top', { minutes: 60, level: 3 }],
  ] as const)('%s → %s', (_, over, outcome, dose) => {
    const r = week(over as never);
    expect(r.outcome).toBe(outcome);
    expect(r.dose).toEqual(dose);
  });

  it('says why a step was held', () => {
    expect(week({ redFlag: true, done: 0 }).why).toBe('redFlag');
    expect(week({ done: 1 }).why).toBe('missed');
    expect(week({ maxEffort: 17 }).why).toBe('effort');
  });

  it('steps back intensity first, then minutes, never below the plan start', () => {
    expect(stepBack({ minutes: 60, level: 3 }, early, 5)).toMatchObject({
      dose: { minutes: 60, level: 2 },
      changed: 'level',
    });
    expect(stepBack({ minutes: 30, level: 2 }, early, 5)).toMatchObject({
      dose: { minutes: 30, level: 2 },
      outcome: 'hold',
      why: 'none',
    });
  });

  it('never steps above what the plan (and so clearance) allows', () => {
    const light = rangeOf('notCleared', content);
    expect(stepUp({ minutes: 20, level: 1 }, light, 5)).toMatchObject({
      outcome: 'top',
      dose: { minutes: 20, level: 1 },
    });
    expect(
      reviewWeek(
        { dose: { minutes: 45, level: 3 }, range: light, planned: 7, done: 7, maxEffort: 9, redFlag: false },
        content.progression,
      ).dose,
    ).toEqual({ minutes: 20, level: 1 });
  });

  it('holds a light plan when a workout felt more than fairly light', () => {
    const acute = rangeOf('acute', content);
    expect(
      reviewWeek(
        { dose: { minutes: 15, level: 1 }, range: acute, planned: 7, done: 7, maxEffort: 13, redFlag: false },
        content.progression,
      ),
    ).toMatchObject({ outcome: 'hold', why: 'effort' });
  });
});

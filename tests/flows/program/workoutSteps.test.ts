/**
 * A guided workout's steps from its form and dose (flows/rules/workoutSteps.ts): the minutes add
 * up to the dose, circuits and flows fit their rounds into it, and the dose's level picks the
 * form of each exercise and the talk-test cue.
 */
import { describe, expect, it } from 'vitest';
import type { WorkoutForm } from '../../../flows/content/schema.js';
import { minutesDone, warmUpMinutes, workoutSteps } from '../../../flows/rules/workoutSteps.js';
import { loadContent } from '../../../src/content.js';

const content = loadContent();
const form = (id: string): WorkoutForm => content.workouts.forms.find((f) => f.id === id)!;
const minutes = (steps: { seconds: number }[]) => steps.reduce((a, s) => a + s.seconds, 0) / 60;

describe('steady aerobic workouts', () => {
  it.each([15, 20, 30, 35, 45, 60])('a %d-minute walk lasts %d minutes, in blocks of at most 10', (m) => {
    const steps = workoutSteps(form('walk'), { minutes: m, level: 2 }, content);
    expect(minutes(steps)).toBeCloseTo(m, 0);
    expect(steps[0]!.key).toBe('workouts.steady.warmUp');
    expect(steps.at(-1)!.key).toBe('workouts.steady.coolDown');
    const blocks = steps.filter((s) => s.key === 'workouts.steady.block');
    expect(blocks.every((b) => b.seconds <= 10 * 60)).toBe(true);
    expect(blocks.every((b) => b.params.cue === '@workouts.cue.level2')).toBe(true);
  });

  it('a short workout (under 20 minutes) keeps its warm-up and cool-down to 2 minutes', () => {
    expect(warmUpMinutes(15, content)).toBe(2);
    expect(warmUpMinutes(20, content)).toBe(5);
  });
});

describe('resistance circuits', () => {
  it('fit as many rounds as the minutes allow, at most four, with a finisher for what is left', () => {
    const thirty = workoutSteps(form('bodyweight'), { minutes: 30, level: 2 }, content);
    const rounds = Math.max(...thirty.map((s) => Number(s.params.round ?? 0)));
    expect(rounds).toBe(2);
    const sixty = workoutSteps(form('bodyweight'), { minutes: 60, level: 2 }, content);
    expect(Math.max(...sixty.map((s) => Number(s.params.round ?? 0)))).toBe(4);
    expect(sixty.some((s) => s.key === 'workouts.circuit.finisher')).toBe(true);
    for (const steps of [thirty, sixty])
      expect(Math.abs(minutes(steps) - (steps === thirty ? 30 : 60))).toBeLessThan(3);
  });

  it('take the easier, standard or harder form of each exercise from the level, then rest', () => {
    for (const level of [1, 2, 3]) {
      const steps = workoutSteps(form('band'), { minutes: 35, level }, content);
      const exercises = steps.filter((s) => String(s.key).startsWith('workouts.circuit.'));
      expect(exercises.some((s) => s.params.exercise === `@workouts.exercise.bandRow.level${level}`)).toBe(
        true,
      );
    }
    const steps = workoutSteps(form('bodyweight'), { minutes: 30, level: 1 }, content);
    const inRound = steps.filter((s) => s.params.round === 1);
    expect(inRound.map((s) => s.params.rest)).toEqual([45, 45, 45, 45, 90]);
    expect(steps.filter((s) => s.key === 'workouts.circuit.lastExercise')).toHaveLength(1);
  });
});

describe('mind-body flows', () => {
  it('repeat the form as many times as come closest to the minutes, each part with its level cue', () => {
    const steps = workoutSteps(form('taichi'), { minutes: 40, level: 3 }, content);
    const parts = steps.filter((s) => s.key.startsWith('workouts.taichi.part'));
    expect(parts).toHaveLength(3 * 3);
    expect(parts.every((p) => p.params.cue === '@workouts.taichi.level3')).toBe(true);
    expect(minutes(steps)).toBeCloseTo(46, 0);
  });
});

describe('minutes done', () => {
  it('count every step when completed, and the steps finished when stopped', () => {
    const steps = workoutSteps(form('walk'), { minutes: 30, level: 2 }, content);
    expect(minutesDone(steps, -1)).toBe(30);
    expect(minutesDone(steps, 0)).toBe(0);
    expect(minutesDone(steps, 1)).toBe(5);
  });
});

/** The week's dose against the prescription (flows/rules/dose.ts). */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../flows/history.js';
import type { ProgramState } from '../../../flows/machine/programTypes.js';
import { doneDose, plannedDose, weekDose } from '../../../flows/rules/dose.js';
import { rangeOf } from '../../../flows/rules/program.js';
import { loadContent } from '../../../src/content.js';

const content = loadContent();
const program = (over: Partial<ProgramState> = {}): ProgramState => ({
  startDay: '2026-03-02',
  week: 2,
  log: { done: 0, minutes: 0, maxEffort: 0 },
  dose: { minutes: 40, level: 2 },
  startMinutes: 30,
  days: [1, 3, 5, 6],
  done: 4,
  told: { stage: 'early', lastUseAt: 0 },
  plan: 'early',
  offeredDay: null,
  doneDay: null,
  phq: { day: '2026-03-02', total: 1, full: false },
  parqAt: 0,
  via: 'checkin',
  ...over,
});
const workout = (
  week: number,
  modality: 'aerobic' | 'resistance' | 'mindbody',
  minutes: number,
  completed = true,
): HistoryEntry => ({
  t: 'workout',
  at: 0,
  week,
  form: 'walk',
  modality,
  minutes,
  planned: 40,
  level: 2,
  before: 5,
  completed,
});

describe('the dose of a program week', () => {
  it('plans the chosen days at the dose, the kinds in the rotation from where the week began', () => {
    // Four completed before the week: the rotation (aerobic, resistance, mind-body) goes on at resistance.
    expect(plannedDose(program(), rangeOf('early', content), content)).toEqual({
      workouts: 4,
      minutes: 160,
      mix: { aerobic: 40, resistance: 80, mindbody: 40 },
    });
  });

  it('plans every day on a daily plan, and never above its range', () => {
    expect(plannedDose(program({ days: null }), rangeOf('notCleared', content), content)).toMatchObject({
      workouts: 7,
      minutes: 140,
    });
  });

  it('counts completed workouts, and the minutes of stopped ones too, by kind', () => {
    const history = [
      workout(2, 'aerobic', 40),
      workout(2, 'resistance', 12, false),
      workout(1, 'mindbody', 30),
    ];
    expect(doneDose(history, 2)).toEqual({
      workouts: 1,
      minutes: 52,
      mix: { aerobic: 40, resistance: 12, mindbody: 0 },
    });
  });

  it('knows the week and its day from the start day', () => {
    const d = weekDose(program(), rangeOf('early', content), [], '2026-03-11', content);
    expect([d.week, d.day]).toEqual([2, 3]);
  });
});

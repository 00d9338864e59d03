/** Workout days and the words that start /workout, typed in either language (flows/understanding/weekdays.ts). */
import { describe, expect, it } from 'vitest';
import { isWorkoutWords, parseWeekdays } from '../../../flows/understanding/weekdays.js';
import { loadContent } from '../../../src/content.js';

const content = loadContent();

describe('workout days typed', () => {
  it.each([
    ['Mon Wed Fri', '135'],
    ['monday, wednesday and friday', '135'],
    ['Tue/Thu/Sat', '246'],
    ['weekdays', '12345'],
    ['weekend + wednesday', '367'],
    ['every day', '1234567'],
    ['周一三五', '135'],
    ['星期一、星期三、星期五', '135'],
    ['礼拜六和礼拜天', '67'],
    ['周二 周四 周六', '246'],
    ['一三五', '135'],
    ['工作日', '12345'],
    ['周末', '67'],
    ['１ ３ ５', '135'],
    ['1,3,5', '135'],
  ])('%s → %s', (text, days) => expect(parseWeekdays(text)).toBe(days));

  it.each(['3', 'yes', '好的', 'sunny days', 'a month', ''])('%s names no days', (text) =>
    expect(parseWeekdays(text)).toBeNull(),
  );
});

describe('words that start /workout', () => {
  it.each(["today's workout", 'Today’s workout!', 'workout', '今天的运动', '今天运动。', '开始锻炼'])(
    '%s',
    (t) => expect(isWorkoutWords(t, content)).toBe(true),
  );
  it.each(['I did my workout today', '运动', '今天的运动很累', 'walk'])('not %s', (t) =>
    expect(isWorkoutWords(t, content)).toBe(false),
  );
});

import { describe, expect, it } from 'vitest';
import { parseIntegerInRange, parseNumber } from '../../flows/understanding/numbers.js';
import {
  parseAmount,
  parseAmountInRange,
  parseHours,
  parseRating,
} from '../../flows/understanding/quantities.js';

describe('days since last use are read with their unit', () => {
  it.each([
    ['30', 30],
    ['30天', 30],
    ['大概30天', 30],
    ['四十五', 45],
    ['about 30', 30],
    ['1 week', 7],
    ['3 weeks', 21],
    ['3 weeks ago', 21],
    ['2 wks', 14],
    ['a week', 7],
    ['两周', 14],
    ['两个星期', 14],
    ['三个礼拜', 21],
    ['两个月', 60],
    ['一个多月', 30],
    ['半个月', 15],
    ['2 months', 60],
    ['1 year', 365],
    ['一年半', 548],
    ['两年', 730],
    ['1 week 2 days', 9],
    ['一天', 1],
  ])('%s → %d days', (text, days) => expect(parseAmount(text, 'days')).toBe(days));

  it.each(['2 hours', '3次', '2 or 3 weeks', '3 weeks or 4 weeks', '2-3 weeks', '1.5', '-1 week', 'a lot'])(
    '%s is not a number of days',
    (text) => expect(parseAmountInRange(text, 'days', 0, 36500)).toBeNull(),
  );
});

describe('minutes of exercise are read with their unit', () => {
  it.each([
    ['20', 20],
    ['30+', 30],
    ['30+ min', 30],
    ['10 分钟', 10],
    ['20分', 20],
    ['1 hour', 60],
    ['an hour', 60],
    ['1.5 hours', 90],
    ['an hour and a half', 90],
    ['half an hour', 30],
    ['1h30m', 90],
    ['半小时', 30],
    ['半个小时', 30],
    ['一个半小时', 90],
    ['1个半小时', 90],
    ['一小时半', 90],
    ['两个小时', 120],
    ['1小时20分钟', 80],
    ['十分钟', 10],
    // QA: 一刻钟 (a quarter of an hour) was read as 1 minute.
    ['一刻钟', 15],
    ['一刻', 15],
    ['三刻钟', 45],
    ['半个钟', 30],
    ['一个钟', 60],
    ['一个半钟头', 90],
  ])('%s → %d minutes', (text, minutes) => expect(parseAmount(text, 'minutes')).toBe(minutes));

  it.each(['2 days', '3次', '20-30 min'])('%s is not a number of minutes', (text) =>
    expect(parseAmountInRange(text, 'minutes', 0, 600)).toBeNull(),
  );
});

describe('hours of sleep are read with their half', () => {
  it.each([
    ['7', 7],
    ['6.5', 6.5],
    ['八', 8],
    ['7小时', 7],
    ['睡了5小时', 5],
    ['5个钟', 5],
    // QA: the half was dropped (六个半小时 was stored as 6).
    ['六个半小时', 6.5],
    ['7个半小时', 7.5],
    ['七小时半', 7.5],
    ['7 and a half hours', 7.5],
    ['7小时30分钟', 7.5],
    ['6h', 6],
  ])('%s → %d hours', (text, hours) => expect(parseHours(text)).toBe(hours));

  it.each(['很差', '6 or 7 hours', '7小时 8'])('%s is no number of hours', (text) =>
    expect(parseHours(text)).toBeNull(),
  );
});

describe('a rating is a bare number, or one with 分, points, /10 or out of 10', () => {
  it.each([
    ['7', 7],
    ['七', 7],
    ['7分', 7],
    ['十分', 10],
    ['7 points', 7],
    ['7/10', 7],
    ['7 out of 10', 7],
    ['about 7 right now', 7],
  ])('%s → %d', (text, n) => expect(parseRating(text, 0, 10)).toBe(n));

  it.each(['3 months', '3 weeks', '2次', '3 hours', '5 minutes', '3 days', '3个'])(
    'a number with another unit is no rating: %s',
    (text) => expect(parseRating(text, 0, 10)).toBeNull(),
  );
});

describe('a Chinese numeral inside a word is not a number', () => {
  it.each(['很想吸一口', '想来一下', '好一点了', '一直想用', '跟昨天一样', '我十分想用', '第一次', '八段锦'])(
    '%s',
    (text) => expect(parseNumber(text)).toBeNull(),
  );

  it('but the number beside it still counts', () => {
    expect(parseIntegerInRange('好一点了，三分', 0, 10)).toBe(3);
    expect(parseAmount('一共三天', 'days')).toBe(3);
  });
});

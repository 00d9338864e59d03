import { describe, expect, it } from 'vitest';
import { chooseEncouragement, weeklyStats, weeklySummaryText } from '../../src/charts/weeklySummary.js';
import { I18n } from '../../src/i18n.js';
import { NOW, TZ, twoWeeks } from './fixtures.js';

const i18n = new I18n();

describe('the weekly summary', () => {
  it('counts the last seven local days from a fixed history', () => {
    expect(weeklyStats(twoWeeks(), { now: NOW, timezone: TZ })).toEqual({
      daysCheckedIn: 5,
      exerciseMinutes: 145,
      activeDays: 6,
      sessions: 4,
      ratedSessions: 3,
      averageDrop: 3,
      encouragement: 'sessionsHelp',
    });
  });

  it('says the numbers in English', () => {
    const text = weeklySummaryText(weeklyStats(twoWeeks(), { now: NOW, timezone: TZ }), i18n, 'en');
    expect(text).toBe(
      'Your week\nYou checked in on 5 of the last 7 days. You moved for 145 minutes in total. ' +
        'Your 3 rescue sessions lowered craving by 3 points on average. ' +
        'Your own numbers show it: moving helps the craving pass.',
    );
  });

  it('says the numbers in Chinese, sentences run on without spaces', () => {
    const text = weeklySummaryText(weeklyStats(twoWeeks(), { now: NOW, timezone: TZ }), i18n, 'zh-CN');
    expect(text).toContain(
      '过去 7 天里，你有 5 天打了卡。这周一共运动了 145 分钟。3 次应对练习平均让渴求降低了 3 分。',
    );
    expect(text).not.toMatch(/charts\./);
  });

  it('is kind about an empty week', () => {
    const stats = weeklyStats([], { now: NOW, timezone: TZ });
    expect(stats).toMatchObject({
      daysCheckedIn: 0,
      exerciseMinutes: 0,
      averageDrop: null,
      encouragement: 'fresh',
    });
    const text = weeklySummaryText(stats, i18n, 'en');
    expect(text).toContain("You didn't check in this week, and that's okay");
    expect(text).toContain('Every week is a fresh start');
  });

  it('chooses one encouragement from what the week held', () => {
    const base = {
      daysCheckedIn: 0,
      exerciseMinutes: 0,
      activeDays: 0,
      sessions: 0,
      ratedSessions: 0,
      averageDrop: null,
    };
    expect(chooseEncouragement({ ...base, averageDrop: 2.5, ratedSessions: 2, sessions: 2 })).toBe(
      'sessionsHelp',
    );
    expect(chooseEncouragement({ ...base, exerciseMinutes: 150, daysCheckedIn: 2 })).toBe('moved');
    expect(chooseEncouragement({ ...base, daysCheckedIn: 6, exerciseMinutes: 40 })).toBe('streak');
    expect(chooseEncouragement({ ...base, daysCheckedIn: 1, exerciseMinutes: 10 })).toBe('fresh');
    expect(chooseEncouragement({ ...base, daysCheckedIn: 3, exerciseMinutes: 60 })).toBe('steady');
  });

  it('does not claim sessions lowered craving when they did not', () => {
    const text = weeklySummaryText(
      {
        daysCheckedIn: 3,
        exerciseMinutes: 40,
        activeDays: 2,
        sessions: 2,
        ratedSessions: 2,
        averageDrop: 0,
        encouragement: 'steady',
      },
      i18n,
      'en',
    );
    expect(text).toContain('you reached for a rescue session (2 this week)');
    expect(text).not.toContain('lowered');
  });
});

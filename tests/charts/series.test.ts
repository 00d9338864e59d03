import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../flows/history.js';
import { buildProgressSeries, windowDays } from '../../src/charts/series.js';
import { at, checkin, NOW, session, TZ, twoWeeks } from './fixtures.js';

const byDay = (history: HistoryEntry[], days = 14, timezone = TZ) => {
  const s = buildProgressSeries(history, { days, now: NOW, timezone });
  return { s, day: (d: string) => s.days.find((p) => p.day === d)! };
};

describe('the daily progress series', () => {
  it('covers the last N local days, ending today', () => {
    expect(windowDays(NOW, 3, TZ)).toEqual(['2026-01-16', '2026-01-17', '2026-01-18']);
    const { s } = byDay(twoWeeks(), 30);
    expect(s.days).toHaveLength(30);
    expect(s.days[29]!.day).toBe('2026-01-18');
  });

  it('averages the day’s craving ratings and takes the highest as the peak', () => {
    const { day } = byDay(twoWeeks());
    // 01-13: report 8, after-session 4, check-in 3 → mean 5; check-in peak 8.
    expect(day('2026-01-13').craving).toBe(5);
    expect(day('2026-01-13').peak).toBe(8);
    expect(day('2026-01-05')).toMatchObject({ craving: 7, peak: 9, mood: 3, checkedIn: true });
  });

  it('does not count a check-in’s rating twice when the flow also recorded it as a craving entry', () => {
    const history: HistoryEntry[] = [
      checkin('2026-01-18', { craving: 6, peak: 7, mood: 5 }),
      { t: 'craving', at: at('2026-01-18'), value: 6, source: 'checkin' },
      { t: 'craving', at: at('2026-01-18', '09:00'), value: 2, source: 'report' },
    ];
    expect(byDay(history).day('2026-01-18').craving).toBe(4);
  });

  it('leaves days without entries empty (a missed check-in draws nothing)', () => {
    const { s, day } = byDay(twoWeeks());
    expect(day('2026-01-11')).toMatchObject({
      craving: null,
      peak: null,
      mood: null,
      checkedIn: false,
      hasData: false,
    });
    expect(day('2026-01-18').hasData).toBe(false);
    // 01-08, 01-11 and today are empty.
    expect(s.daysWithData).toBe(11);
  });

  it('takes the larger of check-in minutes and completed session minutes per modality', () => {
    const { day } = byDay(twoWeeks());
    // A 15-minute walk that the evening check-in also reported: 15, not 30.
    expect(day('2026-01-16').exercise).toEqual({ aerobic: 15, resistance: 0, mindbody: 0, other: 0 });
    // A stopped session does not count; the check-in's strength training does.
    expect(day('2026-01-15').exercise).toEqual({ aerobic: 0, resistance: 40, mindbody: 0, other: 0 });
    // A check-in without a type.
    expect(day('2026-01-17').exercise.other).toBe(25);
    // Session minutes alone.
    expect(day('2026-01-13').exercise.aerobic).toBe(20);
  });

  it('keeps every rescue session with its before and after, placed by local time of day', () => {
    const { s } = byDay(twoWeeks());
    expect(s.sessions.map((x) => [s.days[x.dayIndex]!.day, x.before, x.after])).toEqual([
      ['2026-01-07', 8, 5],
      ['2026-01-13', 8, 4],
      ['2026-01-14', 6, 3],
      ['2026-01-15', 5, null],
      ['2026-01-16', 5, 3],
    ]);
    expect(s.sessions[2]!.timeOfDay).toBeCloseTo(22 / 24);
  });

  it('decides the day in the patient’s time zone', () => {
    // 01:30 on the 18th in Shanghai is still the 17th in UTC.
    const late = session('2026-01-18', '01:30', { modality: 'mindbody', minutes: 5, before: 7, after: 4 });
    expect(byDay([late], 14, 'Asia/Shanghai').day('2026-01-18').peak).toBe(7);
    expect(byDay([late], 14, 'UTC').day('2026-01-17').peak).toBe(7);
  });

  it('falls back to UTC for an unknown time zone instead of throwing', () => {
    const s = buildProgressSeries(twoWeeks(), { days: 14, now: NOW, timezone: 'Mars/Olympus' });
    expect(s.timezone).toBe('UTC');
    expect(s.days).toHaveLength(14);
  });
});

/**
 * A fixed two-week history for chart tests, in Asia/Shanghai local time, ending on the injected
 * clock's day (2026-01-18, a Sunday).
 */
import { DateTime } from 'luxon';
import type { HistoryEntry } from '../../flows/history.js';

/** The test clock's instant: Sunday 2026-01-18 20:00 in Shanghai. */
export const NOW = DateTime.fromISO('2026-01-18T20:00:00', { zone: 'Asia/Shanghai' }).toMillis();
export const TZ = 'Asia/Shanghai';

/** Epoch ms of a local date and time in Shanghai. */
export function at(day: string, time = '20:00'): number {
  return DateTime.fromISO(`${day}T${time}:00`, { zone: TZ }).toMillis();
}

/** A check-in entry for a day. */
export function checkin(
  day: string,
  v: {
    craving: number;
    peak: number;
    mood: number;
    exerciseMin?: number;
    exerciseType?: 'aerobic' | 'resistance' | 'mindbody';
  },
): HistoryEntry {
  return {
    t: 'checkin',
    at: at(day),
    day,
    craving: v.craving,
    peak: v.peak,
    mood: v.mood,
    sleep: 'ok',
    exerciseMin: v.exerciseMin ?? 0,
    ...(v.exerciseType ? { exerciseType: v.exerciseType } : {}),
    use: false,
  };
}

/** A rescue session. */
export function session(
  day: string,
  time: string,
  v: {
    modality: 'aerobic' | 'resistance' | 'mindbody';
    minutes: number;
    before: number;
    after?: number;
    completed?: boolean;
  },
): HistoryEntry {
  return {
    t: 'session',
    at: at(day, time),
    sessionId: `s-${day}-${time}`,
    modality: v.modality,
    minutes: v.minutes,
    before: v.before,
    ...(v.after === undefined ? {} : { after: v.after }),
    completed: v.completed ?? true,
  };
}

/**
 * Two weeks: check-ins on most days, exercise of all three kinds, craving reports and four rescue
 * sessions. The last 7 days (01-12 … 01-18) hold 5 check-ins, 3 rated sessions (drops 4, 3, 2) and
 * exercise 30 + 20 + 15 + 40 + 15 + 25 = 145 minutes on 6 days.
 */
export function twoWeeks(): HistoryEntry[] {
  return [
    checkin('2026-01-05', { craving: 7, peak: 9, mood: 3 }),
    checkin('2026-01-06', { craving: 6, peak: 8, mood: 4, exerciseMin: 20, exerciseType: 'aerobic' }),
    { t: 'craving', at: at('2026-01-07', '10:00'), value: 8, source: 'report' },
    session('2026-01-07', '10:05', { modality: 'mindbody', minutes: 5, before: 8, after: 5 }),
    checkin('2026-01-07', { craving: 5, peak: 8, mood: 4, exerciseMin: 15, exerciseType: 'mindbody' }),
    checkin('2026-01-09', { craving: 5, peak: 7, mood: 5, exerciseMin: 30, exerciseType: 'aerobic' }),
    checkin('2026-01-10', { craving: 4, peak: 6, mood: 5, exerciseMin: 25, exerciseType: 'resistance' }),
    { t: 'missed', at: at('2026-01-11', '23:59'), day: '2026-01-11' },
    // The last seven days.
    checkin('2026-01-12', { craving: 4, peak: 6, mood: 6, exerciseMin: 30, exerciseType: 'aerobic' }),
    { t: 'craving', at: at('2026-01-13', '15:00'), value: 8, source: 'report' },
    session('2026-01-13', '15:02', { modality: 'aerobic', minutes: 20, before: 8, after: 4 }),
    { t: 'craving', at: at('2026-01-13', '15:30'), value: 4, source: 'session-after' },
    checkin('2026-01-13', { craving: 3, peak: 8, mood: 6 }),
    session('2026-01-14', '22:00', { modality: 'mindbody', minutes: 15, before: 6, after: 3 }),
    session('2026-01-15', '09:00', { modality: 'mindbody', minutes: 10, before: 5, completed: false }),
    checkin('2026-01-15', { craving: 3, peak: 5, mood: 7, exerciseMin: 40, exerciseType: 'resistance' }),
    session('2026-01-16', '18:00', { modality: 'aerobic', minutes: 15, before: 5, after: 3 }),
    checkin('2026-01-16', { craving: 2, peak: 5, mood: 7, exerciseMin: 15, exerciseType: 'aerobic' }),
    checkin('2026-01-17', { craving: 2, peak: 4, mood: 8, exerciseMin: 25 }),
  ];
}

/**
 * Reads a patient's history for counsellors: the recent craving ratings, the last check-in, and a
 * 14-day trend. Pure functions over {@link HistoryEntry} lists.
 */
import { DateTime } from 'luxon';
import type { HistoryEntry } from '../../flows/history.js';

/** A stored check-in entry. */
export type CheckinEntry = Extract<HistoryEntry, { t: 'checkin' }>;

/** How close a `checkin`-sourced craving entry must be to a check-in to count as the same rating. */
const SAME_RATING_MS = 10 * 60_000;

/**
 * Every craving rating in time order: craving entries, plus check-ins whose rating was not also
 * recorded as a craving entry (so one rating never counts twice).
 */
export function cravingRatings(history: readonly HistoryEntry[]): number[] {
  const cravings = history.filter((e): e is Extract<HistoryEntry, { t: 'craving' }> => e.t === 'craving');
  const out: { at: number; value: number }[] = cravings.map((e) => ({ at: e.at, value: e.value }));
  for (const c of history) {
    if (c.t !== 'checkin') continue;
    const dup = cravings.some((e) => e.source === 'checkin' && Math.abs(e.at - c.at) <= SAME_RATING_MS);
    if (!dup) out.push({ at: c.at, value: c.craving });
  }
  return out.sort((a, b) => a.at - b.at).map((r) => r.value);
}

/** The last `n` craving ratings, oldest first. */
export function lastCravings(history: readonly HistoryEntry[], n = 7): number[] {
  return cravingRatings(history).slice(-n);
}

/** The most recent check-in, if any. */
export function lastCheckin(history: readonly HistoryEntry[]): CheckinEntry | undefined {
  let last: CheckinEntry | undefined;
  for (const e of history) if (e.t === 'checkin' && (!last || e.at >= last.at)) last = e;
  return last;
}

/** A day-by-day view of the last `days` local days (oldest first). */
export interface Trend {
  days: string[];
  /** The highest craving rated that day (check-in peak included), or null. */
  cravingPeak: (number | null)[];
  mood: (number | null)[];
  exerciseMinutes: number[];
  checkinDays: number;
  sessions: { count: number; averageDrop: number | null };
  lapses: number;
  /** True when there is anything at all to show. */
  hasData: boolean;
}

/** Builds the trend of the `days` local days ending today in `timezone`. */
export function trend(history: readonly HistoryEntry[], now: number, timezone: string, days = 14): Trend {
  const today = DateTime.fromMillis(now, { zone: timezone }).startOf('day');
  const dayList = Array.from(
    { length: days },
    (_, i) => today.minus({ days: days - 1 - i }).toISODate() ?? '',
  );
  const index = new Map(dayList.map((d, i) => [d, i]));
  const dayOf = (at: number) => index.get(DateTime.fromMillis(at, { zone: timezone }).toISODate() ?? '');
  const cravingPeak: (number | null)[] = dayList.map(() => null);
  const mood: (number | null)[] = dayList.map(() => null);
  const exerciseMinutes = dayList.map(() => 0);
  // Guided workouts' minutes by day: the larger of them and the check-ins' is the day's exercise.
  const workoutMinutes = dayList.map(() => 0);
  const checkedIn = new Set<number>();
  const drops: number[] = [];
  let sessionCount = 0;
  let lapses = 0;
  let hasData = false;
  const peak = (i: number, v: number) => {
    cravingPeak[i] = Math.max(cravingPeak[i] ?? 0, v);
  };
  for (const e of history) {
    const i = dayOf(e.at);
    if (i === undefined) continue;
    hasData = true;
    switch (e.t) {
      case 'checkin':
        checkedIn.add(i);
        peak(i, Math.max(e.craving, e.peak));
        mood[i] = e.mood;
        exerciseMinutes[i]! += e.exerciseMin;
        // A use reported at check-in counts once, even when the flow also recorded a lapse entry.
        if (e.use && !history.some((l) => l.t === 'lapse' && Math.abs(l.at - e.at) <= SAME_RATING_MS))
          lapses++;
        break;
      case 'craving':
        peak(i, e.value);
        break;
      case 'session':
        sessionCount++;
        peak(i, e.before);
        if (e.after !== undefined) drops.push(e.before - e.after);
        break;
      case 'lapse':
        lapses++;
        break;
      case 'missed':
        break;
      case 'workout':
        workoutMinutes[i]! += e.minutes;
        break;
    }
  }
  workoutMinutes.forEach((m, i) => {
    exerciseMinutes[i] = Math.max(exerciseMinutes[i]!, m);
  });
  const averageDrop = drops.length ? drops.reduce((a, b) => a + b, 0) / drops.length : null;
  return {
    days: dayList,
    cravingPeak,
    mood,
    exerciseMinutes,
    checkinDays: checkedIn.size,
    sessions: { count: sessionCount, averageDrop },
    lapses,
    hasData,
  };
}

/** The mean of the non-null values, or null. */
export function average(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
}

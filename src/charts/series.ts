/**
 * Daily progress series: a patient's history folded into one point per local day, the shape the
 * chart, the text fallback and the weekly summary all read. Pure and clock-free: `now` is passed in.
 */
import { DateTime, IANAZone } from 'luxon';
import type { HistoryEntry, Modality } from '../../flows/history.js';

/** Exercise bar segments: the three modalities, plus `other` for check-ins that gave no type. */
export type ExerciseKind = Modality | 'other';

/** Stacking order of the exercise bars, bottom first. */
export const EXERCISE_KINDS: readonly ExerciseKind[] = ['aerobic', 'resistance', 'mindbody', 'other'];

/** One local day of the window. Values are null when nothing was recorded that day. */
export interface DayPoint {
  /** Local date, `YYYY-MM-DD`. */
  day: string;
  /** Mean of the day's craving ratings (check-ins and reports), one decimal. */
  craving: number | null;
  /** Highest craving of the day: the check-in's 24-hour peak or any rating that day. */
  peak: number | null;
  /** Mood from the day's (last) check-in. */
  mood: number | null;
  /** Minutes by kind (see {@link buildProgressSeries} for how sessions and check-ins combine). */
  exercise: Record<ExerciseKind, number>;
  checkedIn: boolean;
  /** True when any check-in, rating or session fell on this day. */
  hasData: boolean;
}

/** One rescue session, placed in the window. */
export interface SessionPoint {
  /** Index into {@link ProgressSeries.days}. */
  dayIndex: number;
  /** Time of day as a fraction (0 = midnight, 0.5 = noon), to place it inside the day's column. */
  timeOfDay: number;
  modality: Modality;
  before: number;
  /** Null when the patient did not rate the craving afterwards. */
  after: number | null;
  completed: boolean;
}

/** The window as the chart shows it. */
export interface ProgressSeries {
  timezone: string;
  days: DayPoint[];
  sessions: SessionPoint[];
  /** How many days of the window have any data. */
  daysWithData: number;
}

/** The zone used when none is given or the given one is not a valid IANA name. */
export const FALLBACK_TIMEZONE = 'UTC';

/** A valid IANA zone: `tz` if luxon knows it, else {@link FALLBACK_TIMEZONE}. */
export function safeTimezone(tz: string | undefined): string {
  return tz && IANAZone.isValidZone(tz) ? tz : FALLBACK_TIMEZONE;
}

/** The local dates of the `days`-day window ending today (inclusive), oldest first. */
export function windowDays(now: number, days: number, timezone: string): string[] {
  const today = DateTime.fromMillis(now, { zone: safeTimezone(timezone) }).startOf('day');
  const out: string[] = [];
  for (let i = days - 1; i >= 0; i--) out.push(today.minus({ days: i }).toISODate()!);
  return out;
}

/** Epoch ms of the start of the window's first day (for `store.getHistory(id, since)`). */
export function windowStart(now: number, days: number, timezone: string): number {
  const today = DateTime.fromMillis(now, { zone: safeTimezone(timezone) }).startOf('day');
  return today.minus({ days: days - 1 }).toMillis();
}

/** Rounds to one decimal. */
export function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

interface DayAcc {
  readings: number[];
  checkinCravings: number[];
  hasCheckinReading: boolean;
  peaks: number[];
  mood: { at: number; value: number } | null;
  checkinMin: Record<ExerciseKind, number>;
  sessionMin: Record<ExerciseKind, number>;
  checkedIn: boolean;
  hasData: boolean;
}

const zeroMinutes = (): Record<ExerciseKind, number> => ({
  aerobic: 0,
  resistance: 0,
  mindbody: 0,
  other: 0,
});

/**
 * Folds history into one point per local day of the last `days` days (ending on `now`'s local day).
 *
 * - Craving: the mean of the day's ratings. A check-in's own rating counts unless the same day
 *   already has a `craving` entry from that check-in (the flows may record both).
 * - Peak: the highest of the check-in's 24-hour peak, the day's ratings and its sessions' ratings.
 * - Exercise: per modality, the larger of what the check-ins reported and the minutes of completed
 *   rescue sessions that day, so a session the patient also mentions at check-in is not counted
 *   twice. A check-in without a type counts as `other`.
 * - Entries outside the window, and malformed ones, are ignored.
 */
export function buildProgressSeries(
  history: HistoryEntry[],
  opts: { days: number; now: number; timezone?: string },
): ProgressSeries {
  const timezone = safeTimezone(opts.timezone);
  const days = windowDays(opts.now, opts.days, timezone);
  const index = new Map(days.map((d, i) => [d, i]));
  const acc: DayAcc[] = days.map(() => ({
    readings: [],
    checkinCravings: [],
    hasCheckinReading: false,
    peaks: [],
    mood: null,
    checkinMin: zeroMinutes(),
    sessionMin: zeroMinutes(),
    checkedIn: false,
    hasData: false,
  }));
  const local = (at: number) => DateTime.fromMillis(at, { zone: timezone });
  const dayOf = (at: number) => (Number.isFinite(at) ? local(at).toISODate() : null);
  const sessions: SessionPoint[] = [];

  for (const e of history) {
    switch (e.t) {
      case 'checkin': {
        const day = ISO_DAY.test(e.day) ? e.day : dayOf(e.at);
        const i = day === null ? undefined : index.get(day);
        if (i === undefined) break;
        const a = acc[i]!;
        a.checkedIn = true;
        a.hasData = true;
        a.checkinCravings.push(e.craving);
        a.peaks.push(e.peak, e.craving);
        if (!a.mood || e.at >= a.mood.at) a.mood = { at: e.at, value: e.mood };
        if (e.exerciseMin > 0) a.checkinMin[e.exerciseType ?? 'other'] += e.exerciseMin;
        break;
      }
      case 'craving': {
        const day = dayOf(e.at);
        const i = day === null ? undefined : index.get(day);
        if (i === undefined) break;
        const a = acc[i]!;
        a.hasData = true;
        a.readings.push(e.value);
        a.peaks.push(e.value);
        if (e.source === 'checkin') a.hasCheckinReading = true;
        break;
      }
      case 'session': {
        const day = dayOf(e.at);
        const i = day === null ? undefined : index.get(day);
        if (i === undefined) break;
        const a = acc[i]!;
        a.hasData = true;
        a.peaks.push(e.before);
        if (e.after !== undefined) a.peaks.push(e.after);
        if (e.completed) a.sessionMin[e.modality] += e.minutes;
        const t = local(e.at);
        sessions.push({
          dayIndex: i,
          timeOfDay: (t.hour * 60 + t.minute) / 1440,
          modality: e.modality,
          before: e.before,
          after: e.after ?? null,
          completed: e.completed,
        });
        break;
      }
      case 'workout': {
        // A guided workout (docs/program.md): its minutes count as exercise of its kind, like a
        // completed rescue session's (the larger of them and what the check-in reported).
        const day = dayOf(e.at);
        const i = day === null ? undefined : index.get(day);
        if (i === undefined) break;
        const a = acc[i]!;
        a.hasData = true;
        a.sessionMin[e.modality] += e.minutes;
        break;
      }
      default:
        break;
    }
  }

  const points: DayPoint[] = days.map((day, i) => {
    const a = acc[i]!;
    const ratings = a.hasCheckinReading ? a.readings : [...a.readings, ...a.checkinCravings];
    const exercise = zeroMinutes();
    for (const k of EXERCISE_KINDS) exercise[k] = Math.max(a.checkinMin[k], a.sessionMin[k]);
    return {
      day,
      craving: ratings.length ? round1(ratings.reduce((s, v) => s + v, 0) / ratings.length) : null,
      peak: a.peaks.length ? Math.max(...a.peaks) : null,
      mood: a.mood ? a.mood.value : null,
      exercise,
      checkedIn: a.checkedIn,
      hasData: a.hasData,
    };
  });
  sessions.sort((x, y) => x.dayIndex - y.dayIndex || x.timeOfDay - y.timeOfDay);
  return { timezone, days: points, sessions, daysWithData: points.filter((p) => p.hasData).length };
}

/** Total exercise minutes of a day, all kinds. */
export function dayMinutes(p: DayPoint): number {
  return EXERCISE_KINDS.reduce((s, k) => s + p.exercise[k], 0);
}

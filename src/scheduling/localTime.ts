/**
 * Local-time arithmetic for daily jobs, pure (no clock, no I/O). A patient's check-in is a wall
 * time (`HH:MM`) in an IANA zone; these functions turn it into instants, correct across DST:
 * a local time that does not exist on a spring-forward day moves forward by the gap (02:30 → 03:30
 * in New York), and one that happens twice on a fall-back day fires once, at its first instant.
 */
import { DateTime } from 'luxon';

/** One day's check-in: the patient's local date and the three instants derived from it. */
export interface DailyOccurrence {
  /** The patient's local date, `YYYY-MM-DD`. */
  day: string;
  /** When the check-in is sent (epoch ms). */
  dueAt: number;
  /**
   * When the reminder is sent: `dueAt` + 2 h, or null when that would fall at or after the end of
   * the local day (a check-in time after 22:00 gets no reminder; the day ends first).
   */
  reminderAt: number | null;
  /** Local midnight at the end of `day` (epoch ms): no answer by then counts as missed. */
  dayEndAt: number;
}

/** Thrown for a malformed `HH:MM` or an unknown time zone; says what is expected. */
export class LocalTimeError extends Error {
  constructor(
    readonly field: 'time' | 'timezone' | 'day',
    readonly value: string,
  ) {
    super(
      field === 'time'
        ? `Invalid check-in time "${value}": expected HH:MM in 24-hour form, e.g. 21:00.`
        : field === 'timezone'
          ? `Unknown time zone "${value}": expected an IANA zone such as Asia/Shanghai.`
          : `Invalid local date "${value}": expected YYYY-MM-DD.`,
    );
    this.name = 'LocalTimeError';
  }
}

/** Parses `HH:MM` (24-hour). Throws {@link LocalTimeError}. */
export function parseHhmm(time: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new LocalTimeError('time', time);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

function checkZone(zone: string): void {
  if (!DateTime.now().setZone(zone).isValid) throw new LocalTimeError('timezone', zone);
}

function startOfDay(day: string, zone: string): DateTime {
  const d = DateTime.fromISO(day, { zone });
  if (!d.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new LocalTimeError('day', day);
  return d.startOf('day');
}

/** The local date (`YYYY-MM-DD`) of an instant in a zone. */
export function localDay(ms: number, zone: string): string {
  checkZone(zone);
  return DateTime.fromMillis(ms, { zone }).toISODate()!;
}

/** The local date after `day`. */
export function nextDay(day: string): string {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days: 1 }).toISODate()!;
}

/**
 * The instant a wall time happens on a local date. Nonexistent (spring-forward gap): moved forward
 * by the gap. Ambiguous (fall-back overlap): the first of the two instants.
 */
export function wallTimeOn(day: string, time: string, zone: string): number {
  checkZone(zone);
  const { hour, minute } = parseHhmm(time);
  const base = startOfDay(day, zone);
  const dt = DateTime.fromObject(
    { year: base.year, month: base.month, day: base.day, hour, minute },
    { zone },
  );
  const ms = dt.toMillis();
  // Fall-back overlap: the same wall time also exists under the earlier (larger) offset.
  const before = DateTime.fromMillis(ms - 6 * 3_600_000, { zone }).offset;
  if (before > dt.offset) {
    const earlier = ms - (before - dt.offset) * 60_000;
    const e = DateTime.fromMillis(earlier, { zone });
    if (e.hour === hour && e.minute === minute && e.day === base.day) return earlier;
  }
  return ms;
}

/** The check-in occurrence on a given local date. */
export function occurrenceOn(
  day: string,
  time: string,
  zone: string,
  /** From the check-in to its reminder (the plan's, from `flows/content/thresholds.json`). */
  reminderDelayMs: number,
): DailyOccurrence {
  const dueAt = wallTimeOn(day, time, zone);
  const dayEndAt = startOfDay(day, zone).plus({ days: 1 }).startOf('day').toMillis();
  const reminder = dueAt + reminderDelayMs;
  return { day, dueAt, reminderAt: reminder < dayEndAt ? reminder : null, dayEndAt };
}

/**
 * The first occurrence of `time` in `zone` at or after `fromMs` and at or after `pausedUntil`
 * (occurrences before the end of a pause are skipped).
 */
export function nextOccurrence(
  time: string,
  zone: string,
  fromMs: number,
  pausedUntil: number | null,
  reminderDelayMs: number,
): DailyOccurrence {
  const start = Math.max(fromMs, pausedUntil ?? Number.NEGATIVE_INFINITY);
  let day = localDay(start, zone);
  // Two iterations always suffice; a third guards odd zones that skipped a whole date.
  for (let i = 0; i < 4; i++) {
    const occ = occurrenceOn(day, time, zone, reminderDelayMs);
    if (occ.dueAt >= start) return occ;
    day = nextDay(day);
  }
  throw new Error(`No occurrence of ${time} in ${zone} found after ${new Date(start).toISOString()}.`);
}

/** The first instant at or after `fromMs` at which the wall clock in `zone` shows `time`. */
export function nextDailyAt(time: string, zone: string, fromMs: number): number {
  return nextOccurrence(time, zone, fromMs, null, 0).dueAt; // only the instant: no reminder
}

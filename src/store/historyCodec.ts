/**
 * A compact encoding of a patient's history, so 90 days of check-ins and sessions fit in a few
 * kilobytes of Redis. Each entry becomes a short tuple (a type number, the time as a delta from the
 * previous entry, enum values as small numbers, the local date as a day offset from the UTC date);
 * the tuples are JSON-encoded and raw-deflated into one binary value. Decoding validates every
 * entry with the history schema and drops what fails, so a damaged value never crashes a turn.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { type HistoryEntry, historyEntrySchema } from '../../flows/history.js';

/** Format marker: the first byte of every encoded value. */
const VERSION = 1;
const DAY_MS = 86_400_000;
const SLEEP = ['poor', 'ok', 'good'] as const;
const MODALITY = ['aerobic', 'resistance', 'mindbody'] as const;
const SOURCE = ['screening', 'report', 'checkin', 'session-after'] as const;
const PLAN = ['acute', 'early', 'maintenance', 'notCleared'] as const;
const OUTCOME = ['up', 'top', 'hold', 'back', 'newPlan'] as const;

type Tuple = (string | number)[];

/** Thrown by {@link decodeHistory} when the value as a whole cannot be read. */
export class HistoryDecodeError extends Error {
  constructor(readonly reason: string) {
    super(`Stored history could not be decoded (${reason}); it will be replaced by the next write.`);
    this.name = 'HistoryDecodeError';
  }
}

/** `day` as days from the UTC date of `at`, or the raw string when it is not a plain date. */
function dayOffset(day: string, at: number): number | string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) return day;
  const off = (ms - Math.floor(at / DAY_MS) * DAY_MS) / DAY_MS;
  return Number.isInteger(off) && Math.abs(off) < 1000 ? off : day;
}

function dayFrom(v: unknown, at: number): unknown {
  if (typeof v !== 'number') return v;
  return new Date(Math.floor(at / DAY_MS) * DAY_MS + v * DAY_MS).toISOString().slice(0, 10);
}

const idx = <T>(list: readonly T[], v: T) => list.indexOf(v);

function toTuple(e: HistoryEntry, dt: number): Tuple {
  switch (e.t) {
    case 'checkin':
      return [
        0,
        dt,
        dayOffset(e.day, e.at),
        e.craving,
        e.peak,
        e.mood,
        typeof e.sleep === 'number' ? e.sleep : -1 - idx(SLEEP, e.sleep),
        e.exerciseMin,
        e.exerciseType ? idx(MODALITY, e.exerciseType) : -1,
        e.use ? 1 : 0,
      ];
    case 'craving':
      return [1, dt, e.value, idx(SOURCE, e.source)];
    case 'session':
      return [
        2,
        dt,
        e.sessionId,
        idx(MODALITY, e.modality),
        e.minutes,
        e.before,
        e.after ?? -1,
        e.completed ? 1 : 0,
      ];
    case 'lapse':
      return [3, dt];
    case 'missed':
      return [4, dt, dayOffset(e.day, e.at)];
    case 'workout':
      return [
        5,
        dt,
        e.week,
        e.form,
        idx(MODALITY, e.modality),
        e.minutes,
        e.planned,
        e.level,
        e.before,
        e.after ?? -1,
        e.effort ?? -1,
        e.completed ? 1 : 0,
      ];
    case 'phq':
      return [6, dt, ...e.items];
    case 'parq':
      return [7, dt, e.yes];
    case 'week':
      return [
        8,
        dt,
        e.week,
        idx(PLAN, e.plan),
        e.planned,
        e.done,
        e.minutes,
        e.plannedMinutes,
        e.dose,
        e.level,
        idx(OUTCOME, e.outcome),
      ];
  }
}

function fromTuple(t: unknown[], at: number): unknown {
  const n = (i: number) => t[i];
  switch (t[0]) {
    case 0: {
      const sleep = n(6);
      return {
        t: 'checkin',
        at,
        day: dayFrom(n(2), at),
        craving: n(3),
        peak: n(4),
        mood: n(5),
        sleep: typeof sleep === 'number' && sleep < 0 ? SLEEP[-1 - sleep] : sleep,
        exerciseMin: n(7),
        ...(n(8) === -1 ? {} : { exerciseType: MODALITY[n(8) as number] }),
        use: n(9) === 1,
      };
    }
    case 1:
      return { t: 'craving', at, value: n(2), source: SOURCE[n(3) as number] };
    case 2:
      return {
        t: 'session',
        at,
        sessionId: n(2),
        modality: MODALITY[n(3) as number],
        minutes: n(4),
        before: n(5),
        ...(n(6) === -1 ? {} : { after: n(6) }),
        completed: n(7) === 1,
      };
    case 3:
      return { t: 'lapse', at };
    case 4:
      return { t: 'missed', at, day: dayFrom(n(2), at) };
    case 5:
      return {
        t: 'workout',
        at,
        week: n(2),
        form: n(3),
        modality: MODALITY[n(4) as number],
        minutes: n(5),
        planned: n(6),
        level: n(7),
        before: n(8),
        ...(n(9) === -1 ? {} : { after: n(9) }),
        ...(n(10) === -1 ? {} : { effort: n(10) }),
        completed: n(11) === 1,
      };
    case 6:
      return { t: 'phq', at, items: t.slice(2) };
    case 7:
      return { t: 'parq', at, yes: n(2) };
    case 8:
      return {
        t: 'week',
        at,
        week: n(2),
        plan: PLAN[n(3) as number],
        planned: n(4),
        done: n(5),
        minutes: n(6),
        plannedMinutes: n(7),
        dose: n(8),
        level: n(9),
        outcome: OUTCOME[n(10) as number],
      };
    default:
      return undefined;
  }
}

/** Encodes entries (in stored order) into one compact binary value: appended to nothing, all kept. */
export function encodeHistory(entries: readonly HistoryEntry[]): Buffer {
  return appendHistory(null, entries, Number.NEGATIVE_INFINITY);
}

/** The tuples of an encoded value (not validated). Throws {@link HistoryDecodeError}. */
function readTuples(value: Buffer): unknown[] {
  if (value.length === 0) return [];
  if (value[0] !== VERSION) throw new HistoryDecodeError(`unknown format ${value[0]}`);
  let tuples: unknown;
  try {
    tuples = JSON.parse(inflateRawSync(value.subarray(1)).toString('utf8'));
  } catch {
    throw new HistoryDecodeError('not a deflated JSON value');
  }
  if (!Array.isArray(tuples)) throw new HistoryDecodeError('not a list');
  return tuples;
}

function pack(tuples: unknown[]): Buffer {
  const body = deflateRawSync(Buffer.from(JSON.stringify(tuples)));
  return Buffer.concat([Buffer.from([VERSION]), body]);
}

/**
 * Appends entries to an encoded value and drops what is older than `cutoff`, without decoding the
 * kept entries into objects: a check-in's write does not re-validate 90 days of history (reads
 * still do, and drop what fails). Throws {@link HistoryDecodeError} when `value` is unreadable.
 */
export function appendHistory(
  value: Buffer | null,
  entries: readonly HistoryEntry[],
  cutoff: number,
): Buffer {
  const kept: unknown[] = [];
  let at = 0;
  let prev = 0;
  for (const t of value ? readTuples(value) : []) {
    // A malformed tuple carries no usable time; the reader skips it the same way.
    if (!Array.isArray(t) || typeof t[1] !== 'number') continue;
    at += t[1];
    if (at < cutoff) continue;
    kept.push([t[0], at - prev, ...t.slice(2)]);
    prev = at;
  }
  for (const e of entries) {
    kept.push(toTuple(e, e.at - prev));
    prev = e.at;
  }
  return pack(kept);
}

/**
 * Decodes a value written by {@link encodeHistory}. Entries that fail the history schema are
 * dropped (counted in `dropped`). Throws {@link HistoryDecodeError} when the value as a whole is
 * unreadable.
 */
export function decodeHistory(value: Buffer): { entries: HistoryEntry[]; dropped: number } {
  const tuples = readTuples(value);
  const entries: HistoryEntry[] = [];
  let dropped = 0;
  let at = 0;
  for (const t of tuples) {
    if (!Array.isArray(t) || typeof t[1] !== 'number') {
      dropped++;
      continue;
    }
    at += t[1];
    const parsed = historyEntrySchema.safeParse(fromTuple(t, at));
    if (parsed.success) entries.push(parsed.data);
    else dropped++;
  }
  return { entries, dropped };
}

/**
 * The history codec's append path: a write keeps what is within retention, in order, with exact
 * times, and never needs the old entries decoded into objects.
 */
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../flows/history.js';
import {
  appendHistory,
  decodeHistory,
  encodeHistory,
  HistoryDecodeError,
} from '../../src/store/historyCodec.js';

const DAY = 86_400_000;
const t0 = Date.UTC(2026, 2, 1, 13);
const craving = (at: number, value: number): HistoryEntry => ({ t: 'craving', at, value, source: 'report' });
const checkin = (at: number): HistoryEntry => ({
  t: 'checkin',
  at,
  day: new Date(at).toISOString().slice(0, 10),
  craving: 4,
  peak: 6,
  mood: 5,
  sleep: 'good',
  exerciseMin: 20,
  exerciseType: 'aerobic',
  use: false,
});

describe('appending to a stored history', () => {
  it('gives the same entries as decoding, appending and encoding everything', () => {
    const old = [checkin(t0), craving(t0 + 1_000, 6), checkin(t0 + DAY)];
    const added = [craving(t0 + 2 * DAY, 3), checkin(t0 + 2 * DAY + 5)];
    const blob = appendHistory(encodeHistory(old), added, 0);
    expect(decodeHistory(blob)).toEqual({ entries: [...old, ...added], dropped: 0 });
  });

  it('starts a history when there is none', () => {
    expect(decodeHistory(appendHistory(null, [craving(t0, 2)], 0)).entries).toEqual([craving(t0, 2)]);
  });

  it('drops entries older than the retention cutoff and keeps the times of the rest exact', () => {
    const old = [craving(t0, 1), craving(t0 + DAY, 2), craving(t0 + 2 * DAY, 3)];
    const blob = appendHistory(encodeHistory(old), [craving(t0 + 3 * DAY, 4)], t0 + DAY);
    expect(decodeHistory(blob).entries).toEqual([
      craving(t0 + DAY, 2),
      craving(t0 + 2 * DAY, 3),
      craving(t0 + 3 * DAY, 4),
    ]);
  });

  it('skips a malformed tuple as the reader does, without shifting the others', () => {
    const tuples = [[1, t0, 5, 1], 'junk', [1, DAY, 6, 1]];
    const damaged = Buffer.concat([Buffer.from([1]), deflateRawSync(Buffer.from(JSON.stringify(tuples)))]);
    const blob = appendHistory(damaged, [craving(t0 + 2 * DAY, 7)], 0);
    expect(decodeHistory(blob).entries).toEqual([
      craving(t0, 5),
      craving(t0 + DAY, 6),
      craving(t0 + 2 * DAY, 7),
    ]);
  });

  it('refuses a value it cannot read, so the store can replace it', () => {
    expect(() => appendHistory(Buffer.from([9, 1, 2]), [craving(t0, 1)], 0)).toThrow(HistoryDecodeError);
  });
});

describe("the exercise program's entries (docs/program.md)", () => {
  it('come back exactly: a workout (rated and not), a PHQ, a PAR-Q+, a reviewed week', () => {
    const entries: HistoryEntry[] = [
      {
        t: 'workout',
        at: t0,
        week: 2,
        form: 'bodyweight',
        modality: 'resistance',
        minutes: 30,
        planned: 30,
        level: 2,
        before: 6,
        after: 3,
        effort: 13,
        completed: true,
      },
      {
        t: 'workout',
        at: t0 + 1_000,
        week: 2,
        form: 'walk',
        modality: 'aerobic',
        minutes: 5,
        planned: 35,
        level: 2,
        before: 4,
        completed: false,
      },
      { t: 'phq', at: t0 + DAY, items: [1, 2] },
      { t: 'phq', at: t0 + 2 * DAY, items: [2, 2, 1, 1, 0, 1, 2, 0, 0] },
      { t: 'parq', at: t0 + 3 * DAY, yes: 1 },
      {
        t: 'week',
        at: t0 + 4 * DAY,
        week: 2,
        plan: 'early',
        planned: 3,
        done: 2,
        minutes: 65,
        plannedMinutes: 105,
        dose: 35,
        level: 2,
        outcome: 'hold',
      },
    ];
    expect(decodeHistory(encodeHistory(entries))).toEqual({ entries, dropped: 0 });
  });
});

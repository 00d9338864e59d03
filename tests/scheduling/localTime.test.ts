import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content.js';
import {
  LocalTimeError,
  localDay,
  nextOccurrence,
  occurrenceOn,
  wallTimeOn,
} from '../../src/scheduling/localTime.js';

const iso = (ms: number) => new Date(ms).toISOString();
/** The reminder delay the flow content sets (two hours, docs/clinical-protocol.md#daily-check-in). */
const REMINDER = loadContent().thresholds.checkinReminderAfterMinutes * 60_000;

describe('daily check-in local time', () => {
  it('finds the next occurrence today when the time is still ahead', () => {
    // 12:00 UTC = 20:00 in Shanghai
    const occ = nextOccurrence('21:00', 'Asia/Shanghai', Date.UTC(2026, 0, 5, 12), null, REMINDER);
    expect(occ.day).toBe('2026-01-05');
    expect(iso(occ.dueAt)).toBe('2026-01-05T13:00:00.000Z');
    expect(iso(occ.reminderAt!)).toBe('2026-01-05T15:00:00.000Z');
    expect(iso(occ.dayEndAt)).toBe('2026-01-05T16:00:00.000Z');
  });

  it('moves to tomorrow when today’s time has passed', () => {
    const occ = nextOccurrence('09:00', 'Asia/Shanghai', Date.UTC(2026, 0, 5, 12), null, REMINDER);
    expect(occ.day).toBe('2026-01-06');
    expect(iso(occ.dueAt)).toBe('2026-01-06T01:00:00.000Z');
  });

  it('skips occurrences before the end of a pause', () => {
    const pausedUntil = Date.UTC(2026, 0, 8, 0);
    const occ = nextOccurrence('21:00', 'Asia/Shanghai', Date.UTC(2026, 0, 5, 12), pausedUntil, REMINDER);
    expect(occ.day).toBe('2026-01-08');
    expect(occ.dueAt).toBeGreaterThanOrEqual(pausedUntil);
  });

  it('moves a nonexistent spring-forward time forward (New York 02:30 on 8 March 2026)', () => {
    const occ = occurrenceOn('2026-03-08', '02:30', 'America/New_York', REMINDER);
    expect(iso(occ.dueAt)).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    // the day is 23 hours long: midnight ends it at 04:00 UTC
    expect(iso(occ.dayEndAt)).toBe('2026-03-09T04:00:00.000Z');
    const day = nextOccurrence('02:30', 'America/New_York', Date.UTC(2026, 2, 8, 5), null, REMINDER);
    expect(day.day).toBe('2026-03-08');
    expect(day.dueAt).toBe(occ.dueAt);
  });

  it('fires an ambiguous fall-back time once, at its first instant (London 01:30 on 25 October 2026)', () => {
    const due = wallTimeOn('2026-10-25', '01:30', 'Europe/London');
    expect(iso(due)).toBe('2026-10-25T00:30:00.000Z'); // 01:30 BST, the first of the two
    const first = nextOccurrence('01:30', 'Europe/London', Date.UTC(2026, 9, 24, 23), null, REMINDER);
    expect(first.dueAt).toBe(due);
    // right after it, the next occurrence is the next day, not the second 01:30 (GMT)
    const second = nextOccurrence('01:30', 'Europe/London', due + 1, null, REMINDER);
    expect(second.day).toBe('2026-10-26');
    expect(iso(second.dueAt)).toBe('2026-10-26T01:30:00.000Z');
    // the fall-back day is 25 hours long
    expect(first.dayEndAt - Date.UTC(2026, 9, 24, 23)).toBe(25 * 3_600_000);
  });

  it('gives a late check-in no reminder after the local day ended', () => {
    const occ = occurrenceOn('2026-01-05', '22:30', 'Asia/Shanghai', REMINDER);
    expect(occ.reminderAt).toBeNull();
    expect(occurrenceOn('2026-01-05', '21:59', 'Asia/Shanghai', REMINDER).reminderAt).not.toBeNull();
  });

  it('uses the patient’s local date, not the UTC one', () => {
    expect(localDay(Date.UTC(2026, 0, 5, 20), 'Asia/Shanghai')).toBe('2026-01-06');
    expect(localDay(Date.UTC(2026, 0, 5, 3), 'America/Los_Angeles')).toBe('2026-01-04');
  });

  it('rejects malformed input with an error saying what is expected', () => {
    expect(() => nextOccurrence('9pm', 'Asia/Shanghai', 0, null, REMINDER)).toThrow(LocalTimeError);
    expect(() => nextOccurrence('21:00', 'Mars/Olympus', 0, null, REMINDER)).toThrow(/IANA zone/);
  });
});

/** A rescue session's history entry: its minutes count only when the patient completed it. */
import { describe, expect, it } from 'vitest';
import { historyEntrySchema, sessionEntry } from '../../flows/history.js';

const session = { id: 'walk10', before: 7 };
const catalogued = { modality: 'aerobic' as const, minutes: 10 };

describe('a session in the history', () => {
  it('counts its minutes when completed, with the rating after', () => {
    const e = sessionEntry(5, session, catalogued, { completed: true, after: 4 });
    expect(e).toEqual({
      t: 'session',
      at: 5,
      sessionId: 'walk10',
      modality: 'aerobic',
      minutes: 10,
      before: 7,
      after: 4,
      completed: true,
    });
    expect(historyEntrySchema.safeParse(e).success).toBe(true);
  });

  it('counts no minutes when cut short (stopped, or a red flag without a rating)', () => {
    expect(sessionEntry(5, session, catalogued, { completed: false, after: 6 }).minutes).toBe(0);
    const redFlag = sessionEntry(5, session, catalogued, { completed: false });
    expect(redFlag).toMatchObject({ minutes: 0, completed: false });
    expect(redFlag).not.toHaveProperty('after');
    expect(historyEntrySchema.safeParse(redFlag).success).toBe(true);
  });
});

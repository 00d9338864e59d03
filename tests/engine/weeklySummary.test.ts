import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard, type TestPatient } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const HOUR = 3_600_000;

/** Answers a check-in quickly by typing. */
async function answerCheckin(p: TestPatient) {
  for (const a of ['3', '5', '6', 'good', '20', 'aerobic', 'no']) await p.say(a);
}

describe('the weekly summary comes on Sunday at each patient’s own check-in time', () => {
  it('Shanghai and New York (across the US DST change on 8 March 2026)', async () => {
    h = await Harness.create();
    const sh = h.patient('weekly-sh');
    const ny = h.patient('weekly-ny');
    await onboard(sh);
    await onboard(ny, { timezone: 'America/New_York' });
    // Mon 2 March 04:00 UTC → check in every day until Saturday.
    for (let day = 0; day < 6; day++) {
      await h.advance(9 * HOUR + 60_000); // 13:01 UTC = 21:01 Shanghai
      await answerCheckin(sh);
      await h.advance(13 * HOUR); // 02:01 UTC = 21:01 in New York (EST until 8 March)
      await answerCheckin(ny);
      await h.advance(2 * HOUR - 60_000); // back to 04:00 UTC
    }
    const weekly = (p: TestPatient) => p.inbox.filter((m) => m.image);
    expect(weekly(sh)).toHaveLength(0);
    // Sunday 8 March, 13:01 UTC = 21:01 in Shanghai: Shanghai's summary, not yet New York's.
    await h.advance(9 * HOUR + 60_000);
    expect(weekly(sh)).toHaveLength(1);
    expect(weekly(ny)).toHaveLength(0);
    // Monday 9 March, 00:59 UTC = Sunday 20:59 EDT: still nothing for New York.
    await h.advance(12 * HOUR - 2 * 60_000); // 00:59 UTC
    expect(weekly(ny)).toHaveLength(0);
    // 01:01 UTC = Sunday 21:01 EDT (DST began that morning): New York's summary.
    await h.advance(2 * 60_000);
    expect(weekly(ny)).toHaveLength(1);
    const expected = await h.app.progress.progressMessage(ny.id, 'en', {
      days: 14,
      weekly: true,
      timezone: 'America/New_York',
    });
    expect(weekly(ny)[0]!.text).toBe(expected.text);
  });
});

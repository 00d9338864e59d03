/**
 * One check-in a day (docs/clinical-protocol.md#daily-check-in): a patient who checked in early with /checkin
 * is not asked again at their usual time that day, nor at midnight; the next day's comes as usual.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const HOUR = 3_600_000;
const MINUTE = 60_000;

async function answerCheckin(p: ReturnType<Harness['patient']>): Promise<string> {
  for (const a of ['3', '3', '5']) await p.say(a);
  await p.press('ok');
  await p.press('0');
  return (await p.press('no')).map((m) => m.text).join('\n');
}

async function checkInNow(p: ReturnType<Harness['patient']>): Promise<void> {
  await p.command('checkin');
  await answerCheckin(p);
}

describe('a check-in done early in the day', () => {
  it.each([
    ['en', false],
    ['zh-CN', true],
  ] as const)(
    "(%s) is the day's: no second one at 21:00 or at midnight, the next day's on time",
    async (locale, zh) => {
      h = await Harness.create();
      const p = h.patient(`early-${locale}`, locale);
      await onboard(p, { zh }); // 12:00 Shanghai, check-ins at 21:00
      await checkInNow(p);
      const intro = h.t(locale, 'checkin.intro');
      const after = p.inbox.length;
      for (let i = 0; i < 13 * 6; i++) await h.advance(10 * MINUTE); // to 01:00 the next day
      expect(
        p.inbox
          .slice(after)
          .map((m) => m.text)
          .join('\n'),
      ).not.toContain(intro);
      await h.advance(20 * HOUR); // 21:00 the next day
      expect(p.inbox.slice(after).some((m) => m.text.includes(intro))).toBe(true);
      // The second day in a row is counted as such.
      expect(await answerCheckin(p)).toContain(h.t(locale, 'checkin.thanks', { streak: 2, minutes: 0 }));
    },
  );

  it('a second check-in left open that day is not brought back at midnight as "today\'s"', async () => {
    h = await Harness.create();
    const p = h.patient('early-second');
    await onboard(p);
    await checkInNow(p);
    await p.command('checkin'); // a second one, left at its first question
    const after = p.inbox.length;
    for (let i = 0; i < 13 * 6; i++) await h.advance(10 * MINUTE);
    expect(p.inbox.slice(after)).toEqual([]);
  });
});

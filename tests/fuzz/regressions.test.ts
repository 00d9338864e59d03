/**
 * Cases the fuzzer found, replayed deterministically so they stay fixed. Each names the sequence
 * that broke a property (an exception escaped a turn, or a message went unanswered).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { localDay } from '../../src/scheduling/localTime.js';
import { Harness, onboard, type TestPatient } from '../support/patientHarness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function checkinOpen(): Promise<{ h: Harness; p: TestPatient; today: string }> {
  h = await Harness.create();
  const p = h.patient('regression', 'en');
  await onboard(p);
  await p.command('checkin');
  return { h, p, today: localDay(h.clock.now(), 'Asia/Shanghai') };
}

describe('fuzzer findings', () => {
  it('the day ends while /language interrupts a check-in: the resumed question is still answered', async () => {
    const { p, today } = await checkinOpen();
    await p.command('language');
    await p.send({ kind: 'timer', event: { type: 'CHECKIN_DAY_END', day: today } });
    await p.command('language');
    // Choosing the language answers; the check-in closed with its day, so it is not asked again...
    const switched = await p.say('English');
    expect(switched).not.toHaveLength(0);
    expect(switched.at(-1)!.text).not.toContain(h!.t('en', 'checkin.craving', { i: 1, n: 6 }));
    // ...and whatever comes next still gets a reply.
    expect(await p.say('0'), "no reply to '0'").not.toHaveLength(0);
  });

  it("a late day-end for yesterday does not wipe today's open check-in", async () => {
    const { h, p } = await checkinOpen();
    const yesterday = localDay(h.clock.now() - 86_400_000, 'Asia/Shanghai');
    for (const answer of ['3', '5', '6', 'good', '0']) await p.say(answer);
    await p.send({ kind: 'timer', event: { type: 'CHECKIN_DAY_END', day: yesterday } });
    const replies = await p.press('no');
    expect(replies.map((m) => m.text).join('\n')).toContain(
      h.t('en', 'checkin.thanksFirst', { minutes: 0 }).slice(0, 10),
    );
    expect((await h.store.getHistory(p.id)).some((e) => e.t === 'checkin')).toBe(true);
  });
});

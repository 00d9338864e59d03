/**
 * docs/clinical-protocol.md#daily-check-in: sent every day at the patient's time, one reminder two hours
 * later. A rescue under way (a session, a craving question, an offer) is not talked over: a check-in that
 * comes due meanwhile waits behind it and follows the answer, introduced as any check-in. But a rescue
 * question the patient has left unanswered never stops the daily check-in: when they have been silent for two
 * hours as it comes due, or are still silent at its reminder, the rescue is left and the check-in starts. The
 * Sunday chart comes either way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard, type TestPatient } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const MIN = 60_000;
const HOUR = 60 * MIN;
// The harness starts on Monday 2 March 2026 at 12:00 in Shanghai; the check-in is at 21:00.

const since = (p: TestPatient, from: number) =>
  p.inbox
    .slice(from)
    .map((m) => m.text)
    .join('\n');

describe('a check-in that comes due during a rescue', () => {
  it.each([
    ['en', false],
    ['zh-CN', true],
  ] as const)(
    '(%s) waits behind a session and follows the answer, introduced as any check-in',
    async (locale, zh) => {
      h = await Harness.create();
      const p = h.patient(`behind-session-${locale}`, locale);
      await onboard(p, { zh });
      await h.advance(8 * HOUR + 55 * MIN); // 20:55
      await p.command('craving', '5');
      await p.press('walk15');
      const start = p.inbox.length;
      await h.advance(6 * MIN); // 21:01: the check-in comes due mid-walk
      expect(since(p, start)).not.toContain(h.t(locale, 'checkin.intro'));
      await h.advance(450_000);
      await h.advance(450_000); // the walk ends: "how strong now?"
      expect(p.last.text).toContain(h.t(locale, 'session.after'));
      const reply = await p.say('3');
      const text = reply.map((m) => m.text).join('\n');
      expect(text).toContain(h.t(locale, 'checkin.intro'));
      expect(text).not.toContain(h.t(locale, 'checkin.resume'));
      expect(reply.at(-1)!.text).toContain(h.t(locale, 'checkin.craving', { i: 1, n: 6 }));
    },
  );

  it('does not interrupt a patient answering right now, even at its reminder', async () => {
    h = await Harness.create();
    const p = h.patient('behind-offer-busy');
    await onboard(p);
    await h.advance(9 * HOUR + MIN); // 21:01: the check-in
    await h.advance(118 * MIN); // 22:59: not answered, but now a craving
    await p.command('craving', '5');
    const start = p.inbox.length;
    await h.advance(2 * MIN); // 23:01: the reminder finds the offer just made
    expect(p.inbox.length).toBe(start);
    const back = await p.press('notnow');
    expect(back.map((m) => m.text).join('\n')).toContain(h.t('en', 'checkin.intro'));
    expect(back.at(-1)!.text).toContain(h.t('en', 'checkin.craving', { i: 1, n: 6 }));
  });

  it('starts at its reminder when the offer it waited behind was left unanswered', async () => {
    h = await Harness.create();
    const p = h.patient('behind-offer-left');
    await onboard(p);
    await h.advance(8 * HOUR + 50 * MIN); // 20:50
    await p.command('craving', '5');
    const start = p.inbox.length;
    await h.advance(11 * MIN); // 21:01: the patient was here ten minutes ago; it waits
    expect(p.inbox.length).toBe(start);
    await h.advance(2 * HOUR); // 23:01: the reminder, and still no answer
    expect(since(p, start)).toContain(h.t('en', 'checkin.intro'));
    expect(p.last.text).toContain(h.t('en', 'checkin.craving', { i: 1, n: 6 }));
  });

  it('starts at its time after a craving question left unanswered for hours, and counts when answered', async () => {
    h = await Harness.create();
    const p = h.patient('behind-lapse-left');
    await onboard(p);
    await p.command('lapse'); // 12:00: "how strong is it right now?" never answered
    const start = p.inbox.length;
    await h.advance(9 * HOUR + MIN); // 21:01
    expect(since(p, start)).toContain(h.t('en', 'checkin.intro'));
    expect(p.last.text).toContain(h.t('en', 'checkin.craving', { i: 1, n: 6 }));
    for (const a of ['2', '3', '6', 'good', '0', 'no']) await p.say(a);
    await h.advance(3 * HOUR); // past midnight: the day is not missed
    const history = await h.store.getHistory(p.id);
    expect(history.filter((e) => e.t === 'checkin').map((e) => e.t === 'checkin' && e.day)).toEqual([
      '2026-03-02',
    ]);
    expect(history.filter((e) => e.t === 'missed')).toEqual([]);
  });

  it('keeps the answers of a check-in a craving interrupted, when its reminder finds the offer left', async () => {
    h = await Harness.create();
    const p = h.patient('behind-offer-answers');
    await onboard(p);
    await h.advance(9 * HOUR + MIN); // 21:01
    await p.say('2');
    await p.say('8');
    await p.command('craving', '5');
    await h.advance(2 * HOUR); // 23:01: the reminder, the offer left unanswered
    expect(p.transcript).toContain(h.t('en', 'checkin.resume'));
    expect(p.last.text).toContain(h.t('en', 'checkin.mood', { i: 3, n: 6 }));
  });

  it('does not follow a crisis reply in the same breath: it comes with the next message', async () => {
    h = await Harness.create();
    const p = h.patient('behind-session-crisis');
    await onboard(p);
    await h.advance(8 * HOUR + 55 * MIN); // 20:55
    await p.command('craving', '5');
    await p.press('walk15');
    await h.advance(6 * MIN); // 21:01: the check-in comes due mid-walk
    const crisis = (await p.say('I want to die')).map((m) => m.text).join('\n');
    expect(crisis).toContain(h.t('en', 'session.stoppedForSafety'));
    expect(crisis).not.toContain(h.t('en', 'checkin.intro'));
    const next = await p.say('thank you');
    expect(next.map((m) => m.text).join('\n')).toContain(h.t('en', 'checkin.intro'));
  });

  it('brings the Sunday chart while a rescue question waits', async () => {
    h = await Harness.create();
    const p = h.patient('behind-offer-sunday');
    await onboard(p);
    for (let day = 0; day < 6; day++) await h.advance(24 * HOUR);
    await h.advance(8 * HOUR + 50 * MIN); // Sunday 8 March, 20:50
    await p.command('craving', '5');
    const charts = p.inbox.filter((m) => m.image).length;
    await h.advance(11 * MIN); // 21:01
    expect(p.inbox.filter((m) => m.image).length).toBe(charts + 1);
  });
});

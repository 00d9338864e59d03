/**
 * docs/clinical-protocol.md#escalation, high: a craving ≥ 8 whose session is declined tells the counsellor.
 * An offer left for another flow is declined too: `/checkin` instead of an answer, or a daily check-in that
 * takes the place of an offer left unanswered. The same alert as "Not now", once, and the patient is told. A
 * crisis reply or a health worry at the offer is not a decline: the offer waits behind it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const HOUR = 3_600_000;
const declinedAlerts = async (patientId: string) =>
  (await h.store.listAlerts({ patientId })).filter((a) => a.reason === 'alerts.reason.sessionDeclined');

describe('a strong craving whose offer is left for another flow', () => {
  it.each([
    ['en', false],
    ['zh-CN', true],
  ] as const)(
    '(%s) /checkin instead of an answer: declined, the counsellor told (high) once',
    async (locale, zh) => {
      h = await Harness.create();
      const p = h.patient(`offer-left-checkin-${locale}`, locale);
      await onboard(p, { zh });
      await p.command('craving', '8');
      const reply = await p.command('checkin');
      const text = reply.map((m) => m.text).join('\n');
      expect(text).toContain(h.t(locale, 'offer.declinedTold'));
      expect(reply.at(-1)!.text).toContain(h.t(locale, 'checkin.craving', { i: 1, n: 6 }));
      expect((await declinedAlerts(p.id)).map((a) => [a.level, a.params])).toEqual([['high', { before: 8 }]]);
      for (const a of ['7', '8', '4', 'good', '0', 'no']) await p.say(a);
      await p.press('notnow'); // the check-in's own rising offer, declined at 7: no second alert
      expect(await declinedAlerts(p.id)).toHaveLength(1);
    },
  );

  it('left unanswered until the daily check-in takes its place: declined, the counsellor told', async () => {
    h = await Harness.create();
    const p = h.patient('offer-left-stale');
    await onboard(p);
    await p.command('craving', '9'); // 12:00, never answered
    await h.advance(9 * HOUR + 60_000); // 21:01: the check-in starts instead
    expect(p.transcript).toContain(h.t('en', 'offer.leftTold'));
    expect(p.last.text).toContain(h.t('en', 'checkin.craving', { i: 1, n: 6 }));
    expect((await declinedAlerts(p.id)).map((a) => a.level)).toEqual(['high']);
  });

  it('below 8, /checkin instead of an answer tells no one', async () => {
    h = await Harness.create();
    const p = h.patient('offer-left-7');
    await onboard(p);
    await p.command('craving', '7');
    const reply = await p.command('checkin');
    expect(reply.map((m) => m.text).join('\n')).not.toContain(h.t('en', 'offer.declinedTold'));
    expect(await h.store.listAlerts({ patientId: p.id })).toEqual([]);
  });

  it('a crisis reply at the offer is not a decline: the urgent alert only', async () => {
    h = await Harness.create();
    const p = h.patient('offer-crisis');
    await onboard(p);
    await p.command('craving', '9');
    await p.say('I want to die');
    await p.say('my chest hurts');
    const reasons = (await h.store.listAlerts({ patientId: p.id })).map((a) => a.reason);
    expect(reasons).toEqual(['alerts.reason.selfHarm']);
  });
});

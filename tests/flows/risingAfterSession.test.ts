/**
 * docs/clinical-protocol.md#rising-craving-and-rescue-sessions: craving is rising when the latest rating is ≥
 * 7 (or ≥ 3 above the median of the last seven, or three rises in a row), and then a session is offered at
 * once. The rating asked after a session is such a rating: when it rises by the rule, whatever the rating
 * before the session, another session is offered at once. The high alert stays as it is (a strong craving, ≥
 * 8, still ≥ 6 after a session).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('a craving that rises by the rule after a session', () => {
  it.each([
    ['en', false],
    ['zh-CN', true],
  ] as const)(
    '(%s) 5, then 9 after breathing: another session offered at once, no high alert',
    async (locale, zh) => {
      h = await Harness.create();
      const p = h.patient(`rising-after-${locale}`, locale);
      await onboard(p, { zh });
      await p.command('craving', '5');
      await p.press('breathing5');
      await h.advance(150_000);
      await h.advance(150_000);
      const reply = await p.say('9');
      const text = reply.map((m) => m.text).join('\n');
      const session = h.t(locale, 'sessions.breathing5.name');
      expect(text).toContain(h.t(locale, 'session.result.worseOfferAgain', { before: 5, after: 9, session }));
      expect(reply.at(-1)!.kind).toBe('choice');
      expect(reply.at(-1)!.text).toContain(h.t(locale, 'offer.strong', { before: 9 }));
      expect(await h.store.listAlerts({ patientId: p.id })).toEqual([]);
    },
  );

  it('4, then 7 after a walk: another session offered at once', async () => {
    h = await Harness.create();
    const p = h.patient('rising-after-7');
    await onboard(p);
    await p.command('craving', '4');
    await p.press('walk15');
    await p.press('next');
    await p.press('next');
    const reply = await p.say('7');
    expect(reply.at(-1)!.text).toContain(h.t('en', 'offer.prompt', { before: 7 }));
  });

  it('3, then 5: higher, but not rising by the rule: no new offer, /craving any time', async () => {
    h = await Harness.create();
    const p = h.patient('not-rising-after');
    await onboard(p);
    await p.command('craving', '3');
    await p.press('breathing5');
    await p.press('next');
    await p.press('next');
    const reply = await p.say('5');
    expect(reply.at(-1)!.kind).toBeUndefined();
    expect(reply.at(-1)!.text).toContain(
      h.t('en', 'session.result.worse', {
        before: 3,
        after: 5,
        session: h.t('en', 'sessions.breathing5.name'),
      }),
    );
  });
});

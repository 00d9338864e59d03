/**
 * A strong craving (≥ 8) still high after a rescue session (≥ 6) is a high alert
 * (docs/clinical-protocol.md#escalation): the patient gets support, the counsellor is told, and another
 * session is offered at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('a craving still high after a session', () => {
  it.each([
    ['en', false],
    ['zh-CN', true],
  ] as const)('(%s) support, the counsellor told (high), and another session offered', async (locale, zh) => {
    h = await Harness.create();
    const p = h.patient(`still-high-${locale}`, locale);
    await onboard(p, { zh });
    await p.command('craving');
    await p.say('9');
    await p.press('breathing5');
    await h.advance(150_000);
    await p.press('next');
    const reply = await p.say('7');
    const text = reply.map((m) => m.text).join('\n');
    expect(text).toContain(h.t(locale, 'session.toldCounsellor'));
    // A small drop is said as one, not as "that worked for you" beside "still high".
    expect(text).not.toContain(
      h.t(locale, 'session.result.better', {
        before: 9,
        after: 7,
        session: h.t(locale, 'sessions.breathing5.name'),
      }),
    );
    expect(reply.at(-1)!.kind).toBe('choice');
    expect(reply.at(-1)!.text).toContain(h.t(locale, 'offer.prompt', { before: 7 }));
    const alerts = await h.store.listAlerts({ patientId: p.id });
    expect(alerts.filter((a) => a.reason.endsWith('highCravingAfterSession')).map((a) => a.level)).toEqual([
      'high',
    ]);
  });

  it('a craving that came down gets no new offer', async () => {
    h = await Harness.create();
    const p = h.patient('came-down');
    await onboard(p);
    await p.command('craving');
    await p.say('9');
    await p.press('breathing5');
    await h.advance(150_000);
    await p.press('next');
    const reply = await p.say('4');
    expect(reply.at(-1)!.kind).toBeUndefined();
  });
});

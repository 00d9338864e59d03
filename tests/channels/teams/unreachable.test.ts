/**
 * Unreachable patients over Teams (issue 23, docs/counsellors.md#unreachable-patients): the
 * connector answers a proactive send with 403 (the app was removed or blocked) or 404 (the
 * conversation is gone). From then on nothing is sent to the patient, no missed-check-in alert
 * follows, the counsellors get one routine alert; the patient's next message brings them back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { onboardByCards, TeamsApp, type TeamsPatient } from './appHarness.js';

const HOUR = 3_600_000;

let t: TeamsApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

/** Every call that tried to deliver to the patient's conversation, refused ones included. */
const attempts = (p: TeamsPatient) =>
  p.t.connector.calls.filter((c) => c.conversationId === p.conversationId && c.kind !== 'unknown');

const unreachableSince = async (p: TeamsPatient) => {
  const loaded = await p.t.store.loadPatient(p.patientId);
  if (loaded.status !== 'ok') throw new Error('the patient is not stored');
  return (loaded.doc.snapshot as { context: { unreachableSince?: number | null } }).context.unreachableSince;
};

describe.each([403, 404])('a Teams patient whose conversation answers %i', (status) => {
  it('is held while gone and back with their next message', async () => {
    t = await TeamsApp.start();
    const p = t.patient(`gone${status}`, 'en-US');
    await onboardByCards(p, false);

    // 12:00 in Shanghai now; the check-in at 21:00 meets the refusal.
    t.connector.failNext(status);
    const before = attempts(p).length;
    await t.advance(9 * HOUR);
    expect(
      attempts(p)
        .slice(before)
        .map((c) => c.failedWith),
    ).toEqual([status]);
    expect(await unreachableSince(p)).toBe(t.clock.now());
    const [alert] = await t.store.listAlerts({ patientId: p.patientId });
    expect(alert).toMatchObject({ level: 'routine', reason: 'alerts.reason.unreachable' });

    // Four days and a morning: no reminder, no check-in, no missed-check-in alert.
    const held = attempts(p).length;
    for (let i = 0; i < 8; i++) await t.advance(12 * HOUR);
    await t.advance(15 * HOUR);
    expect(attempts(p).length).toBe(held);
    expect((await t.store.listAlerts({ patientId: p.patientId })).map((a) => a.reason)).toEqual([
      'alerts.reason.unreachable',
    ]);

    // The patient writes again (the app reinstalled, the chat reopened).
    const replies = await p.say('hello');
    expect(replies.length).toBeGreaterThan(0);
    expect(await unreachableSince(p)).toBeNull();
    const back = p.inbox.length;
    // 12:00 in Shanghai again: the evening's check-in comes as before.
    await t.advance(9 * HOUR);
    expect(
      p.inbox
        .slice(back)
        .map((m) => m.text)
        .join('\n'),
    ).toContain(t.t('en', 'checkin.intro'));
  });
});

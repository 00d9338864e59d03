/**
 * The machine's side of unreachable patients (docs/counsellors.md#unreachable-patients), driven
 * through the engine with a recording channel: `UNREACHABLE` tells the counsellors once (set-up
 * patients only), the day's end does not count a check-in nobody could receive as missed, and the
 * patient's own message clears it before it is read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard, type TestPatient } from '../support/patientHarness.js';

const HOUR = 3_600_000;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const unreachable = (p: TestPatient) =>
  p.send({ kind: 'timer', event: { type: 'UNREACHABLE', channel: 'console' } });

async function since(h: Harness, p: TestPatient) {
  const loaded = await h.store.loadPatient(p.id);
  if (loaded.status !== 'ok') throw new Error('not stored');
  return (loaded.doc.snapshot as { context: { unreachableSince?: number | null } }).context.unreachableSince;
}

describe('an unreachable patient', () => {
  it('raises one routine alert however often the platform refuses them', async () => {
    h = await Harness.create();
    const p = h.patient('console:u1');
    await onboard(p);
    await unreachable(p);
    await unreachable(p);
    expect(await since(h, p)).toBe(h.clock.now());
    const alerts = await h.store.listAlerts({ patientId: p.id });
    expect(alerts.map((a) => [a.level, a.reason])).toEqual([['routine', 'alerts.reason.unreachable']]);
  });

  it('is not alerted about before setting up (nobody expects their check-ins yet)', async () => {
    h = await Harness.create();
    const p = h.patient('console:u2');
    await p.send({ kind: 'hello' });
    await unreachable(p);
    expect(await since(h, p)).toBe(h.clock.now());
    expect(await h.store.listAlerts({ patientId: p.id })).toEqual([]);
  });

  it('misses no check-in while unreachable: three days end without a missed-check-in alert', async () => {
    h = await Harness.create();
    const p = h.patient('console:u3');
    await onboard(p);
    await unreachable(p);
    const before = p.inbox.length;
    for (let i = 0; i < 8; i++) await h.advance(12 * HOUR);
    expect(p.inbox.length).toBe(before);
    const history = await h.store.getHistory(p.id);
    expect(history.filter((e) => e.t === 'missed')).toEqual([]);
    expect((await h.store.listAlerts({ patientId: p.id })).map((a) => a.reason)).toEqual([
      'alerts.reason.unreachable',
    ]);
  });

  it('is reachable again by their own message, which is then read as usual', async () => {
    h = await Harness.create();
    const p = h.patient('console:u4');
    await onboard(p);
    await unreachable(p);
    const replies = await p.command('plan');
    expect(replies.length).toBeGreaterThan(0);
    expect(await since(h, p)).toBeNull();
    // Counted again from now on: three missed days alert as before.
    for (let i = 0; i < 6; i++) await h.advance(12 * HOUR);
    const reasons = (await h.store.listAlerts({ patientId: p.id })).map((a) => a.reason);
    expect(reasons).toContain('alerts.reason.missedCheckins');
  });
});

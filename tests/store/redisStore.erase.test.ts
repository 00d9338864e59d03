/**
 * `/delete` in Redis: after deletePatient, no key under the prefix names the patient, and no value
 * holds their id or code.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { keysUnder, storeUnderTest, valuesOf } from './redisTestKit.js';
import { testDoc } from './storeContract.js';

const { admin, prefix, clock, store, close } = storeUnderTest('erase');
afterAll(close);

describe('deletePatient in Redis', () => {
  it('leaves no trace of the patient id or code anywhere under the prefix', async () => {
    const id = 'telegram:7340001';
    const doc = testDoc(id, 1, { code: 'P-7F3K' });
    const other = testDoc('telegram:999', 1, { code: 'P-OTHR' });
    await store.withPatientLock(id, async () => {
      await store.commitTurn({
        doc,
        expectedRevision: 0,
        history: [{ t: 'missed', at: clock.now(), day: '2026-01-05' }],
        outbox: [{ id: `${id}:turn1:0`, kind: 'erase' }],
      });
    });
    await store.commitTurn({ doc: other, expectedRevision: 0, history: [], outbox: [] });
    await store.claimOnce(`outbox:${id}:turn1:0`, 60);
    await store.claimOnce(`update:${id}:55`, 60);
    await store.saveAlert({
      id: 'al-1',
      patientId: id,
      code: doc.code,
      level: 'urgent',
      reason: 'crisis',
      toldPatient: [],
      at: 1,
      sentTo: [],
      repeats: 0,
    });
    await store.appendAudit({ at: clock.now(), kind: 'alert', patientCode: doc.code, detail: 'urgent' });
    await store.appendAudit({ at: clock.now() + 1, kind: 'alert', patientCode: other.code, detail: 'high' });

    const before = await keysUnder(admin, prefix);
    const traceBefore = await Promise.all(before.map((k) => valuesOf(admin, k)));
    expect(traceBefore.flat().some((v) => v.includes(id))).toBe(true);

    await store.deletePatient(id);

    for (const key of await keysUnder(admin, prefix)) {
      expect(key).not.toContain(id);
      expect(key).not.toContain(doc.code);
      for (const v of await valuesOf(admin, key)) {
        expect(v, `value of ${key}`).not.toContain(id);
        expect(v, `value of ${key}`).not.toContain(doc.code);
      }
    }
    // the other patient and the audit trail itself are intact
    expect((await store.loadPatient(other.patientId)).status).toBe('ok');
    expect((await store.listAudit()).map((e) => e.patientCode)).toEqual(['erased', 'P-OTHR']);
  });
});

/**
 * Patient codes are random, not derived from the platform id (anyone knowing a Telegram id could
 * otherwise work out the code and match it against an alert); a code is kept once given.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { patientCode } from '../../src/engine/patientCode.js';
import { Harness } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const codeOf = async (id: string) => {
  const loaded = await h.store.loadPatient(id);
  return loaded.status === 'ok' ? loaded.doc.code : undefined;
};

describe('patient codes', () => {
  it('look like P-XXXX in an unambiguous alphabet, longer after many collisions', () => {
    expect(patientCode(0)).toMatch(/^P-[2-9A-HJ-NP-Z]{4}$/);
    expect(patientCode(25)).toMatch(/^P-[2-9A-HJ-NP-Z]{6}$/);
    expect(patientCode(0, () => new Uint8Array([0, 1, 31, 32]))).toBe('P-23Z2');
  });

  it('cannot be worked out from the platform id (the old scheme: a hash of it)', async () => {
    h = await Harness.create();
    const p = h.patient('123456789');
    await p.send({ kind: 'hello' });
    const hash = createHash('sha256').update(`${p.id}#0`).digest();
    const derived = `P-${[0, 1, 2, 3].map((i) => '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'[hash[i]! % 32]).join('')}`;
    expect(await codeOf(p.id)).toMatch(/^P-/);
    expect(await codeOf(p.id)).not.toBe(derived);
  });

  it('is kept from turn to turn', async () => {
    h = await Harness.create();
    const a = h.patient('code-a');
    await a.send({ kind: 'hello' });
    const first = await codeOf(a.id);
    await a.say('yes');
    expect(await codeOf(a.id)).toBe(first);
  });
});

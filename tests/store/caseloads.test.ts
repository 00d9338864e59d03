/**
 * Caseloads in both stores (issue 23): an owner per patient, each chat's caseload, the intake
 * rotation taking new patients in turn across instances, and erasure taking the assignment too.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import type { RedisStore } from '../../src/store/redisStore.js';
import type { Store } from '../../src/store/store.js';
import { adminConnection, deleteUnder, openStore, uniquePrefix, valuesOf } from './redisTestKit.js';
import { testDoc } from './storeContract.js';

const admin = adminConnection();
const filePrefix = uniquePrefix('caseloads');
const opened: { store: Store; prefix?: string }[] = [];
let n = 0;
const A = 'telegram:-100111';
const B = 'teams:19:b@thread.tacv2';

// One scan of the shared Redis for the whole file: it may hold millions of other keys.
afterAll(async () => {
  await deleteUnder(admin, filePrefix);
  await admin.quit();
}, 120_000);

afterEach(async () => {
  for (const { store } of opened.splice(0)) await store.close();
});

/** Two handles on one store: the same memory store, or two Redis stores on one prefix. */
function memory(): [Store, Store] {
  const store = new MemoryStore(new ManualClock());
  opened.push({ store });
  return [store, store];
}

function redis(): [Store, Store] {
  const prefix = `${filePrefix}${n++}:`;
  const clock = new ManualClock();
  const a = openStore(prefix, clock);
  const b = openStore(prefix, clock);
  opened.push({ store: a, prefix }, { store: b });
  return [a, b];
}

describe.each([
  ['memory', memory],
  ['redis', redis],
] as const)('caseloads (%s)', (name, open) => {
  it('assigns, moves and unassigns a patient, keeping each chat’s caseload in step', async () => {
    const [one, two] = open();
    expect(await one.assignPatient('telegram:1', A)).toBeNull();
    await one.assignPatient('telegram:2', A);
    expect(await two.ownerOf('telegram:1')).toBe(A);
    expect((await two.caseloadOf(A)).sort()).toEqual(['telegram:1', 'telegram:2']);
    expect(await two.assignPatient('telegram:1', B)).toBe(A);
    expect(await one.caseloadOf(A)).toEqual(['telegram:2']);
    expect(await one.caseloadOf(B)).toEqual(['telegram:1']);
    expect(await one.unassignPatient('telegram:1')).toBe(B);
    expect(await two.ownerOf('telegram:1')).toBeNull();
    expect(await two.caseloadOf(B)).toEqual([]);
    expect(await one.unassignPatient('telegram:1')).toBeNull();
  });

  it('gives new patients to the intake chats in turn, whichever instance asks, and keeps an owner', async () => {
    const [one, two] = open();
    await one.setIntake(B, true);
    await two.setIntake(A, true);
    const chats = await one.intakeChats();
    expect(chats).toEqual([A, B].sort());
    const owners = [];
    for (let i = 0; i < 4; i++)
      owners.push(await (i % 2 ? two : one).assignInTurn(`telegram:${10 + i}`, chats));
    expect(owners).toEqual([chats[0], chats[1], chats[0], chats[1]]);
    expect(await two.assignInTurn('telegram:10', chats)).toBe(chats[0]);
    expect(await one.assignInTurn('telegram:99', [])).toBeNull();
    await one.setIntake(A, false);
    expect(await two.intakeChats()).toEqual([B]);
  });

  it('forgets an erased patient’s assignment', async () => {
    const [one, two] = open();
    const doc = testDoc('telegram:4321', 1);
    await one.commitTurn({ doc, expectedRevision: 0, history: [], outbox: [] });
    await one.assignPatient(doc.patientId, A);
    await two.deletePatient(doc.patientId);
    expect(await one.ownerOf(doc.patientId)).toBeNull();
    expect(await one.caseloadOf(A)).toEqual([]);
    if (name === 'redis') {
      // The caseload keys (a scan of the shared Redis would read millions of other keys).
      const { keys } = one as RedisStore;
      for (const key of [keys.caseloadOwners, keys.caseloadOf(A), keys.caseloadIntake])
        for (const v of await valuesOf(admin, key)) expect(v, key).not.toContain(doc.patientId);
    }
  });
});

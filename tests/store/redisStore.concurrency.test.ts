/**
 * Three engine instances (three RedisStore instances on their own connections) against one Redis:
 * concurrent turns for the same patient lose no update and are applied in arrival order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { LockLostError, LockTimeoutError } from '../../src/store/redisLock.js';
import type { RedisStore } from '../../src/store/redisStore.js';
import { until } from '../support/until.js';
import { adminConnection, deleteUnder, openStore, uniquePrefix } from './redisTestKit.js';
import { testDoc } from './storeContract.js';

const clock = new ManualClock();
let prefix: string;
let stores: RedisStore[];
const admin = adminConnection();

beforeEach(() => {
  prefix = uniquePrefix('concurrency');
  stores = [0, 1, 2].map(() => openStore(prefix, clock));
});

afterEach(async () => {
  await deleteUnder(admin, prefix);
  await Promise.all(stores.map((s) => s.close()));
});

/** One engine turn: lock, load, transition (append the event), commit. */
function turn(store: RedisStore, patientId: string, event: number, gate?: Promise<void>) {
  return store.withPatientLock(patientId, async () => {
    const r = await store.loadPatient(patientId);
    const prev = r.status === 'ok' ? r.doc : null;
    const rev = prev?.revision ?? 0;
    const events = prev ? (prev.snapshot as { events: number[] }).events : [];
    if (gate) await gate;
    await store.commitTurn({
      doc: testDoc(patientId, rev + 1, { snapshot: { events: [...events, event] } }),
      expectedRevision: rev,
      history: [{ t: 'craving', at: clock.now() + event, value: event % 11, source: 'report' }],
      outbox: [],
    });
  });
}

async function eventsOf(patientId: string) {
  const r = await stores[0]!.loadPatient(patientId);
  if (r.status !== 'ok') throw new Error(`patient ${patientId} not ok: ${r.status}`);
  return { events: (r.doc.snapshot as { events: number[] }).events, revision: r.doc.revision };
}

describe('three instances, one patient', () => {
  it('loses no update when 60 turns arrive at once across three instances', async () => {
    await Promise.all(Array.from({ length: 60 }, (_, i) => turn(stores[i % 3]!, 'pat', i)));
    const { events, revision } = await eventsOf('pat');
    expect(revision).toBe(60);
    expect([...events].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(await stores[1]!.getHistory('pat')).toHaveLength(60);
  });

  it('applies turns in the order they arrived, whichever instance received them', async () => {
    let open!: () => void;
    const gate = new Promise<void>((r) => {
      open = r;
    });
    const queue = stores[0]!.keys.lockQueue('ord');
    const running = [turn(stores[0]!, 'ord', 0, gate)];
    // the first turn holds the lock before anything else arrives
    await until(
      async () => (await admin.exists(stores[0]!.keys.lock('ord'))) === 1,
      'the first turn to hold the lock',
    );
    for (let i = 1; i <= 9; i++) {
      running.push(turn(stores[(i * 2) % 3]!, 'ord', i));
      // wait until this arrival has taken its ticket before the next one arrives
      await until(async () => (await admin.zcard(queue)) >= i, `arrival ${i} to take its ticket`);
    }
    open();
    await Promise.all(running);
    expect((await eventsOf('ord')).events).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('refuses the commit of a turn that lost its lock (fencing)', async () => {
    const s = stores[0]!;
    await s.commitTurn({ doc: testDoc('fen', 1), expectedRevision: 0, history: [], outbox: [] });
    const attempt = s.withPatientLock('fen', async () => {
      await admin.del(s.keys.lock('fen')); // the lock expired while this process was paused
      await stores[1]!.withPatientLock('fen', () =>
        stores[1]!.commitTurn({ doc: testDoc('fen', 2), expectedRevision: 1, history: [], outbox: [] }),
      );
      await s.commitTurn({
        doc: testDoc('fen', 2, { locale: 'zh-CN' }),
        expectedRevision: 1,
        history: [],
        outbox: [],
      });
    });
    await expect(attempt).rejects.toBeInstanceOf(LockLostError);
    const r = await s.loadPatient('fen');
    expect(r.status === 'ok' && r.doc.locale).toBe('en');
  });

  it('keeps the lock for a turn that runs longer than the lock lifetime (renewal)', async () => {
    const [a, b] = [openStore(prefix, clock, { lock: { lockTtlMs: 90 } }), openStore(prefix, clock)];
    stores.push(a, b);
    const order: string[] = [];
    const slow = a.withPatientLock('slow', async () => {
      order.push('slow start');
      await new Promise((r) => setTimeout(r, 400));
      order.push('slow end');
    });
    await until(
      async () => (await admin.exists(a.keys.lock('slow'))) === 1,
      'the slow turn to hold the lock',
    );
    const fast = b.withPatientLock('slow', async () => {
      order.push('fast');
    });
    await Promise.all([slow, fast]);
    expect(order).toEqual(['slow start', 'slow end', 'fast']);
  });

  it('runs one turn at a time for a patient within one instance too, in arrival order', async () => {
    const s = stores[0]!;
    const order: string[] = [];
    const turns = [0, 1, 2, 3].map((i) =>
      s.withPatientLock('one', async () => {
        order.push(`start ${i}`);
        await new Promise((r) => setTimeout(r, 5));
        order.push(`end ${i}`);
      }),
    );
    await Promise.all(turns);
    expect(order).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('refuses the commit of a stalled turn even when the next turn runs in the same instance', async () => {
    const s = openStore(prefix, clock, { lock: { lockTtlMs: 60 } });
    stores.push(s);
    await s.commitTurn({ doc: testDoc('stall', 1), expectedRevision: 0, history: [], outbox: [] });
    let release!: () => void;
    const stalled = new Promise<void>((r) => {
      release = r;
    });
    const first = s.withPatientLock('stall', async () => {
      await admin.del(s.keys.lock('stall')); // expired while the process was paused
      await stalled;
      await s.commitTurn({ doc: testDoc('stall', 2), expectedRevision: 1, history: [], outbox: [] });
    });
    // Another instance takes the expired lock and commits; then this instance's next turn gets
    // the lock but waits for the stalled turn to finish.
    await until(async () => (await admin.exists(s.keys.lock('stall'))) === 0, 'the expired lock to be gone');
    await stores[1]!.withPatientLock('stall', () =>
      stores[1]!.commitTurn({
        doc: testDoc('stall', 2, { locale: 'zh-CN' }),
        expectedRevision: 1,
        history: [],
        outbox: [],
      }),
    );
    let secondRan = false;
    const second = s.withPatientLock('stall', async () => {
      secondRan = true;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(secondRan).toBe(false);
    release();
    await expect(first).rejects.toBeInstanceOf(LockLostError);
    await second;
    expect(secondRan).toBe(true);
    const r = await s.loadPatient('stall');
    expect(r.status === 'ok' && r.doc.locale).toBe('zh-CN');
  });
});

describe('lock errors reach logs, so they never name the patient', () => {
  it('a lock timeout names the opaque store tag, not the platform id', () => {
    const err = new LockTimeoutError('telegram:515151', 10_000);
    expect(err.message).not.toContain('515151');
    expect(err.message).toContain(err.patientTag);
    expect(JSON.stringify({ ...err })).not.toContain('515151');
  });
});

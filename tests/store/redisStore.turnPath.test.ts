/**
 * A turn's path through the Redis store costs three round trips: the lock comes with the
 * document, the commit tells what is pending, and the last outbox item is completed together with
 * the lock's release. Each shortcut is only taken while the lock is held, and the counsellor
 * registry copy follows changes made by other instances.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { Address } from '../../src/engine/types.js';
import { createRedisConnection } from '../../src/store/redisConnection.js';
import { RedisStore } from '../../src/store/redisStore.js';
import type { OutboxItem } from '../../src/store/store.js';
import { until } from '../support/until.js';
import { adminConnection, deleteUnder, REDIS_URL, uniquePrefix } from './redisTestKit.js';
import { testDoc } from './storeContract.js';

const clock = new ManualClock();
const admin = adminConnection();
let prefix: string;
let stores: RedisStore[];
let sent: string[];

/** A store whose connection reports every command it sends. */
function countingStore(): RedisStore {
  const redis = createRedisConnection(REDIS_URL, 'store');
  const original = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
    sent.push(command.name);
    return (original as (...a: unknown[]) => unknown)(command, ...rest);
  }) as typeof redis.sendCommand;
  const store = new RedisStore(redis, clock, { prefix });
  stores.push(store);
  return store;
}

const address: Address = { channel: 'telegram', conversationId: '42' };
const message = (id: string): OutboxItem => ({ id, kind: 'message', address, message: { text: id } });

beforeEach(() => {
  prefix = uniquePrefix('turnpath');
  stores = [];
  sent = [];
});

afterEach(async () => {
  await deleteUnder(admin, prefix);
  await Promise.all(stores.map((s) => s.close()));
});

describe('one turn on the Redis store', () => {
  it('takes three round trips: lock with the document, commit, last item with the release', async () => {
    const store = countingStore();
    await store.commitTurn({ doc: testDoc('pat', 1), expectedRevision: 0, history: [], outbox: [] });
    sent = [];
    const done: string[] = [];
    await store.withPatientLock('pat', async () => {
      const loaded = await store.loadPatient('pat');
      expect(loaded.status === 'ok' && loaded.doc.revision).toBe(1);
      await store.commitTurn({
        doc: testDoc('pat', 2),
        expectedRevision: 1,
        history: [],
        outbox: [message('a'), message('b')],
      });
      const pending = await store.pendingOutbox('pat');
      expect(pending.map((o) => o.id)).toEqual(['a', 'b']);
      for (const [i, item] of pending.entries()) {
        done.push(item.id);
        await store.completeOutbox('pat', item.id, { endsTurn: i === pending.length - 1 });
      }
    });
    expect(done).toEqual(['a', 'b']);
    // acquire (with the document), commit, complete a, complete b with the release.
    expect(sent).toEqual(['evalsha', 'evalsha', 'evalsha', 'evalsha']);
    expect(await admin.exists(store.keys.lock('pat'))).toBe(0);
    expect(await store.pendingOutbox('pat')).toEqual([]);
    expect(await store.patientsWithPendingOutbox()).toEqual([]);
  });

  it('reads the outbox from Redis when items were already pending before the commit', async () => {
    const store = countingStore();
    await store.commitTurn({
      doc: testDoc('old', 1),
      expectedRevision: 0,
      history: [],
      outbox: [message('left')],
    });
    await store.withPatientLock('old', async () => {
      await store.commitTurn({
        doc: testDoc('old', 2),
        expectedRevision: 1,
        history: [],
        outbox: [message('new')],
      });
      expect((await store.pendingOutbox('old')).map((o) => o.id)).toEqual(['left', 'new']);
    });
  });

  it('lets the next turn in at once when the last item released the lock', async () => {
    const [a, b] = [countingStore(), countingStore()];
    await a.withPatientLock('rel', async () => {
      await a.commitTurn({
        doc: testDoc('rel', 1),
        expectedRevision: 0,
        history: [],
        outbox: [message('x')],
      });
      await a.completeOutbox('rel', 'x', { endsTurn: true });
      // Released already: another instance gets the lock while this callback still runs.
      expect(await b.withPatientLock('rel', async () => 'next')).toBe('next');
    });
  });

  it('outside a lock, reads go to Redis (no copy is trusted without the lock)', async () => {
    const [a, b] = [countingStore(), countingStore()];
    await a.commitTurn({ doc: testDoc('out', 1), expectedRevision: 0, history: [], outbox: [] });
    await b.commitTurn({
      doc: testDoc('out', 2, { locale: 'zh-CN' }),
      expectedRevision: 1,
      history: [],
      outbox: [],
    });
    const loaded = await a.loadPatient('out');
    expect(loaded.status === 'ok' && loaded.doc.locale).toBe('zh-CN');
  });

  it('sends the scripts of turns taken at the same moment in one socket write (batchWrites)', async () => {
    const store = countingStore();
    const ids = Array.from({ length: 20 }, (_, i) => `many${i}`);
    await Promise.all(
      ids.map((id) =>
        store.commitTurn({ doc: testDoc(id, 1), expectedRevision: 0, history: [], outbox: [] }),
      ),
    );
    const socket = (
      store as unknown as { redis: { stream: { _writeGeneric: (...a: unknown[]) => unknown } } }
    ).redis.stream;
    let writes = 0;
    const writeGeneric = socket._writeGeneric.bind(socket);
    socket._writeGeneric = (...a: unknown[]) => {
      writes++;
      return writeGeneric(...a);
    };
    const loaded = await Promise.all(ids.map((id) => store.withPatientLock(id, () => store.loadPatient(id))));
    expect(loaded.every((l) => l.status === 'ok')).toBe(true);
    // Twenty lock-and-load round trips, then twenty releases: a handful of writes, not forty.
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThan(10);
  });
});

describe('the counsellor registry copy', () => {
  const chat = (id: string): Address => ({ channel: 'telegram', conversationId: id });
  const dest = (id: string) => ({
    address: chat(id),
    locale: 'en' as const,
    source: 'enrolled' as const,
    addedAt: 1,
  });

  it('is served from memory once the subscription is live, and still correct', async () => {
    const store = countingStore();
    await store.addCounsellorDestination(dest('-100'));
    const fromMemory = async () => {
      sent = [];
      const list = await store.listCounsellorDestinations();
      return sent.length === 0 && list.length === 1;
    };
    await until(fromMemory, 'the registry read from memory (no Redis command)');
    expect(await fromMemory()).toBe(true);
  });

  it('follows enrolments and removals made by another instance', async () => {
    const [a, b] = [countingStore(), countingStore()];
    const ids = async (store: RedisStore) =>
      (await store.listCounsellorDestinations()).map((d) => d.address.conversationId);
    /** True when `store` answers from its copy (no command sent) and the copy holds `expected`. */
    const copyHolds = async (store: RedisStore, expected: string[]) => {
      sent = [];
      const list = await ids(store);
      return sent.length === 0 && JSON.stringify(list) === JSON.stringify(expected);
    };
    await until(() => copyHolds(a, []), 'an empty registry served from the copy');

    await b.addCounsellorDestination(dest('-200'));
    await until(async () => (await ids(a)).includes('-200'), "the other instance's enrolment");
    // The enrolment dropped a's copy; the copy read afterwards holds it.
    expect(await ids(a)).toEqual(['-200']);
    expect(await copyHolds(a, ['-200'])).toBe(true);

    await b.removeCounsellorDestination(chat('-200'));
    await until(async () => (await ids(a)).length === 0, "the other instance's removal");
    expect(await ids(a)).toEqual([]);
    expect(await copyHolds(a, [])).toBe(true);
  });
});

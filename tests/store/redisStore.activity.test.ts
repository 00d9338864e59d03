/**
 * The activity index behind `/patients` in Redis: a deployment from before the index existed gets
 * its patients indexed by the first listing, from what their documents say.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openStore, storeUnderTest } from './redisTestKit.js';
import { testDoc } from './storeContract.js';

const { admin, prefix, clock, store, close } = storeUnderTest('activity');
afterAll(close);

describe('the activity index in Redis', () => {
  it('is rebuilt from the documents when an upgraded deployment lists its patients first', async () => {
    for (const [id, at] of [
      ['old-a', 3_000],
      ['old-b', 1_000],
      ['old-c', 2_000],
    ] as const)
      await store.commitTurn({
        doc: testDoc(id, 1, { lastMessageAt: at }),
        expectedRevision: 0,
        history: [],
        outbox: [],
      });
    // As the store before the index left it: patients in the set, no index; one document unreadable.
    await admin.del(store.keys.activity);
    await admin.sadd(store.keys.patients, 'broken');
    await admin.set(store.keys.doc('broken'), '{not json');

    const upgraded = openStore(prefix, clock);
    try {
      expect(await upgraded.recentPatients(3)).toEqual({ ids: ['old-a', 'old-c', 'old-b'], total: 4 });
      // the unreadable one is indexed too (last), so the count stays true
      expect((await upgraded.recentPatients(10)).ids.at(-1)).toBe('broken');
      // a turn after the upgrade keeps its own, newer time
      await upgraded.commitTurn({
        doc: testDoc('old-b', 2, { lastMessageAt: 9_000 }),
        expectedRevision: 1,
        history: [],
        outbox: [],
      });
      expect((await upgraded.recentPatients(1)).ids).toEqual(['old-b']);
    } finally {
      await upgraded.close();
    }
  });
});

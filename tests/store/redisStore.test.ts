import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { RedisStore } from '../../src/store/redisStore.js';
import { adminConnection, deleteUnder, openStore, uniquePrefix } from './redisTestKit.js';
import { storeContract } from './storeContract.js';

storeContract('redis', async () => {
  const clock = new ManualClock();
  const prefix = uniquePrefix('redisStore');
  const admin = adminConnection();
  const opened: RedisStore[] = [];
  const open = () => {
    const s = openStore(prefix, clock, { retentionDays: 30 });
    opened.push(s);
    return s;
  };
  const store = open();
  return {
    clock,
    store,
    reopen: async () => open(),
    putRaw: async (id, raw) => {
      await admin.set(store.keys.doc(id), raw);
    },
    retentionDays: 30,
    cleanup: async () => {
      await deleteUnder(admin, prefix);
      await Promise.all(opened.map((s) => s.close()));
      await admin.quit();
    },
  };
});

describe('Redis store counters', () => {
  it('expire one window after their first event, hashed like claims, and a read creates nothing', async () => {
    const prefix = uniquePrefix('redisCounter');
    const admin = adminConnection();
    const store = openStore(prefix, new ManualClock());
    try {
      expect(await store.count('enrol:wrong:chat-1', 600, 0)).toBe(0);
      expect(await admin.exists(store.keys.counter('enrol:wrong:chat-1'))).toBe(0);
      await store.count('enrol:wrong:chat-1', 600);
      const ttl = await admin.pttl(store.keys.counter('enrol:wrong:chat-1'));
      expect(ttl).toBeGreaterThan(590_000);
      expect(ttl).toBeLessThanOrEqual(600_000);
      await store.count('enrol:wrong:chat-1', 600);
      // Later events do not move the window.
      expect(await admin.pttl(store.keys.counter('enrol:wrong:chat-1'))).toBeLessThanOrEqual(ttl);
      expect(store.keys.counter('enrol:wrong:chat-1')).not.toContain('chat-1');
    } finally {
      await deleteUnder(admin, prefix);
      await store.close();
      await admin.quit();
    }
  });
});

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

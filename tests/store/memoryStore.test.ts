import { ManualClock } from '../../src/clock.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import { storeContract } from './storeContract.js';

storeContract('memory', async () => {
  const clock = new ManualClock();
  const store = new MemoryStore(clock, 30);
  return {
    clock,
    store,
    reopen: async () => store,
    putRaw: async (id, raw) => store.putRaw(id, raw),
    retentionDays: 30,
    cleanup: async () => {},
  };
});

import { describe, expect, it } from 'vitest';
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

describe('memory store counters', () => {
  it('start afresh when their window ends (by the injected clock)', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore(clock, 30);
    expect(await store.count('k', 600)).toBe(1);
    clock.advance(599_999);
    expect(await store.count('k', 600)).toBe(2);
    clock.advance(1);
    expect(await store.count('k', 600, 0)).toBe(0);
    expect(await store.count('k', 600)).toBe(1);
  });
});

/**
 * What a channel asks the engine instead of the store: a patient's stored language (never an
 * error: a store that cannot be read means the platform's language) and a one-time claim.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { ChannelQueries, type ChannelQueryStore } from '../../src/engine/channelQueries.js';
import { createLogger } from '../../src/log.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import type { LoadResult } from '../../src/store/store.js';

const log = createLogger('silent');

/** A store that answers every load with `loaded` (or fails with `fails`). */
function storeLoading(loaded: LoadResult | Error): ChannelQueryStore {
  return {
    loadPatient: async () => {
      if (loaded instanceof Error) throw loaded;
      return loaded;
    },
    claimOnce: async () => true,
  };
}

describe('ChannelQueries.storedLocale', () => {
  it("is the stored patient's language", async () => {
    const store = new MemoryStore(new ManualClock());
    await store.commitTurn({
      doc: {
        schemaVersion: 1,
        patientId: 'telegram:1',
        code: 'P-TEST',
        flowVersion: 1,
        snapshot: {},
        revision: 1,
        locale: 'en',
        address: { channel: 'telegram', conversationId: '1' },
        createdAt: 0,
        lastMessageAt: 0,
      },
      expectedRevision: 0,
      history: [],
      outbox: [],
    });
    const queries = new ChannelQueries(store, log);
    expect(await queries.storedLocale('telegram:1')).toBe('en');
    expect(await queries.storedLocale('telegram:2')).toBeUndefined();
  });

  it('is read from what a damaged document still holds', async () => {
    const queries = new ChannelQueries(
      storeLoading({ status: 'corrupt', partial: { locale: 'zh-CN' } }),
      log,
    );
    expect(await queries.storedLocale('teams:1')).toBe('zh-CN');
    const bare = new ChannelQueries(storeLoading({ status: 'corrupt', partial: {} }), log);
    expect(await bare.storedLocale('teams:1')).toBeUndefined();
  });

  it('is undefined, not an error, when the store cannot be read', async () => {
    const queries = new ChannelQueries(storeLoading(new Error('connection refused')), log);
    expect(await queries.storedLocale('telegram:1')).toBeUndefined();
  });
});

describe('ChannelQueries.claimOnce', () => {
  it('is true the first time a key is claimed only', async () => {
    const queries = new ChannelQueries(new MemoryStore(new ManualClock()), log);
    expect(await queries.claimOnce('tg:update:1', 60)).toBe(true);
    expect(await queries.claimOnce('tg:update:1', 60)).toBe(false);
  });
});

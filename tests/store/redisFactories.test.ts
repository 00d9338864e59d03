import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createBullmqScheduler } from '../../src/scheduling/bullmqScheduler.js';
import { createRedisStore, redisOptions } from '../../src/store/redisConnection.js';
import { adminConnection, deleteUnder, REDIS_URL, uniquePrefix } from './redisTestKit.js';
import { testDoc } from './storeContract.js';

describe('factories from configuration', () => {
  it('builds the Redis store and the BullMQ scheduler from REDIS_URL, REDIS_PREFIX, HISTORY_RETENTION_DAYS', async () => {
    const prefix = uniquePrefix('factories');
    const config = loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, HISTORY_RETENTION_DAYS: '30' });
    const clock = new ManualClock();
    const store = createRedisStore(config, clock);
    const scheduler = createBullmqScheduler(config, clock);
    await store.ping();
    await store.commitTurn({ doc: testDoc('f', 1), expectedRevision: 0, history: [], outbox: [] });
    const admin = adminConnection();
    expect(await admin.exists(`${prefix}patients`)).toBe(1);
    await scheduler.start(async () => {});
    await scheduler.setDailyCheckin('f', { time: '21:00', timezone: 'Asia/Shanghai', pausedUntil: null });
    expect((await admin.keys(`${prefix}bull:schedule:*`)).length).toBeGreaterThan(0);
    await scheduler.stop();
    await store.close();
    await deleteUnder(admin, prefix);
    await admin.quit();
  });

  it('refuses to build without REDIS_URL, saying what to set', () => {
    expect(() => createRedisStore(loadConfig({}), new ManualClock())).toThrow(/REDIS_URL/);
    expect(() => createBullmqScheduler(loadConfig({}), new ManualClock())).toThrow(/REDIS_URL/);
  });

  it("gives the store's connection a command deadline and no auto-pipelining; BullMQ's retry for ever", () => {
    // Auto-pipelining's objects outlived their turns and filled V8's old generation: the major
    // collections that followed made the latency tail at 500 turns/s (docs/benchmarks.md#the-open-loop-p99).
    expect(redisOptions('store', 'x')).toMatchObject({
      commandTimeout: 3_000,
      maxRetriesPerRequest: 2,
      enableAutoPipelining: false,
    });
    expect(redisOptions('bullmq', 'x')).toMatchObject({ maxRetriesPerRequest: null });
    expect(redisOptions('bullmq', 'x').enableAutoPipelining).toBeFalsy();
  });
});

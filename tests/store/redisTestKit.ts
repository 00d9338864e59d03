/**
 * Helpers for tests against the real Redis on 127.0.0.1:6379: a unique key prefix per test,
 * stores on their own connections, and clean-up of every key under the prefix.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { type Clock, ManualClock } from '../../src/clock.js';
import { createRedisConnection } from '../../src/store/redisConnection.js';
import { RedisStore, type RedisStoreOptions } from '../../src/store/redisStore.js';

/** The test Redis. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A unique prefix for one test (file name + random). */
export function uniquePrefix(file: string): string {
  return `dongyu-test:${file}:${randomBytes(4).toString('hex')}:`;
}

/** A plain connection for inspecting Redis from tests. */
export function adminConnection(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 2 });
}

/** Every key under a prefix. */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** Deletes every key under a prefix. */
export async function deleteUnder(redis: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(redis, prefix);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
}

/** A Redis store on its own connection (as one engine instance would have). */
export function openStore(
  prefix: string,
  clock: Clock,
  options: Omit<RedisStoreOptions, 'prefix'> = {},
): RedisStore {
  return new RedisStore(createRedisConnection(REDIS_URL, 'store'), clock, { prefix, ...options });
}

/** Every string Redis holds under a key, whatever its type (for "no trace left" checks). */
export async function valuesOf(redis: Redis, key: string): Promise<string[]> {
  const type = await redis.type(key);
  if (type === 'string') return [(await redis.getBuffer(key))?.toString('latin1') ?? ''];
  if (type === 'list') return redis.lrange(key, 0, -1);
  if (type === 'set') return redis.smembers(key);
  if (type === 'zset') return redis.zrange(key, '0', '-1');
  if (type === 'hash') return Object.entries(await redis.hgetall(key)).flat();
  if (type === 'stream')
    return (await redis.xrange(key, '-', '+')).flatMap(([id, fields]) => [id, ...fields]);
  return [];
}

/** A store on a fresh prefix, with a ManualClock and an admin connection, for one test file. */
export interface StoreUnderTest {
  admin: Redis;
  prefix: string;
  clock: ManualClock;
  store: RedisStore;
  /** Deletes every key under the prefix and closes both connections (call it in `afterAll`). */
  close(): Promise<void>;
}

/** Opens a {@link StoreUnderTest} named after the test file. */
export function storeUnderTest(
  file: string,
  options: Omit<RedisStoreOptions, 'prefix'> = {},
): StoreUnderTest {
  const admin = adminConnection();
  const prefix = uniquePrefix(file);
  const clock = new ManualClock();
  const store = openStore(prefix, clock, options);
  return {
    admin,
    prefix,
    clock,
    store,
    async close() {
      await deleteUnder(admin, prefix);
      await store.close();
      await admin.quit();
    },
  };
}

/**
 * Redis for the benchmarks: the loopback server (`BENCH_REDIS_URL`, default 127.0.0.1:6379), one
 * unique key prefix per benchmark, byte counts with `MEMORY USAGE`, and clean-up of every key a
 * benchmark created (also when a run is interrupted).
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the benchmarks use. */
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Prefixes handed out and not yet cleaned up (cleaned by {@link cleanUpAll} on exit). */
const live = new Set<string>();

/** A plain connection for seeding and inspecting. Close it with `quit()`. */
export function adminConnection(): Redis {
  return new Redis(REDIS_URL, { maxRetriesPerRequest: 2, connectionName: 'dongyu-bench-admin' });
}

/** A fresh prefix, e.g. `dongyu-bench:fanout:1a2b3c4d:`, remembered for clean-up. */
export function uniquePrefix(bench: string): string {
  const prefix = `dongyu-bench:${bench}:${randomBytes(4).toString('hex')}:`;
  live.add(prefix);
  return prefix;
}

/** Every key under `prefix` (SCAN, never KEYS). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return keys;
}

/** Deletes every key under `prefix`; returns how many there were. */
export async function deleteUnder(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 5000);
    cursor = next;
    if (batch.length) deleted += await redis.unlink(...batch);
  } while (cursor !== '0');
  live.delete(prefix);
  return deleted;
}

/** Deletes the keys of every prefix still live (after a failure or Ctrl-C). */
export async function cleanUpAll(): Promise<void> {
  if (!live.size) return;
  const redis = adminConnection();
  try {
    for (const prefix of [...live]) await deleteUnder(redis, prefix);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

/** `MEMORY USAGE` of each key (exact: `SAMPLES 0`); missing keys count 0. */
export async function memoryUsage(redis: Redis, keys: string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const key of keys) {
    const n = (await redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) as number | null;
    if (n !== null) sizes.set(key, n);
  }
  return sizes;
}

/** The Redis server's version (for the machine info). */
export async function redisVersion(redis: Redis): Promise<string> {
  const info = await redis.info('server');
  return /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown';
}

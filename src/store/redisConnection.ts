/**
 * Redis connections and the factory the composition root uses when `REDIS_URL` is set. The store's
 * own connection fails fast (bounded connect, command and retry limits) so a request fails with an
 * error, and a webhook answers 5xx, instead of hanging while Redis is down; it reconnects by
 * itself when Redis is back. BullMQ needs connections that retry forever (`maxRetriesPerRequest:
 * null`) because its workers block on Redis.
 */
import { Redis, type RedisOptions } from 'ioredis';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { throttledLog } from '../logThrottle.js';
import { RedisStore, type RedisStoreOptions } from './redisStore.js';

/** What a connection is for. */
export type RedisRole = 'store' | 'bullmq';

/** ioredis options per role (exported for tests). */
export function redisOptions(role: RedisRole, name: string): RedisOptions {
  const common: RedisOptions = {
    connectionName: name,
    connectTimeout: 5_000,
    retryStrategy: (times) => Math.min(50 * 2 ** times, 1_000),
  };
  if (role === 'bullmq') return { ...common, maxRetriesPerRequest: null, enableReadyCheck: false };
  // No auto-pipelining: its pipeline objects outlived their turns and filled V8's old generation,
  // whose collections made the latency tail at load (docs/benchmarks.md#the-open-loop-p99). The store
  // batches its writes by corking the socket instead (writeBatch.ts).
  return { ...common, commandTimeout: 3_000, maxRetriesPerRequest: 2, enableAutoPipelining: false };
}

/**
 * Opens a connection. Connection errors are logged (the first at once, then at most one line per
 * 10 s with the count of the others; without the URL, which may hold a password), never left as
 * unhandled events, which ioredis would dump on stderr.
 */
export function createRedisConnection(
  url: string,
  role: RedisRole,
  log?: Logger,
  name = `dongyu-${role}`,
): Redis {
  const redis = new Redis(url, redisOptions(role, name));
  const report = throttledLog(log, 'warn', 'Redis connection error; reconnecting');
  redis.on('error', (err: Error) => report({ role, connection: name, err: err.message }));
  return redis;
}

/**
 * Creates the Redis store from configuration (`REDIS_URL`, `REDIS_PREFIX`,
 * `HISTORY_RETENTION_DAYS`). Throws when `REDIS_URL` is unset.
 */
export function createRedisStore(
  config: Config,
  clock: Clock,
  log?: Logger,
  options: Omit<RedisStoreOptions, 'prefix' | 'retentionDays' | 'log'> = {},
): RedisStore {
  if (!config.REDIS_URL) throw new Error('createRedisStore needs REDIS_URL (e.g. redis://127.0.0.1:6379).');
  const redis = createRedisConnection(config.REDIS_URL, 'store', log);
  return new RedisStore(redis, clock, {
    ...options,
    prefix: config.REDIS_PREFIX,
    retentionDays: config.HISTORY_RETENTION_DAYS,
    auditRetentionDays: config.AUDIT_RETENTION_DAYS,
    log,
  });
}

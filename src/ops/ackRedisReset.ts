/**
 * `npm run redis:ack-reset`: an operator acknowledges that Redis lost its data (see
 * `redisGuard.ts`), after looking at what is missing. Every instance is ready again at its next
 * check (within 15 s, or at the next `/readyz`). Reads `REDIS_URL` and `REDIS_PREFIX` like the
 * app (and a local `.env`); prints one line; exit code 1 when it could not.
 */

import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { loadConfig } from '../config.js';
import { RedisDeploymentMarker, resetPending } from '../store/deploymentMarker.js';
import { redisAddress } from '../store/redisStartCheck.js';

/** Acknowledges a reset under `prefix`; resolves with the line to print. */
export async function acknowledgeRedisReset(url: string, prefix: string, now = Date.now()): Promise<string> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 5_000, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const marker = new RedisDeploymentMarker(redis, prefix);
    const before = await marker.read();
    const after = await marker.acknowledge(now, { id: randomBytes(8).toString('hex'), createdAt: now });
    if (before && resetPending(before))
      return `Acknowledged the Redis reset detected at ${new Date(before.resetDetectedAt!).toISOString()} (prefix ${prefix}): instances are ready again within 15 s.`;
    if (!before)
      return `No deployment marker was found under prefix ${prefix}: one was written (${after.id}), acknowledged. Instances that knew another marker are ready again within 15 s.`;
    return `No reset was pending under prefix ${prefix}: nothing to acknowledge (recorded anyway).`;
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  if (!config.REDIS_URL)
    throw new Error('REDIS_URL is not set: there is no Redis to acknowledge a reset of.');
  process.stdout.write(`${await acknowledgeRedisReset(config.REDIS_URL, config.REDIS_PREFIX)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`)
  main().catch((err: Error) => {
    const where = process.env.REDIS_URL ? ` at ${redisAddress(process.env.REDIS_URL)}` : '';
    process.stderr.write(`Could not acknowledge the Redis reset${where}: ${err.message.split('\n')[0]}\n`);
    process.exit(1);
  });

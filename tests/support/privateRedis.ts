/**
 * A Redis server of the test's own (`redis-server` on a free port, no persistence), for what must
 * not be done to the shared one on 6379: another eviction policy, a tiny `maxmemory`, a replica.
 * Killed by {@link PrivateRedis.stop}.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { checkRedisAtStart } from '../../src/store/redisStartCheck.js';
import { unusedPort } from './program.js';

/** A running private Redis. */
export interface PrivateRedis {
  url: string;
  port: number;
  /** An admin connection to it. */
  admin: Redis;
  /** Fills it with filler keys until even a tiny write is refused for memory (it needs a `maxmemory`). */
  fill(): Promise<void>;
  /** Removes the filler keys. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `redis-server` with `args` (e.g. `['--maxmemory-policy', 'allkeys-lru']`). */
export async function startPrivateRedis(args: string[] = []): Promise<PrivateRedis> {
  const port = await unusedPort();
  const dir = mkdtempSync(join(tmpdir(), 'dongyu-redis-'));
  const server: ChildProcess = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      ...args,
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  // The start check waits out a Redis that is still starting (and passes any eviction policy here).
  await checkRedisAtStart(url, { waitMs: 10_000, allowEviction: true });
  const admin = new Redis(url, { maxRetriesPerRequest: 1 });
  let filled = 0;
  return {
    url,
    port,
    admin,
    async fill() {
      // Smaller and smaller values: a refused big write leaves room for small ones (its own query
      // buffer counted against maxmemory), and Redis is full only when even a tiny one is refused.
      for (const size of [64 * 1024, 4096, 256, 16]) {
        const chunk = 'x'.repeat(size);
        for (;;) {
          try {
            await admin.set(`filler:${filled++}`, chunk);
          } catch (err) {
            if (/OOM/.test((err as Error).message)) break;
            throw err;
          }
        }
      }
    },
    async drain() {
      const keys = await admin.keys('filler:*');
      if (keys.length) await admin.del(...keys);
    },
    async stop() {
      admin.disconnect();
      server.kill('SIGKILL');
      await new Promise((r) => server.once('exit', r));
    },
  };
}

/**
 * Redis faults seen from the store: the connection comes back after it is killed, and while Redis
 * cannot be reached, operations reject (so a webhook answers 5xx) instead of hanging.
 */
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { createRedisConnection } from '../../src/store/redisConnection.js';
import { RedisStore } from '../../src/store/redisStore.js';
import { adminConnection, deleteUnder, REDIS_URL, uniquePrefix } from './redisTestKit.js';
import { testDoc } from './storeContract.js';

const admin = adminConnection();
const prefix = uniquePrefix('faults');
const clock = new ManualClock();

afterAll(async () => {
  await deleteUnder(admin, prefix);
  await admin.quit();
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('Redis faults', () => {
  it('reconnects after its connection is killed and keeps working', async () => {
    const redis = createRedisConnection(REDIS_URL, 'store', undefined, `dongyu-test-${prefix}`);
    const store = new RedisStore(redis, clock, { prefix });
    await store.commitTurn({ doc: testDoc('k1', 1), expectedRevision: 0, history: [], outbox: [] });
    const id = String(await redis.client('ID'));
    await admin.client('KILL', 'ID', id);
    // the first command after the kill may fail or be retried; the store recovers by itself
    await store.ping().catch(() => undefined);
    expect((await store.loadPatient('k1')).status).toBe('ok');
    expect(String(await redis.client('ID'))).not.toBe(id);
    await store.commitTurn({ doc: testDoc('k1', 2), expectedRevision: 1, history: [], outbox: [] });
    await store.close();
  });

  it('rejects operations rather than hanging while Redis is unreachable', async () => {
    const port = await closedPort();
    const store = new RedisStore(createRedisConnection(`redis://127.0.0.1:${port}`, 'store'), clock, {
      prefix,
    });
    await Promise.all([
      expect(store.ping()).rejects.toThrow(),
      expect(store.loadPatient('x')).rejects.toThrow(),
      expect(
        store.commitTurn({ doc: testDoc('x', 1), expectedRevision: 0, history: [], outbox: [] }),
      ).rejects.toThrow(),
      expect(store.withPatientLock('x', async () => 'never')).rejects.toThrow(),
    ]);
    await store.close();
  });
});

/**
 * A running app whose Redis starts refusing writes (full under noeviction, or turned into a
 * read-only replica): `/readyz` turns 503 naming the reason, the metrics say it, and the turns
 * that fail because of it are counted; when Redis takes writes again, so does readiness. Its own
 * `redis-server` (the shared one must not be filled or demoted).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { NOTED_REFUSAL_MS } from '../../src/ops/redisGuard.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { RecordingChannel } from '../support/patientHarness.js';
import { type PrivateRedis, startPrivateRedis } from '../support/privateRedis.js';
import { unusedPort } from '../support/program.js';

let redis: PrivateRedis;
let app: App;
const clock = new ManualClock();
let base = '';
let metricsBase = '';

// A Redis and an app per case, on the Redis store alone: BullMQ's workers, after Redis was a
// read-only replica for a moment, sometimes did not close (a stop that SHUTDOWN_TIMEOUT_SECONDS
// bounds in production); they are not what these cases are about.
beforeEach(async () => {
  redis = await startPrivateRedis(['--maxmemory', '16mb', '--maxmemory-policy', 'noeviction']);
  app = await createApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', REDIS_URL: redis.url }), {
    clock,
    logger: createLogger('silent'),
    channels: [new RecordingChannel()],
    scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
    deliveryQueue: null,
  });
  const { port, metricsPort } = await app.start();
  base = `http://127.0.0.1:${port}`;
  metricsBase = `http://127.0.0.1:${metricsPort}`;
}, 30_000);

afterEach(async () => {
  await app.stop().catch(() => undefined);
  await redis.stop();
}, 30_000);

async function ready() {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function sample(name: string, labels: string): Promise<number | undefined> {
  const text = await (await fetch(`${metricsBase}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

const say = (text: string) =>
  app.engine.handle({
    patientId: 'console:refused',
    address: { channel: 'console', conversationId: 'refused' },
    languageCode: 'en',
    message: { kind: 'text', text },
  });

describe('a Redis that refuses writes while the app runs', () => {
  it('out of memory: /readyz 503 with the reason, the metric, the failed turns counted; back when freed', async () => {
    expect((await ready()).status).toBe(200);
    // Full: filled again while a probe's few bytes still fit (keys that expired meanwhile freed room).
    let full = await ready();
    for (let i = 0; i < 5 && full.status !== 503; i++) {
      await redis.fill();
      full = await ready();
    }
    expect(full.status).toBe(503);
    expect(full.body).toMatchObject({
      status: 'not ready',
      store: 'refusing writes',
      refusing: 'out of memory',
    });
    expect(await sample('dongyu_redis_refusing_writes', 'reason="out of memory"')).toBe(1);
    // A turn Redis refuses. Filled again before each try: a small write can still fit where keys
    // expired meanwhile (locks, claims), and then nothing was refused yet.
    let refused: unknown;
    for (let i = 0; i < 5 && !refused; i++) {
      await redis.fill();
      refused = await say('/start').then(
        () => undefined,
        (err: unknown) => err,
      );
    }
    expect(refused).toBeInstanceOf(Error);
    expect(await sample('dongyu_turns_refused_by_redis_total', 'reason="out of memory"')).toBe(1);

    await redis.drain();
    // The failed turn keeps the instance "refusing" a while (a full Redis may still take a probe's
    // few bytes while it refuses a turn's kilobytes), until a turn goes through or time passes.
    expect((await ready()).status).toBe(503);
    clock.advance(NOTED_REFUSAL_MS);
    const back = await ready();
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ status: 'ready', store: 'ok' });
    expect(await sample('dongyu_redis_refusing_writes', 'reason="out of memory"')).toBe(0);
    await say('/start');
  });

  it('a read-only replica: /readyz 503 naming it; ready again once it is a primary', async () => {
    expect((await ready()).status).toBe(200);
    await redis.admin.call('REPLICAOF', '127.0.0.1', String(await unusedPort()));
    try {
      const replica = await ready();
      expect(replica.status).toBe(503);
      expect(replica.body).toMatchObject({ store: 'refusing writes', refusing: 'read-only replica' });
    } finally {
      await redis.admin.call('REPLICAOF', 'NO', 'ONE');
    }
    expect((await ready()).status).toBe(200);
  });
});

/**
 * A Redis that evicts keys when full, or that is full already, stops start-up with one line that
 * says so (the real program and `checkRedisAtStart`); `REDIS_ALLOW_EVICTION=true` starts anyway
 * with a warning, and BullMQ's own console warning comes out as a JSON log line. Each case runs
 * its own `redis-server`, never touching the shared one.
 */
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { LockLostError } from '../../src/store/redisLock.js';
import { checkRedisAtStart, RedisStartError } from '../../src/store/redisStartCheck.js';
import { writeRefusalOf } from '../../src/store/redisWriteRefusal.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { type PrivateRedis, startPrivateRedis } from '../support/privateRedis.js';
import { logLines, onlyStderrLine, type Program, startProgram } from '../support/program.js';

let api: FakeBotApi;
const programs: Program[] = [];
const servers: PrivateRedis[] = [];

beforeAll(async () => {
  api = await FakeBotApi.start();
});
afterEach(async () => {
  for (const p of programs.splice(0)) p.kill();
  for (const s of servers.splice(0)) await s.stop();
});
afterAll(async () => {
  await api.close();
});

async function redisWith(args: string[]): Promise<PrivateRedis> {
  const r = await startPrivateRedis(args);
  servers.push(r);
  return r;
}

function program(env: Record<string, string>): Program {
  const p = startProgram({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, ...env });
  programs.push(p);
  return p;
}

describe('a Redis that evicts keys', () => {
  it('is refused at start with one line naming the policy and the fix', async () => {
    const r = await redisWith(['--maxmemory-policy', 'allkeys-lru']);
    const err = await checkRedisAtStart(r.url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisStartError);
    expect((err as Error).message).toBe(
      `Redis at 127.0.0.1:${r.port} (REDIS_URL) evicts keys when it is full (maxmemory-policy allkeys-lru): an evicted key is a patient's record, a scheduled check-in or an alert lost without a word. Set maxmemory-policy noeviction (redis.conf, or CONFIG SET maxmemory-policy noeviction) and size maxmemory for the data; REDIS_ALLOW_EVICTION=true starts anyway (tests only).`,
    );
  });

  it('the program: exit 1 and that one line on stderr, no stack', { timeout: 30_000 }, async () => {
    const r = await redisWith(['--maxmemory-policy', 'volatile-lru']);
    const p = program({ REDIS_URL: r.url });
    expect(await p.exited).toBe(1);
    expect(onlyStderrLine(p)).toContain('(maxmemory-policy volatile-lru)');
  });

  it('REDIS_ALLOW_EVICTION=true starts with a warning; BullMQ’s console warning is a JSON log line', {
    timeout: 30_000,
  }, async () => {
    const r = await redisWith(['--maxmemory-policy', 'allkeys-lru']);
    const p = program({ REDIS_URL: r.url, REDIS_ALLOW_EVICTION: 'true' });
    await p.logged('dongyu started');
    await p.logged('Eviction policy is allkeys-lru');
    const lines = logLines(p); // throws on any line that is not JSON
    expect(lines.some((l) => l.level === 40 && String(l.msg).includes('REDIS_ALLOW_EVICTION=true'))).toBe(
      true,
    );
    expect(lines.find((l) => String(l.msg).includes('Eviction policy'))).toMatchObject({
      source: 'console',
      level: 40,
    });
    expect(p.stderr).toBe('');
  });

  it('checkRedisAtStart with allowEviction warns instead of refusing', async () => {
    const r = await redisWith(['--maxmemory-policy', 'allkeys-random']);
    const out = new PassThrough();
    let logged = '';
    out.on('data', (d) => {
      logged += d;
    });
    await checkRedisAtStart(r.url, { allowEviction: true, log: createLogger('info', out) });
    expect(JSON.parse(logged.trim())).toMatchObject({ level: 40, maxmemoryPolicy: 'allkeys-random' });
  });
});

describe('a Redis that is full at start', () => {
  it('the program: one line that says Redis is out of memory, not an EXECABORT stack', {
    timeout: 30_000,
  }, async () => {
    const r = await redisWith(['--maxmemory', '4mb', '--maxmemory-policy', 'noeviction']);
    await r.fill();
    const p = program({ REDIS_URL: r.url, COUNSELLOR_TELEGRAM_CHAT_IDS: '-1001' });
    expect(await p.exited).toBe(1);
    const line = onlyStderrLine(p);
    expect(line).toContain(
      `Redis at 127.0.0.1:${r.port} (REDIS_URL) refused a write during start-up: out of memory`,
    );
    expect(line).toContain('raise maxmemory');
  });
});

describe('what a refusal is', () => {
  it.each([
    [new Error("OOM command not allowed when used memory > 'maxmemory'."), 'out of memory'],
    [
      Object.assign(new Error('EXECABORT Transaction discarded because of previous errors.'), {
        previousErrors: [new Error("OOM command not allowed when used memory > 'maxmemory'.")],
      }),
      'out of memory',
    ],
    [new Error("READONLY You can't write against a read only replica."), 'read-only replica'],
    [
      new Error(
        'MISCONF Redis is configured to save RDB snapshots, but it is currently not able to persist on disk.',
      ),
      'cannot persist',
    ],
    [new Error('Connection is closed.'), undefined],
    [new Error('ERR wrong number of arguments'), undefined],
  ])('%s → %s', (err, refusal) => {
    expect(writeRefusalOf(err)).toBe(refusal);
  });

  it('a lost turn lock names the likely causes, eviction among them', () => {
    expect(new LockLostError('a1b2').message).toMatch(/stalled .* or the lock key was removed \(evicted/);
  });
});

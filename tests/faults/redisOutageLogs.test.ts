/**
 * What an operator sees while Redis is away (the real program; a proxy in front of the real Redis
 * drops every connection): stdout stays one JSON object per line, nothing raw reaches stderr (no
 * ioredis or BullMQ error dumps), and each source of repeated errors (a connection, a queue, a
 * worker) logs its first error at once and then at most one line per 10 s, counting the rest.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, expect, it } from 'vitest';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { deleteUnder, REDIS_URL, uniquePrefix } from '../store/redisTestKit.js';
import { logLines, type Program, startProgram } from '../support/program.js';
import { TcpProxy } from './tcpProxy.js';

const prefix = uniquePrefix('redis-outage-logs');
const target = new URL(REDIS_URL);
const proxy = new TcpProxy(Number(target.port || 6379), target.hostname);
let api: FakeBotApi | undefined;
let program: Program | undefined;

afterEach(async () => {
  program?.kill();
  await proxy.down();
  await api?.close();
});

afterAll(async () => {
  const admin = new Redis(REDIS_URL);
  await deleteUnder(admin, prefix);
  await admin.quit();
});

it('an outage of 12 s: no stderr, JSON lines only, at most two lines per error source', {
  timeout: 40_000,
}, async () => {
  const port = await proxy.up();
  api = await FakeBotApi.start();
  program = startProgram({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    REDIS_URL: `redis://127.0.0.1:${port}${target.pathname}`,
    REDIS_PREFIX: prefix,
  });
  await program.logged('dongyu started');
  const before = logLines(program).length;

  await proxy.down();
  await new Promise((r) => setTimeout(r, 12_500));

  expect(program.stderr).toBe('');
  const during = logLines(program).slice(before);
  const perSource = new Map<string, number>();
  for (const line of during) {
    const source = `${line.msg} ${line.connection ?? ''}`;
    perSource.set(source, (perSource.get(source) ?? 0) + 1);
  }
  // The first error at once, one more after 10 s (with the count of the others): no more.
  for (const [source, count] of perSource) expect(count, source).toBeLessThanOrEqual(2);
  expect(perSource.get('Redis connection error; reconnecting dongyu-store')).toBeGreaterThanOrEqual(1);
  expect(perSource.has('scheduler worker error ')).toBe(true);
  expect(perSource.has('delivery worker error ')).toBe(true);
  // Before the fix: about four "worker error" lines a second.
  expect(during.some((l) => Number(l.suppressed) > 0)).toBe(true);
  expect(during.length).toBeLessThan(30);
});

/**
 * Redis at start: a Redis that does not answer, refuses the credentials, or lacks the database
 * REDIS_URL names stops start-up with one line on stderr that names REDIS_URL and host:port (never
 * the password), exit code 1, and no stack trace. A database the server has is the one written to.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { checkRedisAtStart, RedisStartError } from '../../src/store/redisStartCheck.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { deleteUnder, keysUnder, REDIS_URL, uniquePrefix } from '../store/redisTestKit.js';
import { logLines, onlyStderrLine, type Program, startProgram, unusedPort } from '../support/program.js';

const PASSWORD = 'hunter2-do-not-print';
let api: FakeBotApi;
const programs: Program[] = [];

beforeAll(async () => {
  api = await FakeBotApi.start();
});

afterEach(() => {
  for (const p of programs.splice(0)) p.kill();
});

afterAll(async () => {
  await api.close();
});

/** REDIS_URL of the test Redis with database `db` and a password in it. */
function urlWithDatabase(db: number): string {
  const url = new URL(REDIS_URL);
  url.pathname = `/${db}`;
  return url.href;
}

/** The program with Telegram configured (the fake) and `redisUrl`. */
function program(redisUrl: string, prefix: string): Program {
  const p = startProgram({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
  });
  programs.push(p);
  return p;
}

describe('Redis at start, the real program', () => {
  it('a Redis that does not answer: one line naming REDIS_URL and host:port, no password, exit 1', {
    timeout: 30_000,
  }, async () => {
    const port = await unusedPort();
    const p = program(`redis://:${PASSWORD}@127.0.0.1:${port}`, uniquePrefix('redis-at-start'));
    expect(await p.exited).toBe(1);
    const line = onlyStderrLine(p);
    expect(line).toContain('REDIS_URL');
    expect(line).toContain(`127.0.0.1:${port}`);
    expect(line).toContain('could not be reached');
    expect(line).not.toContain(PASSWORD);
    expect(p.stdout).not.toContain(PASSWORD);
    expect(p.stdout).not.toContain('dongyu started');
    logLines(p);
  });

  it('a database the server does not have: refused, naming it and the range it has; nothing written', {
    timeout: 30_000,
  }, async () => {
    const admin = new Redis(REDIS_URL);
    const [, databases] = (await admin.config('GET', 'databases')) as string[];
    const prefix = uniquePrefix('redis-missing-db');
    const missing = Number(databases) + 83;
    const p = program(urlWithDatabase(missing), prefix);
    expect(await p.exited).toBe(1);
    expect(onlyStderrLine(p)).toContain(
      `REDIS_URL names database ${missing}, which this Redis (${new URL(REDIS_URL).host}) does not have ` +
        `(it has databases 0–${Number(databases) - 1}: CONFIG GET databases)`,
    );
    expect(p.stdout).not.toContain('dongyu started');
    // Before the fix every key went to database 0 instead.
    expect(await keysUnder(admin, prefix)).toEqual([]);
    await admin.quit();
  });
});

describe('Redis at start, in-process', () => {
  it('a database the server has is the one the app writes to', async () => {
    const prefix = uniquePrefix('redis-db-3');
    const clock = new ManualClock();
    const app = await createApp(
      loadConfig({ PORT: '0', REDIS_URL: urlWithDatabase(3), REDIS_PREFIX: prefix }),
      {
        clock,
        logger: createLogger('silent'),
        scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
        deliveryQueue: null,
      },
    );
    await app.start();
    await app.store.claimOnce('redis-at-start', 60);
    await app.stop();
    const db0 = new Redis(REDIS_URL);
    const db3 = new Redis(urlWithDatabase(3));
    expect(await keysUnder(db3, prefix)).not.toEqual([]);
    expect(await keysUnder(db0, prefix)).toEqual([]);
    await deleteUnder(db3, prefix);
    await Promise.all([db0.quit(), db3.quit()]);
  });

  describe('a Redis with a password (its own server on a free port)', () => {
    let server: ChildProcess;
    let port: number;

    beforeAll(async () => {
      port = await unusedPort();
      server = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--requirepass',
          's3cret-pass',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          tmpdir(),
        ],
        {
          stdio: 'ignore',
        },
      );
      // Up once it answers (the check waits out a Redis that is still starting).
      await checkRedisAtStart(`redis://:s3cret-pass@127.0.0.1:${port}`, { waitMs: 10_000 });
    });

    afterAll(() => {
      server.kill('SIGKILL');
    });

    it.each([
      ['a wrong password', `:${PASSWORD}@`],
      ['no password', ''],
    ])('%s: refused at once, saying to fix the credentials, without the password', async (_, auth) => {
      const started = Date.now();
      const err = await checkRedisAtStart(`redis://${auth}127.0.0.1:${port}`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RedisStartError);
      expect((err as Error).message).toContain(`Redis at 127.0.0.1:${port} did not accept the credentials`);
      expect((err as Error).message).toContain('REDIS_URL');
      expect((err as Error).message).not.toContain(PASSWORD);
      // A refusal is not waited out like a Redis that is still starting.
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('the right password and a database it has: passes', async () => {
      await expect(checkRedisAtStart(`redis://:s3cret-pass@127.0.0.1:${port}/2`)).resolves.toBeUndefined();
    });
  });
});

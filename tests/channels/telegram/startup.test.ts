/**
 * Start-up: a token Telegram refuses stops start with a message that says what to fix; a Bot API
 * out of reach is tried again, a warning each time, and stops start after
 * TELEGRAM_START_TIMEOUT_SECONDS; one that comes back within it is started on.
 */
import net from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { TelegramStartError, TelegramUnreachableError } from '../../../src/channels/telegram/errors.js';
import { createLogger } from '../../../src/log.js';
import { TcpProxy } from '../../faults/tcpProxy.js';
import { until } from '../../support/until.js';
import { FakeBotApi } from './fakeBotApi.js';
import { type Harness, startHarness } from './harness.js';

let api: FakeBotApi;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

beforeAll(async () => {
  api = await FakeBotApi.start({ token: '999:the-real-token' });
});

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

afterAll(async () => {
  await api.close();
});

/** A logger whose lines the test can read. */
function capturedLog() {
  const out = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  out.on('data', (d: Buffer) => {
    for (const l of d.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
  });
  return { log: createLogger('info', out), lines, raw: () => JSON.stringify(lines) };
}

/** The fake seen through `root` (another API root, same token). */
function at(root: string): FakeBotApi {
  return Object.create(api, { apiRoot: { value: root } }) as FakeBotApi;
}

it('refuses to start with a token Telegram does not know, naming the variable and not the token', async () => {
  const wrong = Object.create(api, { token: { value: '111:a-wrong-token' } }) as FakeBotApi;
  const started = Date.now();
  const err = await startHarness(wrong).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(TelegramStartError);
  expect(err).not.toBeInstanceOf(TelegramUnreachableError);
  expect((err as Error).message).toContain('getMe');
  expect((err as Error).message).toContain('401');
  expect((err as Error).message).toContain('TELEGRAM_BOT_TOKEN');
  expect((err as Error).message).not.toContain('a-wrong-token');
  // A refusal is final: not tried again until the start-up timeout.
  expect(Date.now() - started).toBeLessThan(1_000);
});

it('a working Telegram starts at once, without a warning', async () => {
  const { log, lines } = capturedLog();
  const started = Date.now();
  const h: Harness = await startHarness(api, {}, { pollTimeoutSeconds: 1 }, log);
  cleanups.push(() => h.stop());
  expect(Date.now() - started).toBeLessThan(1_000);
  expect(lines.filter((l) => l.level === 40)).toEqual([]);
});

it('a Bot API down at first: a warning per failed attempt, then started once it answers', async () => {
  const proxy = new TcpProxy(Number(new URL(api.apiRoot).port));
  const port = await proxy.up();
  await proxy.down();
  cleanups.push(() => proxy.down());
  const { log, lines, raw } = capturedLog();
  const starting = startHarness(
    at(`http://127.0.0.1:${port}`),
    { TELEGRAM_START_TIMEOUT_SECONDS: '30' },
    { pollTimeoutSeconds: 1, startRetry: { firstWaitMs: 100, maxWaitMs: 200 } },
    log,
  );
  await until(() => lines.filter((l) => l.level === 40).length >= 2, 'two warnings', 15_000);
  await proxy.up();
  const h = await starting;
  cleanups.push(() => h.stop());
  const warnings = lines.filter((l) => l.level === 40);
  expect(warnings[0]).toMatchObject({
    msg: 'telegram: Bot API not reached at start-up; trying again',
    method: 'getMe',
    attempt: 1,
    apiRoot: `http://127.0.0.1:${port}`,
  });
  expect(warnings.map((w) => w.attempt)).toEqual(warnings.map((_, i) => i + 1));
  expect(raw()).not.toContain(api.token);
  expect(lines.some((l) => l.msg === 'telegram: long polling started')).toBe(true);
});

it('a Bot API that never answers: start stops after TELEGRAM_START_TIMEOUT_SECONDS, saying what to check', async () => {
  // Accepts connections and says nothing, like a proxy or firewall that swallows them.
  const sockets = new Set<net.Socket>();
  const silent = net.createServer((s) => sockets.add(s));
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    return new Promise((r) => silent.close(r));
  });
  const root = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
  const { log, lines, raw } = capturedLog();
  const started = Date.now();
  const err = await startHarness(at(root), { TELEGRAM_START_TIMEOUT_SECONDS: '2' }, undefined, log).catch(
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TelegramUnreachableError);
  expect((err as Error).message).toContain(
    `Telegram could not be reached at ${root} for 2 s: check network access, proxies and TELEGRAM_API_ROOT`,
  );
  expect(Date.now() - started).toBeLessThan(4_000);
  expect(lines.filter((l) => l.level === 40).length).toBeGreaterThanOrEqual(1);
  expect(`${raw()}${(err as Error).message}`).not.toContain(api.token);
});

/**
 * Start-up calls to the Bot API: Telegram out of reach is tried again with a warning each time,
 * until TELEGRAM_START_TIMEOUT_SECONDS ends start-up with one clear error; a refusal (a wrong
 * token) ends it at once; a working Telegram is not waited for. The token is never shown.
 */
import { PassThrough } from 'node:stream';
import { GrammyError, HttpError } from 'grammy';
import { beforeEach, describe, expect, it } from 'vitest';
import { TelegramStartError, TelegramUnreachableError } from '../../../src/channels/telegram/errors.js';
import { type StartupCallsOptions, startupCalls } from '../../../src/channels/telegram/startupCalls.js';
import { createLogger } from '../../../src/log.js';

const TOKEN = '123456:secret-token-value';
let logs: string;

beforeEach(() => {
  logs = '';
});

function caller(overrides: Partial<StartupCallsOptions> = {}) {
  const out = new PassThrough();
  out.on('data', (d) => {
    logs += d;
  });
  return startupCalls({
    apiRoot: 'https://user:pw@bot-api.example.org/',
    token: TOKEN,
    timeoutMs: 1_000,
    log: createLogger('info', out),
    firstWaitMs: 50,
    maxWaitMs: 200,
    ...overrides,
  });
}

const warnings = () =>
  logs
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.level === 40);

/** What grammY throws when the network call fails (the cause quotes the URL, token and all). */
const networkDown = () =>
  new HttpError("Network request for 'getMe' failed!", new Error(`connect ECONNREFUSED /bot${TOKEN}/getMe`));

const refused = (code: number, description: string) =>
  new GrammyError(`Call to 'getMe' failed!`, { ok: false, error_code: code, description }, 'getMe', {});

describe('start-up calls to the Bot API', () => {
  it('a working Telegram: the answer at once, no warning', async () => {
    const started = Date.now();
    expect(await caller()('getMe', async () => 'me')).toBe('me');
    expect(Date.now() - started).toBeLessThan(50);
    expect(warnings()).toEqual([]);
  });

  it('out of reach at first: a warning per failed attempt, then the answer', async () => {
    let calls = 0;
    const me = await caller()('getMe', async () => {
      calls++;
      if (calls <= 2) throw networkDown();
      if (calls === 3) throw refused(502, 'Bad Gateway');
      return 'me';
    });
    expect(me).toBe('me');
    expect(warnings()).toMatchObject([
      { method: 'getMe', attempt: 1, apiRoot: 'https://bot-api.example.org', retryInMs: 50 },
      { method: 'getMe', attempt: 2, retryInMs: 100 },
      { method: 'getMe', attempt: 3, error: '502: Bad Gateway' },
    ]);
    expect(warnings()[0]?.msg).toBe('telegram: Bot API not reached at start-up; trying again');
  });

  it('out of reach until the deadline: one error naming the API root, the time and what to check', async () => {
    const started = Date.now();
    const err = await caller({ timeoutMs: 1_000 })('getMe', async () => {
      throw networkDown();
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelegramUnreachableError);
    expect((err as Error).message).toMatch(
      /^Telegram could not be reached at https:\/\/bot-api\.example\.org for 1 s: check network access, proxies and TELEGRAM_API_ROOT \(last attempt: getMe, network error: connect ECONNREFUSED/,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(800);
    expect(Date.now() - started).toBeLessThan(1_300);
    expect(warnings().length).toBeGreaterThanOrEqual(4);
    // Neither the token (quoted by the cause) nor the API root's credentials are shown.
    expect(`${logs}${(err as Error).message}`).not.toContain(TOKEN);
    expect(`${logs}${(err as Error).message}`).not.toContain('pw@');
  });

  it('a call that hangs is cut at the deadline', async () => {
    const started = Date.now();
    const err = await caller({ timeoutMs: 500 })(
      'getMe',
      (signal) =>
        new Promise((_, reject) =>
          signal.addEventListener('abort', () =>
            reject(new HttpError("Network request for 'getMe' failed!", signal.reason)),
          ),
        ),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelegramUnreachableError);
    expect(Date.now() - started).toBeLessThan(800);
  });

  it('a wrong token ends start-up at once with the refusal, not retried', async () => {
    let calls = 0;
    const err = await caller()('getMe', async () => {
      calls++;
      throw refused(401, 'Unauthorized');
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelegramStartError);
    expect(err).not.toBeInstanceOf(TelegramUnreachableError);
    expect((err as Error).message).toContain('getMe failed (401: Unauthorized)');
    expect((err as Error).message).toContain('TELEGRAM_BOT_TOKEN');
    expect(calls).toBe(1);
    expect(warnings()).toEqual([]);
  });

  it('one deadline for all the start-up calls together', async () => {
    const call = caller({ timeoutMs: 600 });
    await call('getMe', async () => new Promise((r) => setTimeout(() => r('me'), 400)));
    const started = Date.now();
    const err = await call('deleteWebhook', async () => {
      throw networkDown();
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TelegramUnreachableError);
    expect((err as Error).message).toContain('last attempt: deleteWebhook');
    expect(Date.now() - started).toBeLessThan(400);
  });
});

/**
 * Telegram at start, the real program: a Bot API out of reach gets a warning line per failed
 * attempt and, after TELEGRAM_START_TIMEOUT_SECONDS, one line on stderr saying what to check and
 * exit code 1 (it used to hang forever without a word); a wrong token keeps its own clear line.
 * Neither shows the token, nor a stack trace.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { logLines, onlyStderrLine, type Program, startProgram, unusedPort } from '../support/program.js';

const TOKEN = '123456:AAF-secret-token-value';
let api: FakeBotApi;
const programs: Program[] = [];

beforeAll(async () => {
  api = await FakeBotApi.start({ token: TOKEN });
});

afterEach(() => {
  for (const p of programs.splice(0)) p.kill();
});

afterAll(async () => {
  await api.close();
});

function program(env: Record<string, string>): Program {
  const p = startProgram({ TELEGRAM_BOT_TOKEN: TOKEN, ...env });
  programs.push(p);
  return p;
}

describe('Telegram at start, the real program', () => {
  it('a Bot API out of reach: warnings, then one line and exit 1 after TELEGRAM_START_TIMEOUT_SECONDS', {
    timeout: 30_000,
  }, async () => {
    const root = `http://127.0.0.1:${await unusedPort()}`;
    const started = Date.now();
    const p = program({ TELEGRAM_API_ROOT: root, TELEGRAM_START_TIMEOUT_SECONDS: '4' });
    expect(await p.exited).toBe(1);
    // Node and tsx take a moment to load before the 4 s start.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(onlyStderrLine(p)).toMatch(
      new RegExp(
        `^Telegram could not be reached at ${root} for 4 s: check network access, proxies and TELEGRAM_API_ROOT`,
      ),
    );
    const warnings = logLines(p).filter((l) => l.level === 40);
    expect(warnings.length).toBeGreaterThanOrEqual(2);
    expect(warnings[0]).toMatchObject({ method: 'getMe', attempt: 1, apiRoot: root });
    expect(p.stdout + p.stderr).not.toContain(TOKEN);
    expect(p.stdout).not.toContain('dongyu started');
  });

  it('a wrong token: its clear line at once, exit 1, no stack trace', { timeout: 30_000 }, async () => {
    const p = startProgram({ TELEGRAM_BOT_TOKEN: '111:a-wrong-token', TELEGRAM_API_ROOT: api.apiRoot });
    programs.push(p);
    expect(await p.exited).toBe(1);
    const line = onlyStderrLine(p);
    expect(line).toContain('Telegram channel could not start: getMe failed (401');
    expect(line).toContain('Check TELEGRAM_BOT_TOKEN');
    expect(line).not.toContain('a-wrong-token');
    expect(logLines(p).filter((l) => l.level === 40)).toEqual([]);
  });

  it('a working Bot API: started promptly', { timeout: 30_000 }, async () => {
    const p = program({ TELEGRAM_API_ROOT: api.apiRoot });
    await p.logged('dongyu started');
    expect(p.stderr).toBe('');
    expect(logLines(p).filter((l) => l.level === 40)).toEqual([]);
  });
});

/**
 * The real program (`src/main.ts`) behind a CONNECT proxy, configured only by its environment, as
 * an operator would: a fake Bot API over TLS (a test certificate the program trusts through
 * NODE_EXTRA_CA_CERTS) and a local proxy the test starts. HTTPS_PROXY carries every Bot API call of
 * a conversation; NO_PROXY naming the API host bypasses it; a proxy that refuses the credentials
 * ends start-up with one line naming the proxy, never its password.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectProxy } from '../../support/connectProxy.js';
import { logLines, onlyStderrLine, type Program, startProgram } from '../../support/program.js';
import { FakeBotApi } from './fakeBotApi.js';
import { textUpdate } from './fakeUpdates.js';

const TLS_DIR = join(import.meta.dirname, '..', '..', 'support', 'tls');
const CERT = join(TLS_DIR, 'localhost-test-only.crt');
const tls = {
  cert: readFileSync(CERT, 'utf8'),
  key: readFileSync(join(TLS_DIR, 'localhost-test-only.key'), 'utf8'),
};

const running: { programs: Program[]; close: (() => Promise<void>)[] } = { programs: [], close: [] };
afterEach(async () => {
  for (const p of running.programs.splice(0)) p.kill();
  for (const c of running.close.splice(0)) await c();
});

async function setting(auth?: string) {
  const api = await FakeBotApi.start({ tls });
  const proxy = await ConnectProxy.start(auth ? { auth } : {});
  running.close.push(
    () => api.close(),
    () => proxy.close(),
  );
  return { api, proxy, target: api.apiRoot.replace('https://', '') };
}

function program(api: FakeBotApi, env: Record<string, string>): Program {
  const p = startProgram({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    NODE_EXTRA_CA_CERTS: CERT,
    ...env,
  });
  running.programs.push(p);
  return p;
}

/** Sends /start from a new patient and waits for the bot's answer. */
async function conversation(api: FakeBotApi, userId: number): Promise<void> {
  api.pushUpdate(textUpdate({ userId, text: '/start', languageCode: 'en' }));
  await api.waitForCalls(
    (c) => c.method === 'sendMessage' && String(c.params.chat_id) === String(userId),
    1,
    15_000,
  );
}

describe('the program behind a CONNECT proxy (Bot API over TLS)', () => {
  it('sends every Bot API call through HTTPS_PROXY', { timeout: 40_000 }, async () => {
    const { api, proxy, target } = await setting();
    const p = program(api, { HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,.internal' });
    await p.logged('dongyu started');
    await conversation(api, 5101);
    expect(api.calls.every((c) => c.remotePort !== undefined && proxy.upstreamPorts.has(c.remotePort))).toBe(
      true,
    );
    expect(proxy.opened(target)).toBeGreaterThan(0);
    expect(logLines(p).find((l) => l.msg === 'telegram: Bot API calls go through a proxy')).toMatchObject({
      proxy: proxy.url,
    });
    expect(p.stderr).toBe('');
  });

  it('reaches the Bot API directly when NO_PROXY names its host', { timeout: 40_000 }, async () => {
    const { api, proxy } = await setting();
    const p = program(api, { HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost, 127.0.0.1' });
    await p.logged('dongyu started');
    await conversation(api, 5102);
    expect(proxy.tunnels).toEqual([]);
    expect(api.calls.some((c) => proxy.upstreamPorts.has(c.remotePort ?? -1))).toBe(false);
    expect(logLines(p).some((l) => l.msg === 'telegram: Bot API calls go through a proxy')).toBe(false);
  });

  it('stops at start with one line naming the proxy (not its password) when the proxy refuses it', {
    timeout: 40_000,
  }, async () => {
    const { api, proxy, target } = await setting('dongyu:right-password');
    const wrong = proxy.urlWithAuth.replace('right-password', 'wrong-password');
    const p = program(api, { TELEGRAM_PROXY_URL: wrong, TELEGRAM_START_TIMEOUT_SECONDS: '3' });
    expect(await p.exited).toBe(1);
    const line = onlyStderrLine(p);
    expect(line).toContain(`through the proxy ${proxy.url} for 3 s`);
    expect(line).toContain('407');
    expect(p.stdout + p.stderr).not.toContain('wrong-password');
    expect(proxy.tunnels.every((t) => t.target === target && t.status === 407)).toBe(true);
    expect(api.calls).toEqual([]);
  });
});

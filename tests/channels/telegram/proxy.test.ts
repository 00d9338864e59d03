/**
 * The Bot API through a CONNECT proxy (a local one the test starts): the transport tunnels its
 * calls and keeps the tunnels alive, sends the proxy's credentials, and fails a call the proxy
 * refuses; the whole app, told `TELEGRAM_PROXY_URL`, makes every Bot API call of a conversation
 * through the proxy (the fake Bot API sees each call come from one of the proxy's connections).
 * The real program with HTTPS_PROXY and NO_PROXY over TLS: proxyProgram.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createBotApiTransport } from '../../../src/channels/telegram/undiciTransport.js';
import { ConnectProxy } from '../../support/connectProxy.js';
import { FakeBotApi } from './fakeBotApi.js';
import { type AppDriver, startApp, TelegramPatient } from './telegramPatient.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fakeAndProxy(auth?: string) {
  const api = await FakeBotApi.start();
  const proxy = await ConnectProxy.start(auth ? { auth } : {});
  cleanups.push(
    () => api.close(),
    () => proxy.close(),
  );
  return { api, proxy, target: api.apiRoot.replace('http://', '') };
}

/** True when every call the fake received came over one of the proxy's connections. */
function allThroughProxy(api: FakeBotApi, proxy: ConnectProxy): boolean {
  return api.calls.every((c) => c.remotePort !== undefined && proxy.upstreamPorts.has(c.remotePort));
}

describe('the transport through a CONNECT proxy', () => {
  it('tunnels its calls and keeps the tunnel alive', async () => {
    const { api, proxy, target } = await fakeAndProxy();
    const transport = createBotApiTransport({ proxyFor: () => new URL(proxy.url) });
    cleanups.push(() => transport.close());
    for (let i = 0; i < 5; i++) {
      const res = await transport.fetch(`${api.apiRoot}/bot${api.token}/getMe`, { body: '{}' });
      expect(await res.json()).toMatchObject({ ok: true, result: { is_bot: true } });
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(api.calls).toHaveLength(5);
    expect(allThroughProxy(api, proxy)).toBe(true);
    expect(proxy.opened(target)).toBe(1);
    expect(proxy.plainRequests).toBe(0);
  });

  it('sends the credentials in the proxy URL, and fails a call the proxy refuses (407)', async () => {
    const { api, proxy, target } = await fakeAndProxy('dongyu:s3cret/pass');
    const good = createBotApiTransport({ proxyFor: () => new URL(proxy.urlWithAuth) });
    const bad = createBotApiTransport({ proxyFor: () => new URL(proxy.url) });
    cleanups.push(
      () => good.close(),
      () => bad.close(),
    );
    expect((await good.fetch(`${api.apiRoot}/bot${api.token}/getMe`, { body: '{}' })).status).toBe(200);
    await expect(bad.fetch(`${api.apiRoot}/bot${api.token}/getMe`, { body: '{}' })).rejects.toThrow(/407/);
    expect(proxy.tunnels).toEqual([
      { target, status: 200 },
      { target, status: 407 },
    ]);
    expect(api.calls).toHaveLength(1);
  });
});

describe('the app with TELEGRAM_PROXY_URL', () => {
  it('makes every Bot API call of a conversation through the proxy, even with NO_PROXY=*', async () => {
    const { api, proxy, target } = await fakeAndProxy('dongyu:secret');
    const d: AppDriver = await startApp(api, 'polling', {
      TELEGRAM_PROXY_URL: proxy.urlWithAuth,
      NO_PROXY: '*',
      HTTPS_PROXY: 'http://127.0.0.1:9',
    });
    cleanups.push(() => d.stop());
    const patient = new TelegramPatient(api, d, 4242, 'en');
    expect((await patient.say('/start')).length).toBeGreaterThan(0);
    expect((await patient.press('yes')).length).toBeGreaterThan(0);
    const methods = new Set(api.calls.map((c) => c.method));
    for (const m of ['getMe', 'deleteWebhook', 'getUpdates', 'sendMessage']) expect(methods).toContain(m);
    expect(allThroughProxy(api, proxy)).toBe(true);
    expect(proxy.opened(target)).toBeGreaterThan(0);
    // Kept alive: far fewer tunnels than calls.
    expect(proxy.opened(target)).toBeLessThan(api.calls.length);
  });
});

/**
 * The Bot API misbehaves: 429 with retry_after, 500s, and a call that never answers. Every message
 * is retried and delivered exactly once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { createTelegramChannel } from '../../src/channels/telegram/telegramChannel.js';
import { loadConfig } from '../../src/config.js';
import type { Address } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';

let api: FakeBotApi | undefined;
let app: App | undefined;
let proxy: http.Server | undefined;
const CHAT: Address = { channel: 'telegram', conversationId: '4242' };

afterEach(async () => {
  await app?.stop();
  await api?.close();
  proxy?.closeAllConnections();
  await new Promise((r) => (proxy ? proxy.close(r) : r(undefined)));
  app = undefined;
  api = undefined;
  proxy = undefined;
});

async function startApp(apiRoot?: string) {
  api = await FakeBotApi.start();
  app = await createApp(
    loadConfig({ PORT: '0', TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: apiRoot ?? api.apiRoot }),
    { logger: createLogger('silent') },
  );
  return app;
}

const delivered = (text: string) => api!.sentTexts(CHAT.conversationId).filter((m) => m.text === text);

describe('Bot API faults', () => {
  it('429 with retry_after, then success: delivered once', async () => {
    await startApp();
    api!.failNext(2, { errorCode: 429, retryAfter: 1, method: 'sendMessage' });
    await app!.delivery.send(CHAT, { text: 'after a 429' });
    expect(delivered('after a 429')).toHaveLength(1);
    expect(api!.callsTo('sendMessage').filter((c) => c.failedWith === 429)).toHaveLength(2);
  });

  it('500s, then success: delivered once', async () => {
    await startApp();
    api!.failNext(1, { errorCode: 500, method: 'sendMessage' });
    await app!.delivery.send(CHAT, { text: 'after a 500' });
    expect(delivered('after a 500')).toHaveLength(1);
  });

  it('a call that never answers times out and is retried: delivered once', async () => {
    api = await FakeBotApi.start();
    // A proxy that swallows the first sendMessage (no answer, ever) and forwards the rest.
    let swallowed = 0;
    proxy = http.createServer(async (req, res) => {
      if (req.url?.endsWith('/sendMessage') && swallowed++ === 0) return;
      const body = await new Promise<Buffer>((resolve) => {
        const chunks: Buffer[] = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => resolve(Buffer.concat(chunks)));
      });
      const upstream = await fetch(`${api!.apiRoot}${req.url}`, {
        method: req.method,
        headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
        body: req.method === 'POST' ? body : undefined,
      });
      res.writeHead(upstream.status, { 'content-type': 'application/json' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((r) => proxy!.listen(0, '127.0.0.1', () => r()));
    const root = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    app = await createApp(loadConfig({ PORT: '0', TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: root }), {
      logger: createLogger('silent'),
    });
    const channel = createTelegramChannel(app, { retry: { timeoutSeconds: 1, networkBackoffMs: 10 } });
    await channel.send(CHAT, { text: 'after a timeout' });
    expect(swallowed).toBe(2);
    expect(delivered('after a timeout')).toHaveLength(1);
  }, 20_000);
});

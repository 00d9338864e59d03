/**
 * The lean Bot API transport, over real HTTP: JSON and streamed bodies arrive whole, an abort
 * (grammY's timeout) ends a call that hangs, and an answer that is not JSON fails the read.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { botApiFetch } from '../../../src/channels/telegram/botApiTransport.js';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

/** A server that records each request and answers with `answer` (or never, when it is null). */
async function serve(answer: { status: number; body: string } | null) {
  const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
  server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    seen.push({
      method: req.method,
      url: req.url,
      headers: req.headers,
      body: Buffer.concat(chunks).toString(),
    });
    if (!answer) return;
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(answer.body);
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { root: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('the Bot API transport', () => {
  it('posts a JSON body with its length and reads the JSON answer', async () => {
    const { root, seen } = await serve({ status: 200, body: '{"ok":true,"result":{"message_id":7}}' });
    const body = JSON.stringify({ chat_id: 1, text: '你好 <b>' });
    const res = await botApiFetch(`${root}/botTOKEN/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.ok).toBe(true);
    expect(await res.json()).toEqual({ ok: true, result: { message_id: 7 } });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/botTOKEN/sendMessage', body });
    expect(seen[0]!.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('streams a multipart body (uploads)', async () => {
    const { root, seen } = await serve({ status: 200, body: '{"ok":true,"result":true}' });
    const parts = ['--b\r\n', 'content-disposition: form-data; name="chat_id"\r\n\r\n1\r\n', '--b--\r\n'];
    await botApiFetch(`${root}/botTOKEN/sendPhoto`, {
      headers: { 'content-type': 'multipart/form-data; boundary=b' },
      body: Readable.from(parts.map((p) => Buffer.from(p))),
    });
    expect(seen[0]!.body).toBe(parts.join(''));
  });

  it('gives up when the call is aborted (grammY times calls out this way)', async () => {
    const { root } = await serve(null);
    const controller = new AbortController();
    const call = botApiFetch(`${root}/botTOKEN/getMe`, { body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('fails the read of an answer that is not JSON (a proxy error page), as node-fetch does', async () => {
    const { root } = await serve({ status: 502, body: '<html>Bad Gateway</html>' });
    const res = await botApiFetch(`${root}/botTOKEN/getMe`, { body: '{}' });
    expect(res.status).toBe(502);
    await expect(res.json()).rejects.toThrow();
  });
});

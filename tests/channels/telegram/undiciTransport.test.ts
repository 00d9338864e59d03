/**
 * The Bot API transport (undici), over real HTTP: JSON and streamed bodies arrive whole, an abort
 * (grammY's timeout) ends a call that hangs, and an answer that is not JSON fails the read. Calls
 * keep their connections alive, open a new one when the server closed the old, and fail (grammY
 * reports a network error) when a connection breaks mid-answer.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type BotApiTransport,
  createBotApiTransport,
} from '../../../src/channels/telegram/undiciTransport.js';

let server: http.Server | undefined;
let raw: net.Server | undefined;
let transport: BotApiTransport = createBotApiTransport();
const botApiFetch: BotApiTransport['fetch'] = (url, init) => transport.fetch(url, init);
afterEach(async () => {
  await transport.close();
  transport = createBotApiTransport();
  await new Promise((r) => (raw ? raw.close(r) : r(undefined)));
  raw = undefined;
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
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

/**
 * A bare TCP server: `answer` gets each request's text (one request per data event is enough for
 * these small calls) and the socket, and writes whatever bytes it likes. Counts connections.
 */
async function rawServe(answer: (socket: net.Socket, request: string) => void) {
  const stats = { connections: 0, requests: [] as string[] };
  raw = net.createServer((socket) => {
    stats.connections++;
    socket.on('data', (d) => {
      stats.requests.push(d.toString());
      answer(socket, d.toString());
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => raw!.listen(0, '127.0.0.1', r));
  return { root: `http://127.0.0.1:${(raw.address() as AddressInfo).port}`, stats };
}

const ok = '{"ok":true,"result":true}';
const okResponse = `HTTP/1.1 200 OK\r\nContent-Length: ${ok.length}\r\n\r\n${ok}`;
const call = (root: string) => botApiFetch(`${root}/botTOKEN/sendMessage`, { body: '{"chat_id":1}' });

describe('the Bot API transport (undici)', () => {
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

  it('keeps its connections for calls made one after another', async () => {
    const { root, stats } = await rawServe((socket) => socket.write(okResponse));
    for (let i = 0; i < 10; i++) expect(await (await call(root)).json()).toEqual({ ok: true, result: true });
    // undici's pool may open a second connection for a call made in the same tick as the last
    // answer (the first is not yet marked free); never one per call.
    expect(stats.connections).toBeLessThanOrEqual(2);
    expect(stats.requests[0]).toMatch(/^POST \/botTOKEN\/sendMessage HTTP\/1\.1\r\n/);
    expect(stats.requests[0]).toMatch(/\r\ncontent-length: 13\r\n/i);
  });

  it('keeps one connection for calls a moment apart', async () => {
    const { root, stats } = await rawServe((socket) => socket.write(okResponse));
    for (let i = 0; i < 5; i++) {
      expect((await call(root)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(stats.connections).toBe(1);
  });

  it('opens a new connection when the server closed the last one (after answering or while idle)', async () => {
    const { root, stats } = await rawServe((socket) => {
      socket.end(okResponse);
    });
    expect((await call(root)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 50));
    expect((await call(root)).status).toBe(200);
    expect(stats.connections).toBe(2);
  });

  it('honours Connection: close and reads chunked answers', async () => {
    const { root, stats } = await rawServe((socket) =>
      socket.write(
        'HTTP/1.1 200 OK\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n' +
          `5\r\n${ok.slice(0, 5)}\r\n${(ok.length - 5).toString(16)}\r\n${ok.slice(5)}\r\n0\r\n\r\n`,
      ),
    );
    expect(await (await call(root)).json()).toEqual({ ok: true, result: true });
    expect(await (await call(root)).json()).toEqual({ ok: true, result: true });
    expect(stats.connections).toBe(2);
  });

  it('fails when the connection breaks mid-answer, and recovers', async () => {
    let n = 0;
    const { root } = await rawServe((socket) => {
      if (n++ === 0) {
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"ok":');
        setTimeout(() => socket.destroy(), 10);
      } else socket.write(okResponse);
    });
    await expect(call(root)).rejects.toThrow();
    expect((await call(root)).status).toBe(200);
  });

  it('fails when nothing listens', async () => {
    const { root } = await rawServe(() => undefined);
    await new Promise((r) => raw!.close(r));
    raw = undefined;
    await expect(call(root)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('sends calls in parallel over separate connections, each answer to its own call', async () => {
    const { root, stats } = await rawServe((socket, request) => {
      const id = /"chat_id":(\d+)/.exec(request)![1]!;
      const body = `{"ok":true,"result":${id}}`;
      // Answer out of order, in two pieces.
      setTimeout(
        () => {
          socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 4)}`);
          setTimeout(() => socket.write(body.slice(4)), 5);
        },
        30 - Number(id) * 5,
      );
    });
    const ids = [1, 2, 3, 4, 5];
    const answers = await Promise.all(
      ids.map(async (id) =>
        (await botApiFetch(`${root}/botTOKEN/sendMessage`, { body: `{"chat_id":${id}}` })).json(),
      ),
    );
    expect(answers).toEqual(ids.map((id) => ({ ok: true, result: id })));
    expect(stats.connections).toBe(5);
  });

  it("leaves Node's own fetch working once it is loaded (a fresh process, as the app starts)", async () => {
    // On Node 20 the built-in fetch is undici 6; given undici 7's dispatcher it refused an explicit
    // content-length. The transport module must be what the process loads first.
    const script = `
      await import('./src/channels/telegram/undiciTransport.ts');
      const http = await import('node:http');
      const server = http.createServer((req, res) => { req.resume(); req.on('end', () => res.end('ok')); });
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      const res = await fetch('http://127.0.0.1:' + server.address().port + '/', {
        method: 'POST', headers: { 'content-length': '2', connection: 'keep-alive' }, body: '{}',
      });
      console.log(res.status, await res.text());
      server.close();
    `;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script],
        { cwd: `${import.meta.dirname}/../../..` },
        (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout)),
      ),
    );
    expect(out.trim()).toBe('200 ok');
  });
});

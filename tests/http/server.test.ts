/**
 * The HTTP server's body reader, over real HTTP: a body sent in pieces arrives whole, a body over
 * the limit is answered 413 (and the connection still answers), and a client that hangs up halfway
 * ends the read instead of leaving the handler waiting.
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer, readBody } from '../../src/http/server.js';
import { createLogger } from '../../src/log.js';
import { until } from '../support/until.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server whose `POST /echo` answers the body it read (limit 1 KB), and reports read failures. */
async function start(failures: unknown[] = []) {
  server = new HttpServer(createLogger('silent'));
  server.route('POST', '/echo', async (req, res) => {
    try {
      const body = await readBody(req, 1_024);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(body);
    } catch (err) {
      failures.push(err);
      throw err;
    }
  });
  return server.listen(0, '127.0.0.1');
}

/** Posts `pieces` a few ms apart (separate chunks) and returns the status and the body as text. */
function post(
  port: number,
  pieces: (string | Buffer)[],
  agent?: http.Agent,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, host: '127.0.0.1', path: '/echo', method: 'POST', agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    let i = 0;
    const next = () => {
      if (i === pieces.length) return req.end();
      req.write(pieces[i++]!);
      setTimeout(next, 5);
    };
    next();
  });
}

describe('reading a request body', () => {
  it('joins a body sent in pieces, multi-byte characters split across them included', async () => {
    const port = await start();
    const text = '{"text":"你好，<b>七</b>"}';
    const bytes = Buffer.from(text);
    // The cuts fall inside 你 and 好 (three bytes each in UTF-8).
    const pieces = [bytes.subarray(0, 11), bytes.subarray(11, 13), bytes.subarray(13)];
    expect(await post(port, pieces)).toEqual({ status: 200, body: text });
  });

  it('answers 413 to a body over the limit, and the connection still serves the next request', async () => {
    const port = await start();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let connections = 0;
    const open = agent.createConnection.bind(agent);
    agent.createConnection = ((...args: Parameters<typeof open>) => {
      connections++;
      return open(...args);
    }) as typeof agent.createConnection;
    try {
      const big = await post(port, ['x'.repeat(800), 'y'.repeat(800)], agent);
      expect(big.status).toBe(413);
      expect(JSON.parse(big.body)).toEqual({ error: 'Payload too large' });
      expect(await post(port, ['small'], agent)).toEqual({ status: 200, body: 'small' });
      expect(connections).toBe(1);
    } finally {
      agent.destroy();
    }
  });

  it('ends the read when the client hangs up halfway', async () => {
    const failures: unknown[] = [];
    const port = await start(failures);
    const req = http.request({ port, host: '127.0.0.1', path: '/echo', method: 'POST' });
    req.on('error', () => undefined);
    req.write('half a bo');
    await new Promise((r) => setTimeout(r, 50));
    req.destroy();
    await until(() => failures.length > 0, 'the broken read reported', 5_000);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ status: 400 });
  });
});

/**
 * The response reader of the Bot API client: whatever way a server frames its answer (a length, a
 * chunked body, a body that ends with the connection), and however the bytes are cut into packets,
 * the whole answer comes out once; what is not HTTP fails clearly.
 */
import { describe, expect, it } from 'vitest';
import { ResponseParseError, ResponseParser } from '../../../src/channels/telegram/responseParser.js';

/** Feeds `raw` to a parser `step` bytes at a time; returns the response and when it completed. */
function feed(raw: string, step = raw.length) {
  const p = new ResponseParser();
  const bytes = Buffer.from(raw);
  for (let i = 0; i < bytes.length; i += step) {
    const r = p.push(bytes.subarray(i, i + step));
    if (r) return { response: r, at: Math.min(i + step, bytes.length), total: bytes.length, parser: p };
  }
  return { response: undefined, at: -1, total: bytes.length, parser: p };
}

const json = '{"ok":true,"result":{"text":"你好 <b>"}}';
const len = Buffer.byteLength(json);

describe('reading a Bot API answer', () => {
  it('reads a body of known length, whole, even one byte at a time', () => {
    const raw = `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${len}\r\n\r\n${json}`;
    for (const step of [raw.length, 7, 1]) {
      const { response, at, total } = feed(raw, step);
      expect(response?.status).toBe(200);
      expect(response?.body.toString()).toBe(json);
      expect(response?.keepAlive).toBe(true);
      expect(at).toBe(total);
    }
  });

  it('reads a chunked body with extensions and trailers', () => {
    const a = json.slice(0, 10);
    const b = json.slice(10);
    const raw =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' +
      `${Buffer.byteLength(a).toString(16)};x=1\r\n${a}\r\n${Buffer.byteLength(b).toString(16)}\r\n${b}\r\n` +
      '0\r\nX-Trailer: yes\r\n\r\n';
    for (const step of [raw.length, 3, 1]) {
      const { response, at, total } = feed(raw, step);
      expect(response?.body.toString()).toBe(json);
      expect(at).toBe(total);
    }
  });

  it('skips an interim 100 Continue and reads the real answer', () => {
    const raw = `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 429 Too Many Requests\r\ncontent-length: 2\r\n\r\n{}`;
    expect(feed(raw).response).toMatchObject({ status: 429 });
  });

  it('reads a body that ends with the connection once it closes, and no sooner', () => {
    const { response, parser } = feed(`HTTP/1.0 502 Bad Gateway\r\n\r\n<html>bad gateway</html>`);
    expect(response).toBeUndefined();
    const closed = parser.end();
    expect(closed).toMatchObject({ status: 502, keepAlive: false });
    expect(closed.body.toString()).toBe('<html>bad gateway</html>');
  });

  it('notes a server that closes the connection after answering', () => {
    const raw = 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}';
    expect(feed(raw).response?.keepAlive).toBe(false);
  });

  it('treats a 204 as bodiless', () => {
    expect(feed('HTTP/1.1 204 No Content\r\n\r\n').response).toMatchObject({ status: 204 });
  });

  it('fails on what is not an HTTP response, on a bad length, and on an answer cut short', () => {
    expect(() => feed('SSH-2.0-OpenSSH_9.6\r\n\r\n')).toThrow(ResponseParseError);
    expect(() => feed('HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\n')).toThrow(/content-length/);
    const { parser } = feed(`HTTP/1.1 200 OK\r\nContent-Length: ${len}\r\n\r\n{"ok"`);
    expect(() => parser.end()).toThrow(/ended early/);
    expect(() => new ResponseParser().end()).toThrow(/no response/);
    expect(() => feed(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(20_000)}`)).toThrow(/too large/);
  });
});

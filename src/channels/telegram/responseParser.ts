/**
 * An incremental reader of one HTTP/1.1 response, for {@link postJson}: it is fed the bytes of a
 * connection as they arrive and says when a whole response is there. It understands what a Bot API
 * server (Telegram's, a self-hosted one, or a proxy in front) may answer with: a body of known
 * `Content-Length`, a `chunked` body, or a body that ends when the server closes the connection;
 * interim `1xx` answers are skipped.
 */

/** A whole response. */
export interface ParsedResponse {
  status: number;
  body: Buffer;
  /** False when the server asked to close the connection (or spoke HTTP/1.0 without keep-alive). */
  keepAlive: boolean;
}

/** Thrown when the bytes are not an HTTP/1.x response. */
export class ResponseParseError extends Error {
  constructor(reason: string) {
    super(`The Bot API server sent something that is not an HTTP/1.1 response (${reason}).`);
    this.name = 'ResponseParseError';
  }
}

const HEADER_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
/** Headers larger than this are refused (Node's own limit is 16 KiB). */
const MAX_HEADER_BYTES = 16_384;

const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})/;
/** The headers that decide how the body ends (names are case-insensitive). */
const FRAMING_HEADER = /\r\n(content-length|transfer-encoding|connection)[ \t]*:([^\r]*)/gi;

type Framing = { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

/** Reads one response from the bytes given to {@link ResponseParser.push}. */
export class ResponseParser {
  private buf: Buffer = Buffer.alloc(0);
  private head: { status: number; keepAlive: boolean; framing: Framing } | undefined;
  /** Chunked bodies: the chunks read so far and where the next chunk-size line starts. */
  private chunks: Buffer[] = [];
  private cursor = 0;

  /** Adds bytes; returns the response once it is complete. Throws {@link ResponseParseError}. */
  push(data: Buffer): ParsedResponse | undefined {
    this.buf = this.buf.length === 0 ? data : Buffer.concat([this.buf, data]);
    while (!this.head) {
      const end = this.buf.indexOf(HEADER_END);
      if (end < 0) {
        if (this.buf.length > MAX_HEADER_BYTES) throw new ResponseParseError('headers too large');
        return undefined;
      }
      const head = readHead(this.buf.toString('latin1', 0, end));
      this.buf = this.buf.subarray(end + 4);
      // 100 Continue and other interim answers come before the real one.
      if (head.status >= 100 && head.status < 200) continue;
      this.head = head;
    }
    const { framing } = this.head;
    if (framing.kind === 'length') {
      if (this.buf.length < framing.length) return undefined;
      return this.done(this.buf.subarray(0, framing.length));
    }
    if (framing.kind === 'chunked') return this.readChunks();
    return undefined;
  }

  /** The connection closed: a body that ends with the connection is complete now; else throws. */
  end(): ParsedResponse {
    if (this.head?.framing.kind === 'close') return this.done(this.buf, false);
    throw new ResponseParseError(this.head ? 'the body ended early' : 'no response');
  }

  private readChunks(): ParsedResponse | undefined {
    for (;;) {
      const lineEnd = this.buf.indexOf(CRLF, this.cursor);
      if (lineEnd < 0) return undefined;
      const size = Number.parseInt(this.buf.toString('latin1', this.cursor, lineEnd).split(';')[0]!, 16);
      if (!Number.isFinite(size) || size < 0) throw new ResponseParseError('bad chunk size');
      if (size === 0) {
        // The last chunk, then optional trailers, then an empty line.
        const trailerEnd = this.buf.indexOf(CRLF, lineEnd + 2);
        if (trailerEnd < 0) return undefined;
        if (trailerEnd !== lineEnd + 2) {
          const end = this.buf.indexOf(HEADER_END, lineEnd);
          if (end < 0) return undefined;
        }
        return this.done(Buffer.concat(this.chunks));
      }
      const start = lineEnd + 2;
      if (this.buf.length < start + size + 2) return undefined;
      this.chunks.push(this.buf.subarray(start, start + size));
      this.cursor = start + size + 2;
    }
  }

  private done(body: Buffer, keepAlive = this.head!.keepAlive): ParsedResponse {
    return { status: this.head!.status, body, keepAlive };
  }
}

/** Reads the status line and the headers that frame the body; other headers are skipped. */
function readHead(text: string): { status: number; keepAlive: boolean; framing: Framing } {
  const m = STATUS_LINE.exec(text);
  if (!m) throw new ResponseParseError(`status line ${JSON.stringify(text.split('\r\n')[0]!.slice(0, 40))}`);
  let keepAlive = m[1] === '1';
  let length: number | undefined;
  let chunked = false;
  FRAMING_HEADER.lastIndex = 0;
  for (let h = FRAMING_HEADER.exec(text); h; h = FRAMING_HEADER.exec(text)) {
    const name = h[1]!.toLowerCase();
    const value = h[2]!.trim().toLowerCase();
    if (name === 'content-length') {
      const n = Number(value);
      if (!Number.isSafeInteger(n) || n < 0 || value === '')
        throw new ResponseParseError('bad content-length');
      length = n;
    } else if (name === 'transfer-encoding') chunked = value.split(',').some((v) => v.trim() === 'chunked');
    else if (value.includes('close')) keepAlive = false;
    else if (value.includes('keep-alive')) keepAlive = true;
  }
  const status = Number(m[2]);
  // Answers that never carry a body.
  if (status === 204 || status === 304 || (status >= 100 && status < 200))
    return { status, keepAlive, framing: { kind: 'length', length: 0 } };
  if (chunked) return { status, keepAlive, framing: { kind: 'chunked' } };
  if (length !== undefined) return { status, keepAlive, framing: { kind: 'length', length } };
  return { status, keepAlive: false, framing: { kind: 'close' } };
}

/**
 * A small HTTP/1.1 client for the Bot API's JSON calls: one POST at a time per connection, over
 * kept-alive `net`/`tls` sockets, each request written in one piece and each answer read by
 * {@link ResponseParser}. Node's `http.request` spends most of a Bot API call's CPU on generality
 * this call does not use (header objects and validation, agent queues, response streams); a patient's
 * button press makes three calls, so this is the largest part of a turn. Uploads (multipart
 * streams) still go through `node:http` (see `botApiTransport.ts`).
 *
 * Failures look like Node's: a connection that fails or closes before the answer is complete
 * rejects with an error that grammY reports as a network error (its retry policy then decides).
 */
import net from 'node:net';
import tls from 'node:tls';
import { BoundedMap } from '../../boundedMap.js';
import { type ParsedResponse, ResponseParser } from './responseParser.js';

/** The abort signal grammY passes (possibly its `abort-controller` polyfill). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** The error a call fails with when its signal aborts it (grammY turns it into an `HttpError`). */
export function abortError(): Error {
  const err = new Error('The Bot API request was aborted (timed out or cancelled).');
  err.name = 'AbortError';
  return err;
}

/** An idle kept-alive connection is closed after this long (Telegram keeps them for about 60 s). */
const IDLE_MS = 30_000;
/** Headers this client writes itself; the caller's copies are dropped. */
const OWN_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding']);
const LINE_BREAK = /[\r\n]/;

/**
 * One connection and the call it is serving. Handlers are methods, not closures made per call:
 * the TypeScript loader names every closure it sees assigned (a property write per closure), and
 * this is the hottest path of a turn.
 */
class Connection {
  readonly socket: net.Socket;
  closed = false;
  private parser: ResponseParser | undefined;
  private resolve: ((r: ParsedResponse) => void) | undefined;
  private reject: ((e: Error) => void) | undefined;
  private signal: AbortSignalLike | undefined;
  /** Made once per connection, so that it can be removed from each call's signal. */
  private readonly abort = () => this.socket.destroy(abortError());

  constructor(
    readonly pool: Pool,
    target: URL,
  ) {
    const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
    this.socket =
      target.protocol === 'https:'
        ? tls.connect({
            host: target.hostname,
            port,
            servername: target.hostname,
            ALPNProtocols: ['http/1.1'],
          })
        : net.connect(port, target.hostname);
    this.socket.setNoDelay(true);
    this.socket.on('data', (data: Buffer) => this.onData(data));
    this.socket.on('error', (err) => this.onClose(err));
    this.socket.on('close', () => this.onClose(undefined));
    this.socket.on('timeout', () => this.socket.destroy());
  }

  /** Writes one request and resolves with its whole answer. */
  send(request: string, signal: AbortSignalLike | undefined): Promise<ParsedResponse> {
    return new Promise((resolve, reject) => {
      this.parser = new ResponseParser();
      this.resolve = resolve;
      this.reject = reject;
      this.signal = signal;
      signal?.addEventListener('abort', this.abort);
      // An idle connection times out; one waiting for an answer is timed out by grammY's signal.
      this.socket.setTimeout(0);
      this.socket.ref();
      this.socket.write(request);
    });
  }

  /** Ends the call in flight (if any): hands back its resolve and reject, once. */
  private finish(): { resolve: (r: ParsedResponse) => void; reject: (e: Error) => void } | undefined {
    const { resolve, reject } = this;
    if (!resolve || !reject) return undefined;
    this.signal?.removeEventListener('abort', this.abort);
    this.parser = this.resolve = this.reject = this.signal = undefined;
    return { resolve, reject };
  }

  private onData(data: Buffer): void {
    const parser = this.parser;
    if (!parser) {
      // Bytes nobody asked for: the connection is out of step; drop it.
      this.socket.destroy();
      return;
    }
    let response: ParsedResponse | undefined;
    try {
      response = parser.push(data);
    } catch (err) {
      this.socket.destroy();
      this.finish()?.reject(err as Error);
      return;
    }
    if (!response) return;
    const call = this.finish();
    if (response.keepAlive) {
      // Idle connections do not keep the process alive (a stopped app exits at once).
      this.socket.setTimeout(IDLE_MS);
      this.socket.unref();
      this.pool.release(this);
    } else this.socket.destroy();
    call?.resolve(response);
  }

  private onClose(err: Error | undefined): void {
    if (this.closed) return;
    this.closed = true;
    this.pool.forget(this);
    const parser = this.parser;
    const call = this.finish();
    if (!call || !parser) return;
    if (!err) {
      // A body that ends with the connection is complete now.
      try {
        call.resolve(parser.end());
        return;
      } catch (parseErr) {
        err = parseErr as Error;
      }
    }
    call.reject(err.name === 'AbortError' ? err : networkError(err));
  }
}

function networkError(cause: Error): Error {
  const err = new Error(`Bot API connection failed: ${cause.message}`, { cause });
  err.name = 'FetchError';
  return err;
}

/** The connections to one origin: idle ones are reused, most recently used first. */
class Pool {
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();

  constructor(private readonly target: URL) {}

  take(): Connection {
    for (let c = this.idle.pop(); c; c = this.idle.pop()) if (!c.closed) return c;
    const c = new Connection(this, this.target);
    this.all.add(c);
    return c;
  }

  release(c: Connection): void {
    if (!c.closed) this.idle.push(c);
  }

  forget(c: Connection): void {
    this.all.delete(c);
    const i = this.idle.indexOf(c);
    if (i >= 0) this.idle.splice(i, 1);
  }

  /** Closes every connection (calls in flight fail). */
  destroy(): void {
    for (const c of this.all) c.socket.destroy();
  }
}

const pools = new Map<string, Pool>();
/** Parsed Bot API URLs (one per method and token; parsing one costs more than the map lookup). */
const targets = new BoundedMap<string, URL>(512);

function targetOf(url: string): URL {
  let target = targets.get(url);
  if (!target) {
    target = new URL(url);
    targets.set(url, target);
  }
  return target;
}

/** A Bot API answer: status and body text. */
export interface PostResult {
  status: number;
  text: string;
}

/**
 * POSTs `body` (JSON text) to `url` (http: or https:) and resolves with the whole answer; rejects
 * on a connection failure, an unreadable answer, or when `signal` aborts.
 */
export function postJson(
  url: string,
  headers: Record<string, string> | undefined,
  body: string,
  signal?: AbortSignalLike,
): Promise<PostResult> {
  if (signal?.aborted) return Promise.reject(abortError());
  const target = targetOf(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    return Promise.reject(
      new Error(`Unsupported Bot API protocol '${target.protocol}'; use http: or https:.`),
    );
  let pool = pools.get(target.origin);
  if (!pool) {
    pool = new Pool(target);
    pools.set(target.origin, pool);
  }
  let head =
    `POST ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n` +
    `Connection: keep-alive\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
  for (const name in headers) {
    const value = headers[name]!;
    // A header with a line break would split the request (it never comes from grammY).
    if (OWN_HEADERS.has(name.toLowerCase()) || LINE_BREAK.test(name) || LINE_BREAK.test(value)) continue;
    head += `${name}: ${value}\r\n`;
  }
  return pool.take().send(`${head}\r\n${body}`, signal).then(toResult);
}

function toResult(r: ParsedResponse): PostResult {
  return { status: r.status, text: r.body.toString('utf8') };
}

/** Closes every kept-alive connection (for tests: idle ones never keep the process alive). */
export function closeConnections(): void {
  for (const pool of pools.values()) pool.destroy();
  pools.clear();
}

/**
 * A thin Express-like face over `node:http` for the Bot Framework adapter: `CloudAdapter.process`
 * wants a request with a parsed `body` and a response with `status()`, `header()`, `send()` and
 * `end()`. Nothing else of Express is needed, so we do not depend on it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError, readBody } from '../../http/server.js';

/** The request shape `CloudAdapter.process` reads. */
export interface BotRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

/** Reads and parses the JSON body of a Bot Framework POST. Throws a 400/413 {@link HttpError} otherwise. */
export async function readActivityRequest(req: IncomingMessage): Promise<BotRequest> {
  const raw = await readBody(req, 512_000);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'The body must be a Bot Framework activity as JSON.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'The body must be a Bot Framework activity (a JSON object).');
  }
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string' || !type) {
    throw new HttpError(400, 'The activity has no type; Bot Framework activities always have one.');
  }
  return { method: req.method ?? 'POST', headers: { ...req.headers }, body: body as Record<string, unknown> };
}

/** What a refused or failed Bot Framework request is told, whatever the adapter's error said. */
const PLAIN_ERRORS: Record<number, string> = {
  401: 'unauthorized',
  403: 'forbidden',
  500: 'the request could not be handled',
};

/**
 * The response shape `CloudAdapter.process` writes to. Status, headers and body are buffered and
 * written once on `end()`; later calls are ignored, so a response is never written twice.
 */
export class BotResponse {
  /** Present because botbuilder's Response type has it; the adapter only touches it for WebSockets. */
  readonly socket: unknown;
  private statusCode = 200;
  private readonly headers: Record<string, string> = {};
  private body: string | undefined;
  private ended = false;
  /** What the adapter wrote in the body of a 401/403/5xx (not sent; for the log). */
  errorDetail: string | undefined;

  constructor(private readonly res: ServerResponse) {
    this.socket = res.socket;
  }

  /** Sets the status code. */
  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  /** Sets a response header. */
  header(name: string, value: unknown): this {
    this.headers[name.toLowerCase()] = String(value);
    return this;
  }

  /** Sets the body: objects as JSON, anything else as text. */
  send(body?: unknown): this {
    if (body === undefined || body === null) return this;
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
      this.body = body.toString();
      this.headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else {
      this.body = JSON.stringify(body);
      this.headers['content-type'] = 'application/json';
    }
    return this;
  }

  /**
   * Writes the response (once). The adapter puts its error's message in the body of a 401 or 5xx
   * (e.g. "request to https://login.botframework.com/... failed, reason: getaddrinfo ..."): the
   * caller gets a plain reason instead, and the detail stays in our logs.
   */
  end(): this {
    if (this.ended || this.res.writableEnded) return this;
    this.ended = true;
    const plain = PLAIN_ERRORS[this.statusCode] ?? (this.statusCode >= 500 ? PLAIN_ERRORS[500] : undefined);
    if (plain !== undefined) {
      this.errorDetail = this.body?.slice(0, 300) ?? String(this.statusCode);
      this.body = JSON.stringify({ error: plain });
      this.headers['content-type'] = 'application/json';
    }
    if (this.body !== undefined) this.headers['content-length'] = String(Buffer.byteLength(this.body));
    this.res.writeHead(this.statusCode, this.headers);
    this.res.end(this.body);
    return this;
  }

  /** True once {@link BotResponse.end} wrote the response. */
  get finished(): boolean {
    return this.ended || this.res.writableEnded;
  }
}

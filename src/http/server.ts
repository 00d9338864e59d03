/**
 * The HTTP servers: the public one (on `PORT`: Telegram's webhook, Bot Framework's `/api/messages`,
 * health) and the metrics listener (`METRICS_PORT` on `METRICS_HOST`). Plain `node:http` with a
 * tiny exact-path router.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.js';

/** A route handler. It must end the response. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

/** Reads a request body up to `limit` bytes (413 beyond). */
export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  // Events rather than `for await`: a stream's async iterator costs several promises per chunk,
  // and every webhook turn reads a body.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (err: Error) => {
      if (done) return;
      done = true;
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        fail(new HttpError(413, 'Payload too large'));
        // Read the rest and drop it, so that the 413 can still be answered on this connection.
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    // A client that hangs up halfway: 'error' (ECONNRESET) or just 'close' before 'end'.
    const cut = () => fail(new HttpError(400, 'The request ended before its body was complete'));
    req.on('error', cut);
    req.on('close', cut);
  });
}

/** An error with an HTTP status, turned into that response by the server. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * The server could not listen on its port (`PORT`, or `METRICS_PORT` for the metrics listener);
 * the message names the variable and says how to fix it (start-up prints only it).
 */
export class ListenError extends Error {
  constructor(
    readonly port: number,
    readonly code: string | undefined,
    cause: unknown,
    /** The variable that set the port. */
    readonly variable = 'PORT',
  ) {
    super(listenProblem(variable, port, code, cause), { cause });
    this.name = 'ListenError';
  }
}

function listenProblem(v: string, port: number, code: string | undefined, cause: unknown): string {
  if (code === 'EADDRINUSE')
    return `${v} ${port} is already in use by another process: stop it or choose another ${v}`;
  if (code === 'EACCES')
    return `${v} ${port} may not be opened by this user (ports below 1024 need privileges): choose another ${v}`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return `${v} ${port}: the host to listen on is not an address of this machine (${code}): check the host variable beside ${v}`;
  return `Could not listen on ${v} ${port} (${code ?? (cause as Error)?.message ?? cause}): check ${v}`;
}

/** Sends a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

/** The HTTP server with exact-path routes. */
export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private readonly server: http.Server;
  /** The requests being handled, each until its handler is done. */
  private readonly handling = new Set<Promise<void>>();
  private draining = false;
  private closing = false;

  constructor(private readonly log: Logger) {
    this.server = http.createServer((req, res) => void this.dispatch(req, res));
    this.server.keepAliveTimeout = 65_000;
  }

  /** Registers `handler` for `METHOD path` (e.g. `POST /api/messages`). */
  route(method: string, path: string, handler: RouteHandler): void {
    const key = `${method.toUpperCase()} ${path}`;
    if (this.routes.has(key)) throw new Error(`Route ${key} is registered twice; each path has one owner.`);
    this.routes.set(key, handler);
  }

  /** True when some route is registered (the server only listens when there is something to serve). */
  hasRoutes(): boolean {
    return this.routes.size > 0;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // While draining, a kept-alive connection ends with its next response: the client's next
    // request opens a new connection, which a load balancer sends to an instance that is ready.
    if (this.draining) res.setHeader('connection', 'close');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    // HEAD is a GET without its body (load balancers probe /healthz so); Node drops the body.
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    const handler = this.routes.get(`${method} ${path}`);
    if (!handler) {
      const known = [...this.routes.keys()].some((k) => k.endsWith(` ${path}`));
      sendJson(res, known ? 405 : 404, { error: known ? 'method not allowed' : 'not found' });
      return;
    }
    // Once closing, a keep-alive connection is closed as soon as its response is done (Node only
    // closes the connections idle at the moment `close()` is called, and waits for the others).
    res.once('finish', () => {
      if (this.closing) setImmediate(() => this.server.closeIdleConnections());
    });
    const handled = this.run(handler, req, res, path);
    this.handling.add(handled);
    await handled;
    this.handling.delete(handled);
  }

  private async run(handler: RouteHandler, req: IncomingMessage, res: ServerResponse, path: string) {
    try {
      await handler(req, res);
    } catch (err) {
      const status = err instanceof HttpError ? err.status : 500;
      if (status >= 500) this.log.error({ err, path }, 'request failed');
      if (!res.headersSent)
        sendJson(res, status, { error: status >= 500 ? 'internal error' : (err as Error).message });
      else res.end();
    }
  }

  /**
   * Starts listening; resolves with the bound port (use port 0 in tests). Rejects with a
   * {@link ListenError} when the port cannot be opened (in use, no privilege).
   */
  listen(port: number, host = '0.0.0.0', variable = 'PORT'): Promise<number> {
    return new Promise((resolve, reject) => {
      const failed = (err: NodeJS.ErrnoException) => reject(new ListenError(port, err.code, err, variable));
      this.server.once('error', failed);
      this.server.listen(port, host, () => {
        this.server.off('error', failed);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /**
   * The first step of a graceful shutdown: keeps listening (health probes still answer), makes
   * every connection close after its next response, and resolves once the requests being handled
   * now are answered. Requests that arrive later are served as usual; the webhook routes refuse
   * theirs (503) once their channel has stopped.
   */
  async drain(): Promise<void> {
    this.draining = true;
    await Promise.allSettled([...this.handling]);
  }

  /** Stops taking connections and waits for requests in flight. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    this.closing = true;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  /** Requests being handled right now. */
  get activeRequests(): number {
    return this.handling.size;
  }
}

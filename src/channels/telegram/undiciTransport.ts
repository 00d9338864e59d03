/**
 * grammY's `fetch` for the Bot API, on undici: every call (JSON, and uploads as a streamed
 * multipart body) goes through an undici `Agent` whose per-origin `Pool`s keep connections alive,
 * or through a `ProxyAgent` that tunnels them with HTTP CONNECT when a proxy is configured for the
 * Bot API's origin (see `proxyRoute.ts`). It does what grammY needs of `fetch` and nothing more: a
 * POST, the abort signal grammY times calls out with, and a response whose `json()` grammY reads.
 *
 * Failures look like node-fetch's to grammY: a connection that fails or breaks rejects (grammY
 * reports it as a network error, and the retry policy decides); an abort rejects with an
 * `AbortError`.
 */
import type { Readable } from 'node:stream';
// First: Node's own fetch keeps its dispatcher (see the module).
import './builtinFetchFirst.js';
import { Agent, type Dispatcher, ProxyAgent } from 'undici';

/** The abort signal grammY passes (its `abort-controller` polyfill has no `reason`). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** What grammY passes to `fetch` (see grammY's `ApiClient`); its `agent` (node-fetch's) is not used. */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Readable;
  signal?: AbortSignalLike;
}

/** The part of a `fetch` response grammY uses. */
export interface BotApiResponse {
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/** A `fetch` for grammY's `client.fetch` option. */
export type BotApiFetch = (url: string, init?: FetchInit) => Promise<BotApiResponse>;

/** How the transport reaches an origin: directly (undefined) or through this proxy. */
export type ProxyRoute = (origin: URL) => URL | undefined;

/** Options of {@link createBotApiTransport}. */
export interface BotApiTransportOptions {
  /** Which proxy (if any) serves an origin. Default: none. */
  proxyFor?: ProxyRoute;
}

/** A transport: the `fetch` to give grammY, and a way to close its connections. */
export interface BotApiTransport {
  fetch: BotApiFetch;
  /** Closes every kept-alive connection; calls in flight fail. */
  close(): Promise<void>;
}

/** An idle kept-alive connection is closed after this long (Telegram keeps them for about 60 s). */
const IDLE_MS = 30_000;
/** Connections per origin: more than the calls a busy instance has in flight at once. */
const CONNECTIONS_PER_ORIGIN = 64;
const POOL_OPTIONS = {
  keepAliveTimeout: IDLE_MS,
  keepAliveMaxTimeout: IDLE_MS,
  connections: CONNECTIONS_PER_ORIGIN,
};

/** The error a call fails with when its signal aborts it (grammY turns it into an `HttpError`). */
export function abortError(): Error {
  const err = new Error('The Bot API request was aborted (timed out or cancelled).');
  err.name = 'AbortError';
  return err;
}

/** Creates a transport whose connections are kept alive per origin (and per proxy). */
export function createBotApiTransport(options: BotApiTransportOptions = {}): BotApiTransport {
  const direct = new Agent(POOL_OPTIONS);
  const proxies = new Map<string, ProxyAgent>();
  /** The dispatcher of each origin, decided once (the Bot API is one origin). */
  const routes = new Map<string, Dispatcher>();
  const targets = new Map<string, URL>();

  const dispatcherFor = (target: URL): Dispatcher => {
    let d = routes.get(target.origin);
    if (d) return d;
    const proxy = options.proxyFor?.(target);
    if (!proxy) d = direct;
    else {
      let agent = proxies.get(proxy.href);
      if (!agent) {
        // Credentials in the URL become Proxy-Authorization: Basic (undici does it).
        agent = new ProxyAgent({ uri: proxy.href, ...POOL_OPTIONS });
        proxies.set(proxy.href, agent);
      }
      d = agent;
    }
    routes.set(target.origin, d);
    return d;
  };

  const fetch: BotApiFetch = async (url, init = {}) => {
    const { signal } = init;
    if (signal?.aborted) throw abortError();
    let target = targets.get(url);
    if (!target) {
      target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:')
        throw new Error(`Unsupported Bot API protocol '${target.protocol}'; use http: or https:.`);
      // One URL per method and token: a small set.
      if (targets.size < 512) targets.set(url, target);
    }
    return new Promise<BotApiResponse>((resolve, reject) => {
      dispatcherFor(target).dispatch(
        {
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
          method: (init.method ?? 'POST') as Dispatcher.HttpMethod,
          headers: init.headers,
          body: init.body,
        },
        new CollectingHandler(resolve, reject, signal),
      );
    });
  };

  return {
    fetch,
    async close() {
      await Promise.all([direct.destroy(), ...[...proxies.values()].map((p) => p.destroy())]);
      routes.clear();
      proxies.clear();
    },
  };
}

/**
 * Collects one answer through undici's dispatch interface (cheaper than `request`, which wraps
 * every answer in a stream), and ends the call when grammY's signal aborts.
 */
class CollectingHandler {
  private status = 0;
  private readonly chunks: Buffer[] = [];
  private onAbort: (() => void) | undefined;

  constructor(
    private readonly resolve: (r: BotApiResponse) => void,
    private readonly reject: (e: Error) => void,
    private readonly signal: AbortSignalLike | undefined,
  ) {}

  onConnect(abort: (err?: Error) => void): void {
    if (!this.signal) return;
    // Aborted while the request waited for a connection: it ends now.
    if (this.signal.aborted) {
      abort(abortError());
      return;
    }
    this.onAbort = () => abort(abortError());
    this.signal.addEventListener('abort', this.onAbort);
  }

  onHeaders(status: number): boolean {
    this.status = status;
    return true;
  }

  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    this.detach();
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.resolve(toResponse(this.status, body.toString('utf8')));
  }

  onError(err: Error): void {
    this.detach();
    this.reject(this.signal?.aborted ? abortError() : err);
  }

  private detach(): void {
    if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort);
    this.onAbort = undefined;
  }
}

function toResponse(status: number, text: string): BotApiResponse {
  return {
    ok: status >= 200 && status < 300,
    status,
    json: async () => JSON.parse(text) as unknown,
    text: async () => text,
  };
}

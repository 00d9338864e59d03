/**
 * A lean `fetch` for grammY's Bot API client. JSON calls (all but uploads) go through
 * {@link postJson}, a small keep-alive HTTP/1.1 client; uploads (a multipart stream) through Node's
 * own `http`/`https` with keep-alive agents. grammY's default (`node-fetch` with an
 * `abort-controller` polyfill) spends several times as much CPU per call; Dongyu makes two to three
 * Bot API calls per button press, so the transport is most of a turn's cost. It does what grammY
 * needs of `fetch` and nothing more: a POST with a JSON string or a multipart stream, the abort
 * signal grammY times calls out with, and a response whose `json()` grammY reads. Proxies and
 * redirects are not used by the Bot API; compression is not asked for (Bot API answers are small).
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { type AbortSignalLike, abortError, postJson } from './keepAliveClient.js';

/** What grammY passes to `fetch` (see grammY's `ApiClient`). */
interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Readable;
  signal?: AbortSignalLike;
  agent?: http.Agent;
}

/** The part of a `fetch` response grammY uses. */
export interface BotApiResponse {
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

function isReadable(body: unknown): body is Readable {
  return typeof body === 'object' && body !== null && typeof (body as Readable).pipe === 'function';
}

/**
 * Posts one Bot API request. Resolves once the whole response has arrived (Bot API answers are a
 * few kilobytes at most), rejects on a network failure or when `init.signal` aborts.
 */
export function botApiFetch(url: string, init: FetchInit = {}): Promise<BotApiResponse> {
  const { body } = init;
  // grammY always passes its keep-alive agent; the JSON client keeps its own connections instead.
  if (typeof body === 'string')
    return postJson(url, init.headers, body, init.signal).then(({ status, text }) =>
      toResponse(status, text),
    );
  return new Promise((resolve, reject) => {
    const { signal } = init;
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    if (!secure && target.protocol !== 'http:') {
      reject(new Error(`Unsupported Bot API protocol '${target.protocol}'; use http: or https:.`));
      return;
    }
    const headers: Record<string, string | number> = { ...init.headers };
    let settled = false;
    const onAbort = () => req.destroy(abortError());
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const req = (secure ? https : http).request(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port || undefined,
        path: `${target.pathname}${target.search}`,
        method: init.method ?? 'POST',
        headers,
        agent: init.agent ?? agents[secure ? 'https:' : 'http:'],
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => finish(() => reject(err)));
        res.on('aborted', () => finish(() => reject(abortError())));
        res.on('end', () =>
          finish(() => {
            resolve(toResponse(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')));
          }),
        );
      },
    );
    req.on('error', (err) => finish(() => reject(err)));
    signal?.addEventListener('abort', onAbort);
    // Only uploads (a multipart stream) come this way; JSON strings took the keep-alive client.
    if (isReadable(body)) {
      body.on('error', (err) => req.destroy(err));
      body.pipe(req);
    } else req.end();
  });
}

function toResponse(status: number, text: string): BotApiResponse {
  return {
    ok: status >= 200 && status < 300,
    status,
    json: async () => JSON.parse(text) as unknown,
    text: async () => text,
  };
}

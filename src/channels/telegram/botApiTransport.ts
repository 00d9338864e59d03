/**
 * A lean `fetch` for grammY's Bot API client, on Node's own `http`/`https` with keep-alive
 * agents. grammY's default (`node-fetch` with an `abort-controller` polyfill) spends about three
 * times as much CPU per call; Dongyu makes two to three Bot API calls per button press, so the
 * transport is most of a turn's cost. It does what grammY needs of `fetch` and nothing more:
 * a POST with a JSON string or a multipart stream (uploads), the abort signal grammY times calls
 * out with, and a response whose `json()` grammY reads. Proxies and redirects are not used by the
 * Bot API; compression is not asked for (Bot API answers are small).
 */
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';

/** What grammY passes to `fetch` (see grammY's `ApiClient`). */
interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Readable;
  signal?: AbortSignalLike;
  agent?: http.Agent;
}

/** grammY's signal may come from the `abort-controller` polyfill: only this much is relied on. */
interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
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

/** The error a call fails with when its signal aborts it (grammY turns it into an `HttpError`). */
function abortError(): Error {
  const err = new Error('The Bot API request was aborted (timed out or cancelled).');
  err.name = 'AbortError';
  return err;
}

function isReadable(body: unknown): body is Readable {
  return typeof body === 'object' && body !== null && typeof (body as Readable).pipe === 'function';
}

/**
 * Posts one Bot API request. Resolves once the whole response has arrived (Bot API answers are a
 * few kilobytes at most), rejects on a network failure or when `init.signal` aborts.
 */
export function botApiFetch(url: string, init: FetchInit = {}): Promise<BotApiResponse> {
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
    const body = init.body;
    if (typeof body === 'string') headers['content-length'] = Buffer.byteLength(body);
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
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            resolve({
              ok: status >= 200 && status < 300,
              status,
              json: async () => JSON.parse(text) as unknown,
              text: async () => text,
            });
          }),
        );
      },
    );
    req.on('error', (err) => finish(() => reject(err)));
    signal?.addEventListener('abort', onAbort);
    if (isReadable(body)) {
      body.on('error', (err) => req.destroy(err));
      body.pipe(req);
    } else req.end(body);
  });
}

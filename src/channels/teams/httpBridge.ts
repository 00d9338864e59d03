/**
 * Reading a Bot Framework request from `node:http`: the parsed activity and its headers, and the
 * activity as botbuilder's adapter expects it (timestamps as dates).
 */
import type { IncomingMessage } from 'node:http';
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

/**
 * The activity as `CloudAdapter.process` would hand it on (botbuilder's `validateAndFixActivity`,
 * not exported): timestamps become dates, the raw strings kept beside them.
 */
export function fixActivity<T extends Record<string, unknown>>(body: T): T {
  const a = body as Record<string, unknown>;
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    if (typeof a[field] === 'string') {
      a[raw] = a[field];
      a[field] = new Date(a[field] as string);
    }
  }
  return body;
}

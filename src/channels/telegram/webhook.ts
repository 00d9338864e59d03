/**
 * The webhook endpoint (`POST <path of TELEGRAM_WEBHOOK_URL>` on the one HTTP server). It checks
 * `X-Telegram-Bot-Api-Secret-Token` in constant time (401 otherwise, nothing processed), handles
 * the update, and answers:
 * - 200 when the update was handled, or when after `answerWithinMs` its turn is committed and only
 *   its replies are still being sent (Telegram must not wait on a slow Bot API);
 * - 5xx when handling failed (the store is down, ...), or when after `answerWithinMs` its turn is
 *   not committed yet (it waits behind the chat's earlier updates, say): Telegram delivers the
 *   update again, and a crash meanwhile loses nothing. The handling goes on; once it commits, the
 *   re-delivery is a duplicate, processed once;
 * - 503 without reading the update while the channel takes none (not started yet, or stopping):
 *   Telegram delivers it again, to an instance that is ready.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import type { RouteHandler } from '../../http/server.js';
import { HttpError, readBody, sendJson } from '../../http/server.js';
import type { Logger } from '../../log.js';
import { errorFields } from './errors.js';

/** What the webhook needs. */
export interface WebhookOptions {
  /** `TELEGRAM_WEBHOOK_SECRET`. */
  secret: string;
  /**
   * Handles one update; rejects when it could not be handled (the update should be re-delivered).
   * Calls `committed` once the update is safe in the store (its turn committed, or found a
   * duplicate), which may be before its replies are sent.
   */
  handle(update: Update, committed: () => void): Promise<void>;
  log: Logger;
  /** Answer after this long: 200 if the turn is committed and still sending, 503 if not yet committed. Default 8000. */
  answerWithinMs?: number;
  /** False while updates must not be processed (before start, once stopping). Default: always true. */
  accepting?: () => boolean;
}

/** Constant-time comparison of the secret header (a missing header never matches). */
export function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const a = Buffer.from(header, 'utf8');
  const b = Buffer.from(secret, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function isUpdate(x: unknown): x is Update {
  return (
    typeof x === 'object' && x !== null && Number.isSafeInteger((x as { update_id?: unknown }).update_id)
  );
}

/** The route handler for Telegram's webhook. */
export function createWebhookHandler(options: WebhookOptions): RouteHandler {
  const { secret, handle, log } = options;
  const answerWithin = options.answerWithinMs ?? 8_000;
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (!secretMatches(req.headers['x-telegram-bot-api-secret-token'], secret)) {
      req.resume();
      log.warn({ path: req.url?.split('?')[0] }, 'telegram webhook: wrong or missing secret token');
      sendJson(res, 401, { error: 'unauthorized' });
      return;
    }
    if (options.accepting && !options.accepting()) {
      req.resume();
      log.info('telegram webhook: update refused while not taking updates; Telegram will re-deliver');
      sendJson(res, 503, { error: 'not taking updates now; retry' });
      return;
    }
    let update: unknown;
    try {
      update = JSON.parse(await readBody(req));
    } catch (err) {
      if (err instanceof HttpError) throw err;
      update = undefined;
    }
    if (!isUpdate(update)) {
      sendJson(res, 400, { error: 'expected a Telegram update (JSON with update_id)' });
      return;
    }
    const updateId = update.update_id;
    let timer: NodeJS.Timeout | undefined;
    let committed = false;
    const turn = handle(update, () => {
      committed = true;
    }).then(
      () => 'done' as const,
      (err: unknown) => {
        log.error(
          { updateId, err: errorFields(err) },
          'telegram webhook: update failed; Telegram will re-deliver',
        );
        return 'failed' as const;
      },
    );
    const slow = new Promise<'slow'>((resolve) => {
      timer = setTimeout(() => resolve('slow'), answerWithin);
    });
    const outcome = await Promise.race([turn, slow]);
    clearTimeout(timer);
    if (outcome === 'failed') {
      sendJson(res, 503, { error: 'update not processed; retry' });
      return;
    }
    if (outcome === 'slow' && !committed) {
      log.warn(
        { updateId, waitedMs: answerWithin },
        'telegram webhook: update not committed in time (queued behind the chat or slow); answered 503, Telegram will re-deliver',
      );
      sendJson(res, 503, { error: 'update not processed yet; retry' });
      return;
    }
    if (outcome === 'slow')
      log.warn({ updateId }, 'telegram webhook: answered while the turn is still sending');
    sendJson(res, 200, { ok: true });
  };
}

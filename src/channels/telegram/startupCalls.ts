/**
 * The Bot API calls the channel makes at start (getMe, then deleteWebhook or setWebhook), under one
 * deadline (`TELEGRAM_START_TIMEOUT_SECONDS`). Telegram out of reach (network, proxy, a 5xx or 429)
 * is tried again, each failed attempt logged as a warning, until the deadline ends start-up with
 * {@link TelegramUnreachableError}; an answer that will not change (a wrong token) ends it at once
 * with {@link TelegramStartError}. grammY's own `bot.init()` retries getMe forever without a word,
 * so the channel never calls it. Neither the logs nor the errors carry the token.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GrammyError, HttpError } from 'grammy';
import type { Logger } from '../../log.js';
import { TelegramStartError, TelegramUnreachableError } from './errors.js';

/** Where and how long to try. */
export interface StartupCallsOptions {
  /** `TELEGRAM_API_ROOT` (credentials in it are not shown), or undefined for Telegram's own. */
  apiRoot: string | undefined;
  /** The proxy the calls go through, as it may be shown (no credentials), if any. */
  proxy?: string;
  /** The bot token: kept out of every message, whatever an underlying error says. */
  token: string;
  /** How long all start-up calls together may take (ms). */
  timeoutMs: number;
  log: Logger;
  /** The wait after the first failed attempt (doubling up to `maxWaitMs`). Default 1000. */
  firstWaitMs?: number;
  /** The longest wait between attempts. Default 10000. */
  maxWaitMs?: number;
}

/** Runs one start-up call; `fn` gets the signal that ends it at the deadline. */
export type StartupCall = <T>(method: string, fn: (signal: AbortSignal) => Promise<T>) => Promise<T>;

/** The default Bot API server. */
const TELEGRAM_API_ROOT = 'https://api.telegram.org';

/**
 * Returns the caller for one start: the deadline runs from now, over every call made through it.
 */
export function startupCalls(options: StartupCallsOptions): StartupCall {
  const { log, timeoutMs } = options;
  const firstWaitMs = options.firstWaitMs ?? 1_000;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const apiRoot = shownRoot(options.apiRoot);
  const { proxy } = options;
  const deadline = Date.now() + timeoutMs;
  return async (method, fn) => {
    let detail = 'no answer';
    for (let attempt = 1; ; attempt++) {
      // The signal also ends a call that hangs (a silent firewall) at the deadline.
      const signal = AbortSignal.timeout(Math.max(1, deadline - Date.now()));
      const started = Date.now();
      try {
        return await fn(signal);
      } catch (err) {
        // Cut short by the deadline, the attempt says less than the one before it did.
        if (!signal.aborted || attempt === 1) detail = describe(err, options.token);
        if (!outOfReach(err)) throw new TelegramStartError(method, detail);
      }
      // The last wait is cut so that one more try, as long as this one, ends by the deadline;
      // when not even that fits, waiting would be for nothing.
      const took = Date.now() - started;
      const backoff = Math.min(maxWaitMs, firstWaitMs * 2 ** Math.min(attempt - 1, 20));
      const retryInMs = Math.min(backoff, deadline - Date.now() - took);
      if (retryInMs < 0) {
        log.warn(
          { apiRoot, proxy, method, attempt, error: detail },
          'telegram: Bot API not reached at start-up',
        );
        throw new TelegramUnreachableError(method, detail, apiRoot, Math.round(timeoutMs / 1000), proxy);
      }
      log.warn(
        { apiRoot, proxy, method, attempt, retryInMs, error: detail },
        'telegram: Bot API not reached at start-up; trying again',
      );
      await sleep(retryInMs);
    }
  };
}

/** Failures that say nothing about the token or the request: the network, a proxy, Telegram busy. */
function outOfReach(err: unknown): boolean {
  if (err instanceof HttpError) return true;
  return err instanceof GrammyError && (err.error_code >= 500 || err.error_code === 429);
}

/** Telegram's answer, or what the network said, without the token. */
function describe(err: unknown, token: string): string {
  let text: string;
  if (err instanceof GrammyError) text = `${err.error_code}: ${err.description}`;
  else if (err instanceof HttpError) {
    const cause = err.error instanceof Error ? err.error.message : undefined;
    text = cause ? `network error: ${cause}` : 'network error';
  } else text = err instanceof Error ? err.message : String(err);
  return text.split(token).join('[token]').replace(/\.+$/, '');
}

/** The API root as shown in logs and errors: no credentials, no trailing slash. */
function shownRoot(apiRoot: string | undefined): string {
  try {
    const url = new URL(apiRoot ?? TELEGRAM_API_ROOT);
    url.username = '';
    url.password = '';
    return url.href.replace(/\/+$/, '');
  } catch {
    return TELEGRAM_API_ROOT;
  }
}

/**
 * The grammY client: token, `TELEGRAM_API_ROOT`, the transport (undici, through a proxy when one is
 * configured), and the retry policy on every Bot API call
 * (auto-retry for 429 `retry_after` and 5xx, and a short bounded retry for network failures).
 */
import { type AutoRetryOptions, autoRetry } from '@grammyjs/auto-retry';
import { type ApiClientOptions, Bot, HttpError, type Transformer } from 'grammy';
import type { BotApiFetch } from './undiciTransport.js';

/** Retry policy knobs (the defaults suit production; tests shorten them). */
export interface RetryPolicy {
  /** Passed to `@grammyjs/auto-retry`. Default: 5 attempts, wait at most 60 s per retry_after. */
  autoRetry?: Partial<AutoRetryOptions>;
  /** Retries after a network failure (not for getUpdates, which the runner retries). Default 2. */
  networkRetries?: number;
  /** Milliseconds before the first network retry; doubles each time. Default 500. */
  networkBackoffMs?: number;
  /** Timeout of one Bot API call in seconds; must exceed the long-poll time (25 s). Default 45. */
  timeoutSeconds?: number;
  /** Told of every failed attempt that may be tried again (429, 5xx, network), retried or not. */
  onFailedAttempt?: (reason: 'rate_limited' | 'temporary') => void;
}

/**
 * Reports each attempt of a call (not getUpdates) that failed in a way worth trying again. It sits
 * innermost, under the retries, so the attempts they make inside one call are seen one by one.
 */
export function countFailedAttempts(report: NonNullable<RetryPolicy['onFailedAttempt']>): Transformer {
  return async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      if (!result.ok && method !== 'getUpdates') {
        if (result.error_code === 429) report('rate_limited');
        else if (result.error_code >= 500) report('temporary');
      }
      return result;
    } catch (err) {
      if (err instanceof HttpError && method !== 'getUpdates' && !signal?.aborted) report('temporary');
      throw err;
    }
  };
}

/**
 * Retries a call that failed on the network a few times. auto-retry is told to rethrow network
 * errors because it would otherwise retry them forever, holding a patient's turn.
 */
export function networkRetry(retries: number, backoffMs: number): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (err) {
        if (!(err instanceof HttpError) || method === 'getUpdates' || attempt >= retries || signal?.aborted)
          throw err;
        await new Promise((r) => setTimeout(r, backoffMs * 2 ** attempt));
      }
    }
  };
}

/** Creates the grammY bot for `token`, pointed at `apiRoot` when given, calling through `fetch`. */
export function createBot(
  token: string,
  apiRoot: string | undefined,
  policy: RetryPolicy,
  fetch: BotApiFetch,
): Bot {
  const bot = new Bot(token, {
    client: {
      ...(apiRoot ? { apiRoot: apiRoot.replace(/\/+$/, '') } : {}),
      timeoutSeconds: policy.timeoutSeconds ?? 45,
      // undici (undiciTransport.ts): kept-alive connections, and a proxy when one is configured.
      fetch: fetch as unknown as NonNullable<ApiClientOptions['fetch']>,
    },
  });
  // Transformers run last-installed first: the counter sees every attempt the retries make.
  if (policy.onFailedAttempt) bot.api.config.use(countFailedAttempts(policy.onFailedAttempt));
  bot.api.config.use(
    networkRetry(policy.networkRetries ?? 2, policy.networkBackoffMs ?? 500),
    autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60, ...policy.autoRetry, rethrowHttpErrors: true }),
  );
  return bot;
}

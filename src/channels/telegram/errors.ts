/**
 * Errors of the Telegram channel. They name the Bot API method and Telegram's answer, never the
 * text being sent: grammY's own errors keep the whole payload, so they are wrapped before they
 * travel further or reach a log.
 */
import { GrammyError, HttpError } from 'grammy';
import { StartError } from '../../startError.js';

/** Sending or editing a message failed. `retryable` says whether trying again later may work. */
export class TelegramDeliveryError extends Error {
  constructor(
    /** The Bot API method, e.g. `sendMessage`. */
    readonly method: string,
    /** Telegram's error code (429, 403, 400, 5xx), or undefined when the network call failed. */
    readonly errorCode: number | undefined,
    /** Telegram's description, e.g. `Forbidden: bot was blocked by the user`. */
    readonly description: string,
    /** Seconds Telegram asked us to wait (429). */
    readonly retryAfter: number | undefined,
    readonly retryable: boolean,
    /** The chat's new id, when a group was upgraded to a supergroup (sends to the old id fail). */
    readonly migrateToChatId?: number,
  ) {
    super(
      `Telegram ${method} failed (${errorCode ?? 'network'}: ${description}). ` +
        (retryable
          ? 'Temporary: the delivery will be retried.'
          : errorCode === 403
            ? 'The person blocked the bot or left the chat; nothing to retry.'
            : 'Check the chat id and the message; retrying will not help.'),
    );
    this.name = 'TelegramDeliveryError';
  }

  /** The Bot API client counted this failed attempt already (`dongyu_delivery_retries_total`). */
  readonly retryCounted = true;

  /**
   * The person can no longer be reached: a send refused with 403 (they blocked the bot, their
   * account is deactivated, the bot was removed from the group) or "chat not found". An edit's
   * failure says nothing about the chat (the message may be too old), so only sends count.
   */
  get recipientGone(): boolean {
    if (this.retryable || !this.method.startsWith('send')) return false;
    return this.errorCode === 403 || (this.errorCode === 400 && /chat not found/i.test(this.description));
  }
}

/** The channel could not start: Telegram refused the token or the webhook. */
export class TelegramStartError extends StartError {
  constructor(
    readonly method: string,
    readonly detail: string,
    message = `Telegram channel could not start: ${method} failed (${detail}). Check TELEGRAM_BOT_TOKEN ` +
      '(from @BotFather) and, if set, TELEGRAM_API_ROOT and TELEGRAM_WEBHOOK_URL.',
  ) {
    super(message);
  }
}

/** The channel could not start: Telegram was out of reach for all of `TELEGRAM_START_TIMEOUT_SECONDS`. */
export class TelegramUnreachableError extends TelegramStartError {
  constructor(
    method: string,
    detail: string,
    /** The API root tried, without credentials. */
    readonly apiRoot: string,
    readonly seconds: number,
    /** The proxy the calls went through (no credentials), if any. */
    readonly proxy?: string,
  ) {
    super(
      method,
      detail,
      proxy
        ? `Telegram could not be reached at ${apiRoot} through the proxy ${proxy} for ${seconds} s: check ` +
            `the proxy (TELEGRAM_PROXY_URL, or HTTPS_PROXY and NO_PROXY), network access and TELEGRAM_API_ROOT ` +
            `(last attempt: ${method}, ${detail}).`
        : `Telegram could not be reached at ${apiRoot} for ${seconds} s: check network access, proxies ` +
            `and TELEGRAM_API_ROOT (last attempt: ${method}, ${detail}).`,
    );
  }
}

/**
 * Turns whatever a Bot API call threw into a {@link TelegramDeliveryError} without the payload.
 * 429, 5xx and network failures are retryable; other API errors are not.
 */
export function toDeliveryError(method: string, err: unknown): TelegramDeliveryError {
  if (err instanceof TelegramDeliveryError) return err;
  if (err instanceof GrammyError) {
    const retryAfter = err.parameters.retry_after;
    const retryable = err.error_code === 429 || err.error_code >= 500;
    return new TelegramDeliveryError(
      method,
      err.error_code,
      err.description,
      retryAfter,
      retryable,
      err.parameters.migrate_to_chat_id,
    );
  }
  if (err instanceof HttpError)
    return new TelegramDeliveryError(method, undefined, 'network error', undefined, true);
  return new TelegramDeliveryError(
    method,
    undefined,
    (err as Error)?.name ?? 'unknown error',
    undefined,
    true,
  );
}

/** Log fields for an error from a Bot API call: method, code and description only. */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof GrammyError)
    return { method: err.method, code: err.error_code, description: err.description };
  if (err instanceof TelegramDeliveryError)
    return { method: err.method, code: err.errorCode, description: err.description };
  if (err instanceof HttpError) return { kind: 'network', message: err.message };
  return { kind: (err as Error)?.name ?? typeof err, message: (err as Error)?.message };
}

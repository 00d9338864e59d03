/**
 * A platform-neutral delivery failure. Channels may throw it (or their own error classes, which
 * {@link deliveryFailure} understands by their `retryable` and `retryAfter` fields) so the delivery
 * queue knows whether to retry, and how long a 429 asked it to wait.
 */

/** Sending failed. `retryAfterMs` is set when the platform asked us to slow down (HTTP 429). */
export class DeliveryError extends Error {
  constructor(
    /** The channel that failed, e.g. `telegram`. */
    readonly channel: string,
    /** What the platform answered (status code or a short word), never message content. */
    readonly status: number | string | undefined,
    /** True when trying again later may work (429, 5xx, network). */
    readonly retryable: boolean,
    /** How long the platform asked us to wait before the next message, in ms. */
    readonly retryAfterMs?: number,
    /** The recipient is gone: they blocked the bot, or the conversation no longer exists. */
    readonly recipientGone = false,
  ) {
    super(
      `Delivery over ${channel} failed (${status ?? 'no answer'}). ` +
        (retryAfterMs !== undefined
          ? `The platform asked to wait ${Math.ceil(retryAfterMs / 1000)} s; the queue waits and retries.`
          : retryable
            ? 'Temporary: the queue retries with back-off.'
            : 'Permanent (blocked, removed or invalid address): not retried.'),
    );
    this.name = 'DeliveryError';
  }
}

/** How a failed send should be handled. */
export interface DeliveryFailure {
  retryable: boolean;
  /** Set when the platform asked us to wait (429). */
  retryAfterMs?: number;
  /**
   * The recipient can no longer be reached: a Telegram 403 (blocked, deactivated) or "chat not
   * found" on a send; a Teams 403/404 on a send (the conversation is gone). Never retryable.
   */
  gone: boolean;
}

/**
 * Classifies any error a channel threw: a {@link DeliveryError}, or a channel error with
 * `retryable`, `retryAfter` (seconds) and `recipientGone` fields (TelegramDeliveryError,
 * TeamsDeliveryError).
 * Anything else counts as retryable (an unknown failure should not lose a message).
 */
export function deliveryFailure(err: unknown): DeliveryFailure {
  if (err instanceof DeliveryError)
    return { retryable: err.retryable, retryAfterMs: err.retryAfterMs, gone: err.recipientGone };
  const e = err as { retryable?: unknown; retryAfter?: unknown; recipientGone?: unknown } | null;
  const retryAfterMs =
    typeof e?.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter * 1000 : undefined;
  const retryable = typeof e?.retryable === 'boolean' ? e.retryable || retryAfterMs !== undefined : true;
  return { retryable, retryAfterMs, gone: !retryable && e?.recipientGone === true };
}

/**
 * Log fields for a failed send or edit, from any channel's error: its name, the platform's method,
 * code (`errorCode` or `status`) and description, and whether it may be tried again. Channel
 * errors carry no message content (they are built without the payload), so these are safe to log;
 * an unknown error gives its name only.
 */
export function failureFields(err: unknown): Record<string, unknown> {
  const e = (err ?? {}) as {
    name?: unknown;
    method?: unknown;
    operation?: unknown;
    errorCode?: unknown;
    status?: unknown;
    description?: unknown;
  };
  const code = e.errorCode ?? e.status;
  const method = e.method ?? e.operation;
  return {
    error: typeof e.name === 'string' ? e.name : typeof err,
    ...(typeof method === 'string' ? { method } : {}),
    ...(typeof code === 'number' || typeof code === 'string' ? { code } : {}),
    ...(typeof e.description === 'string' ? { description: e.description } : {}),
    retryable: deliveryFailure(err).retryable,
  };
}

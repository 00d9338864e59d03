/**
 * Errors of the Teams channel. They name the operation and the connector's answer, never the text
 * being sent: botbuilder's errors can carry the whole request, so they are wrapped before they
 * travel further or reach a log.
 */

/** Sending or editing a message failed. `retryable` says whether trying again later may work. */
export class TeamsDeliveryError extends Error {
  constructor(
    /** `send` or `edit`. */
    readonly operation: 'send' | 'edit',
    /** The connector's HTTP status (403, 404, 429, 5xx), or undefined when there was no answer. */
    readonly status: number | undefined,
    /** A short description of what went wrong (no message content). */
    readonly description: string,
    readonly retryable: boolean,
    /** Seconds the connector asked us to wait (429 Retry-After). */
    readonly retryAfter?: number,
  ) {
    super(
      `Teams ${operation} failed (${status ?? 'no answer'}: ${description}). ` +
        (retryable
          ? 'Temporary: the delivery will be retried.'
          : status === 403 || status === 404
            ? 'The app was removed from the conversation or the conversation is gone; nothing to retry.'
            : status === undefined
              ? 'The address has no usable Teams conversation reference; the person must message the bot first.'
              : 'Check the app credentials (MicrosoftAppId, MicrosoftAppPassword) and the message; retrying will not help.'),
    );
    this.name = 'TeamsDeliveryError';
  }

  /**
   * The conversation is gone: a send refused with 403 (the app was removed, the user blocked it)
   * or 404 (no such conversation). An edit's 404 only means that one message is gone.
   */
  get recipientGone(): boolean {
    return this.operation === 'send' && (this.status === 403 || this.status === 404);
  }
}

/** A turn failed inside our code; the request is answered 500 and the details are in the log. */
export class TeamsTurnError extends Error {
  constructor(readonly activityType: string) {
    super(
      `Handling a Teams '${activityType}' activity failed; see the log entry 'teams turn failed' for the cause.`,
    );
    this.name = 'TeamsTurnError';
  }
}

function statusOf(err: unknown): number | undefined {
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | null;
  for (const v of [e?.statusCode, e?.status, e?.response?.status]) if (typeof v === 'number') return v;
  return undefined;
}

function retryAfterOf(err: unknown): number | undefined {
  const headers = (err as { response?: { headers?: { get?: (n: string) => string | undefined } } } | null)
    ?.response?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  const n = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/**
 * Turns whatever a connector call threw into a {@link TeamsDeliveryError} without the payload.
 * 429, 5xx and network failures are retryable; other answers are not.
 */
export function toTeamsDeliveryError(operation: 'send' | 'edit', err: unknown): TeamsDeliveryError {
  if (err instanceof TeamsDeliveryError) return err;
  const status = statusOf(err);
  const code = (err as { code?: unknown } | null)?.code;
  const description =
    status !== undefined
      ? `HTTP ${status}`
      : typeof code === 'string'
        ? `network error ${code}`
        : ((err as Error)?.name ?? 'unknown error');
  const retryable = status === undefined || status === 429 || status >= 500;
  return new TeamsDeliveryError(operation, status, description, retryable, retryAfterOf(err));
}

/** A delivery to an address without a usable conversation reference (never retryable). */
export function missingReference(operation: 'send' | 'edit'): TeamsDeliveryError {
  return new TeamsDeliveryError(operation, undefined, 'no conversation reference', false);
}

/** Log fields for an error: name, status and a short description only. */
export function errorFields(err: unknown): Record<string, unknown> {
  if (err instanceof TeamsDeliveryError)
    return { operation: err.operation, status: err.status, description: err.description };
  return { kind: (err as Error)?.name ?? typeof err, status: statusOf(err) };
}

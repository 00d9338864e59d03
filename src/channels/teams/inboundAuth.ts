/**
 * What a Bot Framework request whose token botbuilder could not accept is answered. botbuilder's
 * own `CloudAdapter.process` answered every error that was not its `AuthenticationError` with 500
 * (a forged RS256 token while the OpenID metadata could not be fetched, or a bad signature) and
 * printed the raw stack with `console.error`. Here the verdict decides:
 * - the token was judged and found wanting (botbuilder's 401 `AuthenticationError`, or a
 *   signature, expiry or not-before error from `jsonwebtoken`): **401**;
 * - no verdict could be reached (the OpenID metadata or signing keys could not be fetched: a
 *   network error, or botbuilder's 500 `AuthenticationError` "Failed to load openID config"):
 *   **503**, so Bot Framework delivers the activity again later, and the operator reads why.
 */

/** The answer to a request whose authentication failed. */
export interface AuthRefusal {
  status: 401 | 503;
  /** For the log: a short, fixed description (no token, no URL). */
  reason: 'token rejected' | 'signing keys unavailable';
  /** The error's class (and code, for a network error), for the log. */
  cause: string;
}

/** `jsonwebtoken`'s errors: the token itself is bad. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

/** Classifies what `authenticateRequest` threw. */
export function authRefusal(err: unknown): AuthRefusal {
  const e = (err ?? {}) as { name?: unknown; statusCode?: unknown; code?: unknown };
  const name = typeof e.name === 'string' ? e.name : typeof err;
  const cause = typeof e.code === 'string' ? `${name} ${e.code}` : name;
  // botbuilder's AuthenticationError carries the status it means; 5xx is its "could not load keys".
  if (typeof e.statusCode === 'number')
    return e.statusCode >= 500
      ? { status: 503, reason: 'signing keys unavailable', cause: `${cause} ${e.statusCode}` }
      : { status: 401, reason: 'token rejected', cause: `${cause} ${e.statusCode}` };
  if (TOKEN_ERRORS.has(name)) return { status: 401, reason: 'token rejected', cause };
  return { status: 503, reason: 'signing keys unavailable', cause };
}

/**
 * A cheap, offline first look at the Bot Framework `Authorization` header, before botbuilder
 * verifies the signature (which may fetch OpenID metadata over the network). It refuses what can
 * be refused without keys: no header, not a bearer JWT, expired, not yet valid, or meant for
 * another bot. It never accepts anything on its own: a token that passes still goes through the
 * adapter's full validation.
 */

/** Why a request was refused before reaching the adapter. */
export type PrecheckFailure =
  | 'missing'
  | 'malformed'
  | 'wrong-algorithm'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-audience';

/** Bot Framework and Entra ID sign their tokens with RS256; anything else is not theirs. */
const ALGORITHM = 'RS256';

/** Allowed clock difference between Bot Framework and us (botbuilder allows 5 minutes too). */
const SKEW_SECONDS = 300;

function decodeSegment(segment: string): Record<string, unknown> | null {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(segment)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Checks the header offline. Returns null when the token may be valid (the adapter decides), or
 * the reason it certainly is not.
 */
export function precheckBearer(
  authorization: string | string[] | undefined,
  appId: string,
  nowMs: number,
): PrecheckFailure | null {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  if (!header?.trim()) return 'missing';
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m) return 'malformed';
  const parts = m[1]!.split('.');
  if (parts.length !== 3 || !parts[2]) return 'malformed';
  const head = decodeSegment(parts[0]!);
  const claims = decodeSegment(parts[1]!);
  if (!head || !claims || typeof head.alg !== 'string') return 'malformed';
  // Refused here, offline: an HS256 or `none` token would otherwise send the adapter fetching keys.
  if (head.alg !== ALGORITHM) return head.alg.toLowerCase() === 'none' ? 'malformed' : 'wrong-algorithm';
  const now = nowMs / 1000;
  if (typeof claims.exp !== 'number') return 'malformed';
  if (claims.exp + SKEW_SECONDS < now) return 'expired';
  if (typeof claims.nbf === 'number' && claims.nbf - SKEW_SECONDS > now) return 'not-yet-valid';
  // Bot Framework names one audience; a list is not one of its tokens (and botbuilder fails on it).
  const aud = claims.aud;
  if (aud !== appId && aud !== `api://${appId}`) return 'wrong-audience';
  return null;
}

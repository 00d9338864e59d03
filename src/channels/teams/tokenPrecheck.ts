/**
 * A cheap, offline first look at the Bot Framework `Authorization` header, before botbuilder
 * verifies the signature (which may fetch OpenID metadata over the network). It refuses what can
 * be refused without keys: no header, not a bearer JWT, expired, not yet valid, or meant for
 * another bot. It never accepts anything on its own: a token that passes still goes through the
 * adapter's full validation.
 */

/** Why a request was refused before reaching the adapter. */
export type PrecheckFailure = 'missing' | 'malformed' | 'expired' | 'not-yet-valid' | 'wrong-audience';

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
  if (!head || !claims || typeof head.alg !== 'string' || head.alg.toLowerCase() === 'none')
    return 'malformed';
  const now = nowMs / 1000;
  if (typeof claims.exp !== 'number') return 'malformed';
  if (claims.exp + SKEW_SECONDS < now) return 'expired';
  if (typeof claims.nbf === 'number' && claims.nbf - SKEW_SECONDS > now) return 'not-yet-valid';
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.some((a) => a === appId || a === `api://${appId}`)) return 'wrong-audience';
  return null;
}

/**
 * Limits on guessing the enrolment code (`COUNSELLOR_ENROL_CODE`), kept in the store so they hold
 * across chats and instances. Only wrong codes count:
 * - **per trier** (one person in one chat): 3 wrong codes in 10 minutes, then that trier is not
 *   heard for the rest of the window. A chat that fumbled once still enrols with the right code,
 *   and one member's wrong tries never lock out another member of the same group.
 * - **deployment-wide**: 10 wrong codes in 10 minutes, from anywhere, start a **lockdown** of 30
 *   minutes, during which a trier who has given a wrong code in the last 30 minutes is not heard at
 *   all; one who has not is still heard (so the right code of someone else is not locked out), and
 *   their first wrong code makes them one who has. The counsellor chats are told once per lockdown.
 * The counters are kept per code (a hash of it in their keys): changing the code starts afresh.
 * With a code of 12 characters or more, these limits leave an attacker a few guesses an hour.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/store.js';

/** The limits (exported for the documentation and the tests). */
export const ENROL_LIMITS = {
  /** Wrong codes one trier may give in {@link ENROL_LIMITS.windowSeconds}. */
  perTrier: 3,
  /** Wrong codes over the deployment in the window before enrolment is locked down. */
  deploymentWide: 10,
  windowSeconds: 600,
  /** How long a lockdown lasts, and how long a wrong code marks its trier during one. */
  lockdownSeconds: 1800,
} as const;

/** Whether a trier's code may be compared now. */
export type EnrolVerdict = 'ok' | 'wait' | 'locked';

/** What one wrong code did to the limits. */
export interface WrongCode {
  /** Wrong codes over the deployment in the current window. */
  deploymentWide: number;
  /** True for the wrong code that started a lockdown (tell the counsellors, once). */
  lockdownStarted: boolean;
}

const hash = (s: string, n: number) => createHash('sha256').update(s).digest('base64url').slice(0, n);

/** Compares two codes in constant time, whatever their lengths. */
export function sameCode(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** The limits for one enrolment code. */
export class EnrolmentGuard {
  private readonly tag: string;

  constructor(
    private readonly store: Pick<Store, 'count'>,
    code: string,
  ) {
    this.tag = hash(code, 12);
  }

  private trierKey(trier: string) {
    return `enrol:wrong:${this.tag}:${hash(trier, 22)}`;
  }
  private markKey(trier: string) {
    return `enrol:marked:${this.tag}:${hash(trier, 22)}`;
  }
  private get allKey() {
    return `enrol:wrong:${this.tag}:all`;
  }
  private get lockKey() {
    return `enrol:lockdown:${this.tag}`;
  }

  /** Whether the code `trier` (e.g. `telegram:<chat>:<user>`) just gave may be compared. */
  async verdict(trier: string): Promise<EnrolVerdict> {
    const { windowSeconds, lockdownSeconds, perTrier } = ENROL_LIMITS;
    const [mine, marked, lockdown] = await Promise.all([
      this.store.count(this.trierKey(trier), windowSeconds, 0),
      this.store.count(this.markKey(trier), lockdownSeconds, 0),
      this.store.count(this.lockKey, lockdownSeconds, 0),
    ]);
    if (mine >= perTrier) return 'wait';
    if (lockdown > 0 && marked > 0) return 'locked';
    return 'ok';
  }

  /** Records a wrong code from `trier`. */
  async wrong(trier: string): Promise<WrongCode> {
    const { windowSeconds, lockdownSeconds, deploymentWide } = ENROL_LIMITS;
    await this.store.count(this.trierKey(trier), windowSeconds);
    await this.store.count(this.markKey(trier), lockdownSeconds);
    const all = await this.store.count(this.allKey, windowSeconds);
    if (all < deploymentWide) return { deploymentWide: all, lockdownStarted: false };
    // Counted on every wrong code past the limit; only the first starts (and announces) one.
    const n = await this.store.count(this.lockKey, lockdownSeconds);
    return { deploymentWide: all, lockdownStarted: n === 1 };
  }
}

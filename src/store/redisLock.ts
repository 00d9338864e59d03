/**
 * The per-patient lock across processes: a short Redis lock (SET NX PX) with a fencing value,
 * renewed while the turn runs, released only by its holder (Lua compare-and-delete). Turns wait in a
 * per-patient FIFO (an arrival ticket from INCR) so events are applied in the order they arrived.
 * The holder's fencing value is kept with the lock; `commitTurn` checks it atomically, so a turn
 * whose lock expired (a paused process) can never overwrite a newer turn's commit.
 *
 * Held locks are kept in a map by patient, not in async context: AsyncLocalStorage switches on
 * Node's promise hooks for the whole process, which costs every promise of every turn. So that the
 * map is never ambiguous, a turn that gets the lock while a turn of the same process still runs
 * for that patient (its lock expired while the process stalled) waits for it to finish first; the
 * stalled turn keeps its own, now stale, fencing value, so its commit is refused.
 *
 * Taking the lock also reads the patient's document in the same script, and the store keeps what
 * it knows of the patient while the lock is held ({@link HeldLock}): nobody else may write the
 * patient then, so a turn's first read and its outbox read cost no extra round trip.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { OutboxItem } from './records.js';
import { type RedisKeys, storeTag } from './redisKeys.js';
import { ACQUIRE, LEAVE, RELEASE, RENEW, runScript } from './redisScripts.js';

/** Timing of the patient lock. */
export interface PatientLockOptions {
  /** Lock lifetime without renewal, ms (default 10 000); renewed every third of it. */
  lockTtlMs?: number;
  /** A waiter that stops polling for this long loses its place in line, ms (default 5 000). */
  waiterTtlMs?: number;
  /** Longest wait for the lock before {@link LockTimeoutError}, ms (default 30 000). */
  maxWaitMs?: number;
}

/** The lock a turn holds, as seen by the store. */
export interface HeldLock {
  patientId: string;
  key: string;
  value: string;
  /** Set once the store released the lock early (with the turn's last outbox item). */
  released?: boolean;
  /** The document as read with the lock (or as last committed), for the next `loadPatient`. */
  doc?: { raw: string | null };
  /** The patient's pending outbox as the store last left it, while that is known exactly. */
  pending?: OutboxItem[];
}

/** Thrown when a patient's lock could not be had in time. */
export class LockTimeoutError extends Error {
  /** The patient's opaque store tag (as in their Redis keys): errors reach logs, platform ids must not. */
  readonly patientTag: string;
  constructor(
    patientId: string,
    readonly waitedMs: number,
  ) {
    const patientTag = storeTag(patientId);
    super(
      `Timed out after ${waitedMs} ms waiting for the turn lock of patient tag ${patientTag}; another turn holds it. ` +
        'Check for a stuck instance, or raise the wait limit if turns are legitimately slow.',
    );
    this.name = 'LockTimeoutError';
    this.patientTag = patientTag;
  }
}

/** Thrown by a fenced commit when the turn no longer holds the patient's lock. */
export class LockLostError extends Error {
  constructor(readonly patientId: string) {
    super(
      `The turn lock for patient ${patientId} was gone at the commit: the process stalled longer than ` +
        'the lock lifetime (10 s), or the lock key was removed (evicted by a Redis whose maxmemory-policy ' +
        'is not noeviction, or lost with a Redis restart or flush). The commit was refused so a newer ' +
        'turn is not overwritten. Retry the turn.',
    );
    this.name = 'LockLostError';
  }
}

/** Per-patient FIFO lock with fencing on one Redis connection. */
export class PatientLock {
  private readonly lockTtlMs: number;
  private readonly waiterTtlMs: number;
  private readonly maxWaitMs: number;
  /** Waiter tokens: unique per lock object (a random prefix), cheap per turn (a counter). */
  private readonly instance = `${randomBytes(9).toString('base64url')}.`;
  private waiters = 0;
  /** The turn of this process that runs for a patient: its lock, and when it has finished. */
  private readonly holders = new Map<string, { lock: HeldLock; finished: Promise<void> }>();

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly log?: Logger,
    options: PatientLockOptions = {},
  ) {
    this.lockTtlMs = options.lockTtlMs ?? 10_000;
    this.waiterTtlMs = options.waiterTtlMs ?? 5_000;
    this.maxWaitMs = options.maxWaitMs ?? 30_000;
  }

  /** The lock this process holds for the patient, if any (for the store's use while it is held). */
  heldBy(patientId: string): HeldLock | undefined {
    const lock = this.holders.get(patientId)?.lock;
    return lock && !lock.released ? lock : undefined;
  }

  /** Runs `fn` holding the patient's lock (not re-entrant: a nested call would wait for itself). */
  async run<T>(patientId: string, fn: () => Promise<T>): Promise<T> {
    const lock = await this.acquire(patientId);
    const renew = setInterval(() => void this.renew(lock), Math.max(50, Math.floor(this.lockTtlMs / 3)));
    renew.unref();
    let done!: () => void;
    const holder = { lock, finished: new Promise<void>((resolve) => (done = resolve)) };
    try {
      const stalled = this.holders.get(patientId)?.finished;
      if (stalled) await stalled;
      this.holders.set(patientId, holder);
      return await fn();
    } finally {
      clearInterval(renew);
      if (this.holders.get(patientId) === holder) this.holders.delete(patientId);
      done();
      if (!lock.released)
        await runScript(this.redis, RELEASE, [lock.key], [lock.value]).catch((err) =>
          this.log?.warn(
            { err: String(err), patientTag: lock.key.slice(-16) },
            'lock release failed; it expires',
          ),
        );
    }
  }

  private async acquire(patientId: string): Promise<HeldLock> {
    const key = this.keys.lock(patientId);
    const queue = this.keys.lockQueue(patientId);
    const alive = this.keys.lockAlive(patientId);
    const keys = [
      key,
      queue,
      alive,
      this.keys.lockTicket(patientId),
      this.keys.fence,
      this.keys.doc(patientId),
      this.keys.outboxIds(patientId),
    ];
    const token = `${this.instance}${(this.waiters++).toString(36)}`;
    const started = Date.now();
    let enqueue = '1';
    let delay = 1;
    for (;;) {
      const [fence, doc, pendingCount] = (await runScript(this.redis, ACQUIRE, keys, [
        token,
        this.waiterTtlMs,
        this.lockTtlMs,
        enqueue,
      ])) as [number, string | null | undefined, number | undefined];
      if (fence > 0)
        return {
          patientId,
          key,
          value: `${token}:${fence}`,
          doc: { raw: doc ?? null },
          ...(pendingCount === 0 ? { pending: [] } : {}),
        };
      enqueue = fence < 0 ? '1' : '0';
      const waited = Date.now() - started;
      if (waited > this.maxWaitMs) {
        await runScript(this.redis, LEAVE, [queue, alive], [token]).catch(() => undefined);
        throw new LockTimeoutError(patientId, waited);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5);
    }
  }

  private async renew(lock: HeldLock): Promise<void> {
    if (lock.released) return;
    try {
      const ok = Number(await runScript(this.redis, RENEW, [lock.key], [lock.value, this.lockTtlMs]));
      if (!ok)
        this.log?.error({ patientTag: lock.key.slice(-16) }, 'turn lock lost; the commit will be refused');
    } catch (err) {
      this.log?.warn({ err: String(err) }, 'turn lock renewal failed; will retry');
    }
  }
}

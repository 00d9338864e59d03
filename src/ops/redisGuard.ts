/**
 * Watches the Redis that holds everything (with `REDIS_URL`) for the two ways it can fail while
 * still answering:
 * - **it refuses writes**: out of memory under `noeviction`, a read-only replica, `MISCONF`. Every
 *   turn fails; a write probe says so, and `/readyz` turns 503 with the reason.
 * - **it forgot**: restarted without persistence, flushed, failed over to an empty replica. The
 *   deployment marker (`src/store/deploymentMarker.ts`) this instance saw is gone or replaced: the
 *   patients' records, schedules and alerts may be gone with it. That is logged as an error, kept
 *   in the marker (so every instance agrees), `/readyz` turns 503 until an operator acknowledges it
 *   with `npm run redis:ack-reset`, and the counsellors are told once.
 * Checked every {@link GUARD_CHECK_MS} and on every `/readyz`; tests call {@link RedisGuard.check}.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import {
  type DeploymentMarker,
  type DeploymentMarkerStore,
  resetPending,
} from '../store/deploymentMarker.js';
import { refusalFix, type WriteRefusal, writeRefusalOf } from '../store/redisWriteRefusal.js';

/** How often a running instance checks, besides every `/readyz`. */
export const GUARD_CHECK_MS = 15_000;
/** How long a turn's refused write counts, when the probe passes. */
export const NOTED_REFUSAL_MS = 30_000;

/** What the guard knows. */
export interface RedisState {
  /** Why Redis refuses writes right now, if it does. */
  refusing?: WriteRefusal;
  /** A reset detected and not yet acknowledged (epoch ms of its detection). */
  resetDetectedAt?: number;
}

/** What the guard tells the rest of the app. */
export interface RedisGuardHooks {
  /** Every check's outcome (metrics). */
  onState?(state: RedisState): void;
  /**
   * This instance was the first to see a reset: tell the counsellors and put back what start-up
   * writes (configured counsellor chats, the digest). Runs once per reset over all instances.
   */
  onResetDetected?(): Promise<void>;
}

function freshMarker(now: number): DeploymentMarker {
  return { id: randomBytes(8).toString('hex'), createdAt: now };
}

/** The guard of one app instance. */
export class RedisGuard {
  private known: string | undefined;
  private current: RedisState = {};
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<RedisState> | undefined;
  private announcedReset: number | undefined;
  /** A turn's write refused lately (a small probe may still pass when big writes no longer do). */
  private noted: { refusal: WriteRefusal; until: number } | undefined;

  constructor(
    private readonly marker: DeploymentMarkerStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly hooks: RedisGuardHooks = {},
  ) {}

  /** The latest state. */
  get state(): RedisState {
    return this.current;
  }

  /**
   * At start-up: adopts the marker, or writes it on a deployment's first start (or on the first
   * start of a version that writes one). A reset recorded earlier and not acknowledged holds.
   */
  async start(): Promise<void> {
    const fresh = freshMarker(this.clock.now());
    const m = await this.marker.ensure(fresh);
    if (m.id === fresh.id)
      this.log.info(
        { markerId: m.id },
        'Redis deployment marker written: a new deployment (a Redis that lost its data while no instance ran looks the same: check that patients are there)',
      );
    this.known = m.id;
    const resetDetectedAt = this.adopt(m);
    this.current = resetDetectedAt !== undefined ? { resetDetectedAt } : {};
  }

  /**
   * A turn ended (`failure`: why it failed, or undefined when it went through). When Redis refused
   * its writes, the instance counts as refusing writes for
   * {@link NOTED_REFUSAL_MS} even if the small write probe passes (a full Redis refuses a turn's
   * kilobytes before it refuses the probe's bytes).
   */
  noteTurn(failure: unknown): void {
    if (failure === undefined) {
      // A turn went through: writes work.
      this.noted = undefined;
      return;
    }
    const refusal = writeRefusalOf(failure);
    if (refusal) this.noted = { refusal, until: this.clock.now() + NOTED_REFUSAL_MS };
  }

  /** Checks every {@link GUARD_CHECK_MS} until {@link RedisGuard.stop}. */
  watch(): void {
    this.timer ??= setInterval(() => void this.check().catch(() => undefined), GUARD_CHECK_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Probes a write and reads the marker; resolves with the state. Rejects when Redis does not
   * answer (the caller reports it unreachable). Concurrent calls share one check.
   */
  check(): Promise<RedisState> {
    this.checking ??= this.checkOnce().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async checkOnce(): Promise<RedisState> {
    let refusing: WriteRefusal | undefined;
    try {
      await this.marker.probeWrite();
    } catch (err) {
      refusing = writeRefusalOf(err);
      if (!refusing) throw err;
    }
    if (!refusing && this.noted && this.noted.until > this.clock.now()) refusing = this.noted.refusal;
    if (refusing !== this.current.refusing) {
      if (refusing)
        this.log.error({ refusing }, `Redis refuses writes: every turn fails. ${refusalFix(refusing)}`);
      else if (this.current.refusing) this.log.info('Redis takes writes again');
    }
    let m = await this.marker.read();
    const now = this.clock.now();
    if (!m || m.id !== this.known) {
      // Gone, or replaced without an operator's word: the data went with it.
      const acknowledged = m?.acknowledgedAt !== undefined && !resetPending(m);
      if (!acknowledged && (await this.marker.markReset(now, freshMarker(now)))) await this.firstToSee(now);
      m = (await this.marker.read()) ?? m;
      if (m) this.known = m.id;
    }
    const resetDetectedAt = m ? this.adopt(m) : this.current.resetDetectedAt;
    this.current = {
      ...(refusing ? { refusing } : {}),
      ...(resetDetectedAt !== undefined ? { resetDetectedAt } : {}),
    };
    this.hooks.onState?.(this.current);
    return this.current;
  }

  /**
   * The reset the marker records as pending (its detection time), or undefined; logs when one
   * starts or ends for this instance.
   */
  private adopt(m: DeploymentMarker): number | undefined {
    const pending = resetPending(m);
    if (pending && this.announcedReset !== m.resetDetectedAt) {
      this.announcedReset = m.resetDetectedAt;
      this.log.error(
        { resetDetectedAt: new Date(m.resetDetectedAt!).toISOString() },
        'Redis lost its data (the deployment marker this instance knew is gone): patient records, schedules, alerts and enrolled counsellor chats may be missing; /readyz is 503 until an operator runs `npm run redis:ack-reset`',
      );
    }
    if (!pending && this.current.resetDetectedAt !== undefined)
      this.log.info('Redis reset acknowledged by an operator; ready again');
    return pending ? m.resetDetectedAt : undefined;
  }

  /** This instance recorded the reset: the hooks run (counsellors told, start-up writes redone). */
  private async firstToSee(at: number): Promise<void> {
    this.log.error(
      { detectedAt: new Date(at).toISOString() },
      'Redis came back empty or was flushed: telling the counsellor chats that patient records may be missing',
    );
    await this.hooks
      .onResetDetected?.()
      .catch((err: Error) =>
        this.log.warn({ err: err.name }, 'could not finish the steps after a Redis reset'),
      );
  }
}

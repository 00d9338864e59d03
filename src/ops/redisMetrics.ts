/**
 * The metrics of a Redis that refuses writes or forgot everything (`redisGuard.ts`), and of the
 * turns that failed because of it: an alert rule on these says what `dongyu_turns_total{outcome=
 * "error"}` alone cannot (why the turns fail).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { type WriteRefusal, writeRefusalOf } from '../store/redisWriteRefusal.js';
import type { RedisState } from './redisGuard.js';

/** The metric names (also in `METRIC_NAMES`). */
export const REDIS_METRIC_NAMES = {
  refusingWrites: 'dongyu_redis_refusing_writes',
  resetUnacknowledged: 'dongyu_redis_reset_unacknowledged',
  refusedTurns: 'dongyu_turns_refused_by_redis_total',
} as const;

/** Every reason label, so each is exported as 0 until it happens. */
const REASONS: WriteRefusal[] = ['out of memory', 'read-only replica', 'cannot persist'];

/** The Redis metrics, registered in `registry`. */
export interface RedisMetrics {
  /** The guard's latest check. */
  state(state: RedisState): void;
  /** A turn failed: counted when Redis refused its writes. */
  turnFailed(err: unknown): void;
}

/** Registers the Redis metrics. */
export function createRedisMetrics(registry: Registry): RedisMetrics {
  const refusing = new Gauge({
    name: REDIS_METRIC_NAMES.refusingWrites,
    help: 'Redis refuses writes (1), by reason: out of memory, read-only replica, cannot persist (MISCONF). Every turn fails meanwhile.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const reset = new Gauge({
    name: REDIS_METRIC_NAMES.resetUnacknowledged,
    help: 'Redis lost its data (restarted empty or flushed) and no operator has run npm run redis:ack-reset yet (1).',
    registers: [registry],
  });
  const refusedTurns = new Counter({
    name: REDIS_METRIC_NAMES.refusedTurns,
    help: 'Turns that failed because Redis refused their writes, by reason.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  for (const reason of REASONS) {
    refusing.set({ reason }, 0);
    refusedTurns.inc({ reason }, 0);
  }
  reset.set(0);
  return {
    state(s) {
      for (const reason of REASONS) refusing.set({ reason }, s.refusing === reason ? 1 : 0);
      reset.set(s.resetDetectedAt !== undefined ? 1 : 0);
    },
    turnFailed(err) {
      const reason = writeRefusalOf(err);
      if (reason) refusedTurns.inc({ reason });
    },
  };
}

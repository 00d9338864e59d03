/**
 * The deployment marker: one small hash in Redis (`<prefix>deployment`) written when a deployment
 * first starts. Redis loses it only with everything else (a restart without persistence, a
 * `FLUSHDB`, a failover to an empty replica), so a running instance that finds it gone, or replaced
 * by another, knows the patients' records are gone too (`src/ops/redisGuard.ts`). The marker also
 * records that a reset was detected and when an operator acknowledged it
 * (`npm run redis:ack-reset`), so every instance, and every instance started later, agrees.
 */
import type { Redis } from 'ioredis';
import { runScript, script } from './redisScripts.js';

/** What the marker holds (epoch ms). */
export interface DeploymentMarker {
  id: string;
  createdAt: number;
  /** When an instance found the data gone; set until an operator acknowledges it. */
  resetDetectedAt?: number;
  /** When an operator acknowledged the latest reset (`npm run redis:ack-reset`). */
  acknowledgedAt?: number;
}

/** True while a detected reset waits for an operator. */
export function resetPending(m: DeploymentMarker): boolean {
  return m.resetDetectedAt !== undefined && !((m.acknowledgedAt ?? -1) >= m.resetDetectedAt);
}

/** Reads and writes the marker, and probes whether Redis takes writes. */
export interface DeploymentMarkerStore {
  /** Writes a small key with a short TTL; throws what Redis answers when it refuses writes. */
  probeWrite(): Promise<void>;
  read(): Promise<DeploymentMarker | null>;
  /** Creates the marker unless there is one; returns the one stored. */
  ensure(fresh: DeploymentMarker): Promise<DeploymentMarker>;
  /**
   * Records a detected reset (creating the marker as `fresh` if it is gone). True when this call
   * recorded it, false when a reset was already pending (another instance saw it first).
   */
  markReset(at: number, fresh: DeploymentMarker): Promise<boolean>;
  /** An operator acknowledges the reset (creating the marker if it is gone); returns the marker. */
  acknowledge(at: number, fresh: DeploymentMarker): Promise<DeploymentMarker>;
}

function parse(flat: string[]): DeploymentMarker | null {
  if (!flat.length) return null;
  const h: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) h[flat[i]!] = flat[i + 1]!;
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  return {
    id: h.id ?? '',
    createdAt: num(h.createdAt) ?? 0,
    ...(num(h.resetDetectedAt) !== undefined ? { resetDetectedAt: num(h.resetDetectedAt)! } : {}),
    ...(num(h.acknowledgedAt) !== undefined ? { acknowledgedAt: num(h.acknowledgedAt)! } : {}),
  };
}

/** KEYS: marker. ARGV: id, createdAt. Creates it when missing; returns it. */
const ENSURE = script(
  'deploymentMarkerEnsure',
  `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('HSET', KEYS[1], 'id', ARGV[1], 'createdAt', ARGV[2]) end
return redis.call('HGETALL', KEYS[1])
`,
);

/** KEYS: marker. ARGV: at, fresh id. 1 when this call recorded the reset, 0 when one was pending. */
const MARK_RESET = script(
  'deploymentMarkerReset',
  `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('HSET', KEYS[1], 'id', ARGV[2], 'createdAt', ARGV[1]) end
local det = tonumber(redis.call('HGET', KEYS[1], 'resetDetectedAt') or '')
local ack = tonumber(redis.call('HGET', KEYS[1], 'acknowledgedAt') or '')
if det and not (ack and ack >= det) then return 0 end
redis.call('HSET', KEYS[1], 'resetDetectedAt', ARGV[1])
return 1
`,
);

/** KEYS: marker. ARGV: at, fresh id. Sets acknowledgedAt (creating the marker); returns it. */
const ACKNOWLEDGE = script(
  'deploymentMarkerAck',
  `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('HSET', KEYS[1], 'id', ARGV[2], 'createdAt', ARGV[1]) end
redis.call('HSET', KEYS[1], 'acknowledgedAt', ARGV[1])
return redis.call('HGETALL', KEYS[1])
`,
);

/** The marker in Redis under `prefix`. */
export class RedisDeploymentMarker implements DeploymentMarkerStore {
  private readonly key: string;
  private readonly probeKey: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}deployment`;
    this.probeKey = `${prefix}probe:write`;
  }

  async probeWrite(): Promise<void> {
    await this.redis.set(this.probeKey, String(Date.now()), 'PX', 60_000);
  }

  async read(): Promise<DeploymentMarker | null> {
    const h = await this.redis.hgetall(this.key);
    return parse(Object.entries(h).flat());
  }

  async ensure(fresh: DeploymentMarker): Promise<DeploymentMarker> {
    const flat = (await runScript(
      this.redis,
      ENSURE,
      [this.key],
      [fresh.id, String(fresh.createdAt)],
    )) as string[];
    return parse(flat) ?? fresh;
  }

  async markReset(at: number, fresh: DeploymentMarker): Promise<boolean> {
    return Number(await runScript(this.redis, MARK_RESET, [this.key], [String(at), fresh.id])) === 1;
  }

  async acknowledge(at: number, fresh: DeploymentMarker): Promise<DeploymentMarker> {
    const flat = (await runScript(this.redis, ACKNOWLEDGE, [this.key], [String(at), fresh.id])) as string[];
    return parse(flat) ?? fresh;
  }
}

/**
 * The check `REDIS_URL` passes before anything is built on it: Redis answers, accepts the
 * credentials, has the database the URL names, and keeps keys when full (`maxmemory-policy
 * noeviction`). ioredis itself only reports these problems as
 * events and carries on (a database the server does not have silently becomes database 0), so
 * without the check Dongyu would start "ready" on the wrong keyspace, or fail later with a stack
 * trace. Messages name REDIS_URL and host:port, never the URL itself: it may hold a password.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { StartError } from '../startError.js';
import { refusalFix, writeRefusalOf } from './redisWriteRefusal.js';

/** Redis refused, or could not be reached, at start. The message says what to fix. */
export class RedisStartError extends StartError {}

/** Options of {@link checkRedisAtStart}. */
export interface RedisStartCheckOptions {
  /** How long to keep trying a Redis that does not answer (it may still be starting). Default 5000. */
  waitMs?: number;
  /**
   * Start on a Redis that evicts keys when full (`REDIS_ALLOW_EVICTION=true`, for tests only): a
   * warning instead of a refusal.
   */
  allowEviction?: boolean;
  /** Where that warning goes. */
  log?: Logger;
}

/** The wait between two tries of a Redis that did not answer. */
const RETRY_MS = 500;

/** What one try found: fine, refused (with the message), or no answer (with the cause). */
type Outcome =
  | { ok: true; at: string; policy: string | undefined }
  | { ok: false; refused: string }
  | { ok: false; unreachable: { at: string; cause: string } };

/**
 * Resolves when Redis at `url` answers and has the URL's database; throws {@link RedisStartError}
 * otherwise. A Redis that does not answer is tried again for `waitMs`; one that answers with a
 * refusal (credentials, a missing database) is not.
 */
export async function checkRedisAtStart(url: string, options: RedisStartCheckOptions = {}): Promise<void> {
  const waitMs = options.waitMs ?? 5_000;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const outcome = await tryOnce(url, Math.max(1_000, deadline - Date.now()));
    if (outcome.ok) return evictionPolicy(outcome.at, outcome.policy, options);
    if ('refused' in outcome) throw new RedisStartError(outcome.refused);
    const left = deadline - Date.now();
    if (left <= 0) {
      const { at, cause } = outcome.unreachable;
      throw new RedisStartError(
        `Redis could not be reached at ${at} (from REDIS_URL) for ${Math.round(waitMs / 1000)} s ` +
          `(${cause}): check that Redis is running there and that REDIS_URL names its host and port.`,
      );
    }
    await sleep(Math.min(RETRY_MS, left));
  }
}

async function tryOnce(url: string, connectTimeout: number): Promise<Outcome> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectionName: 'dongyu-start-check',
    connectTimeout,
    // One connection attempt per try: the loop above decides about the next one.
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  // ioredis reports the cause as an event (connect() itself only says "Connection is closed").
  let cause: Error | undefined;
  redis.on('error', (err: Error) => {
    cause ??= err;
  });
  const { host, port, db = 0 } = redis.options;
  const at = `${host?.includes(':') ? `[${host}]` : host}:${port}`;
  try {
    try {
      await redis.connect();
    } catch (err) {
      const reason = cause ?? (err as Error);
      if (isReply(reason)) return { ok: false, refused: refused(at, reason) };
      return { ok: false, unreachable: { at, cause: short(reason) } };
    }
    if (db !== 0) {
      try {
        // The handshake's SELECT failed only as an event; asking again fails as a reply.
        await redis.select(db);
      } catch (err) {
        if (!/DB index is out of range/i.test((err as Error).message))
          return { ok: false, refused: refused(at, err as Error) };
        return { ok: false, refused: await missingDatabase(redis, at, db) };
      }
    }
    await redis.ping();
    return { ok: true, at, policy: await policyOf(redis) };
  } catch (err) {
    // The connection broke between connect and PING: as good as no answer.
    if (isReply(err as Error)) return { ok: false, refused: refused(at, err as Error) };
    return { ok: false, unreachable: { at, cause: short(err as Error) } };
  } finally {
    redis.disconnect();
  }
}

/**
 * Redis's `maxmemory-policy`, from `INFO memory` (allowed where `CONFIG` is renamed or refused, as
 * on managed services), else `CONFIG GET`; undefined when neither says.
 */
async function policyOf(redis: Redis): Promise<string | undefined> {
  const info = await redis.info('memory').catch(() => '');
  const fromInfo = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (fromInfo) return fromInfo;
  return redis
    .config('GET', 'maxmemory-policy')
    .then((reply) => (reply as string[])[1])
    .catch(() => undefined);
}

/**
 * Dongyu's keys are records, not a cache: a Redis that evicts keys when full loses patients,
 * schedules, alerts and the counsellor registry without a word. Anything but `noeviction` stops
 * start-up, unless allowed (tests), which is logged as a warning.
 */
function evictionPolicy(at: string, policy: string | undefined, options: RedisStartCheckOptions): void {
  if (policy === 'noeviction') return;
  if (policy === undefined) {
    options.log?.warn(
      { redis: at },
      'could not read maxmemory-policy from Redis (INFO memory, CONFIG GET): make sure it is noeviction, or keys are lost when Redis is full',
    );
    return;
  }
  const problem =
    `Redis at ${at} (REDIS_URL) evicts keys when it is full (maxmemory-policy ${policy}): an evicted ` +
    "key is a patient's record, a scheduled check-in or an alert lost without a word.";
  if (options.allowEviction) {
    options.log?.warn(
      { redis: at, maxmemoryPolicy: policy },
      `${problem} Starting anyway because REDIS_ALLOW_EVICTION=true (for tests only).`,
    );
    return;
  }
  throw new RedisStartError(
    `${problem} Set maxmemory-policy noeviction (redis.conf, or CONFIG SET maxmemory-policy noeviction) ` +
      'and size maxmemory for the data; REDIS_ALLOW_EVICTION=true starts anyway (tests only).',
  );
}

/** The message for a database index the server does not have, with the range it does have. */
async function missingDatabase(redis: Redis, at: string, db: number): Promise<string> {
  const count = await redis
    .config('GET', 'databases')
    .then((reply) => Number((reply as string[])[1]))
    .catch(() => Number.NaN);
  const has = Number.isInteger(count) && count > 0;
  return (
    `REDIS_URL names database ${db}, which this Redis (${at}) does not have ` +
    (has
      ? `(it has databases 0–${count - 1}: CONFIG GET databases). Use an index from 0 to ${count - 1} `
      : '(see "databases" in its configuration). Use an index it has ') +
    'at the end of REDIS_URL (redis://host:port/N), or raise "databases" in redis.conf.'
  );
}

/** Redis answered and said no (wrong password, no password, an ACL, ...). */
function refused(at: string, err: Error): string {
  if (/WRONGPASS|NOAUTH|invalid password|AUTH/i.test(err.message))
    return (
      `Redis at ${at} did not accept the credentials in REDIS_URL (${short(err)}): set the right ` +
      'user and password in REDIS_URL (redis://user:password@host:port).'
    );
  return `Redis at ${at} (REDIS_URL) refused Dongyu (${short(err)}): check REDIS_URL and the server.`;
}

/** An error Redis answered (as opposed to a connection that failed). */
function isReply(err: Error): boolean {
  return err.name === 'ReplyError';
}

/** The first line of an error message, short enough for one log line. */
function short(err: Error): string {
  const line = err.message.split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}

/** `host:port` of a Redis URL, for messages (never the password the URL may hold). */
export function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || '127.0.0.1'}:${u.port || '6379'}`;
  } catch {
    return 'REDIS_URL';
  }
}

/**
 * A start-up step failed because Redis refused a write (full, a read-only replica, MISCONF): the
 * {@link RedisStartError} that says so in one line, or undefined for any other failure. Without
 * it the program died of a raw `EXECABORT Transaction discarded` stack that did not say "memory".
 */
export function refusedAtStart(err: unknown, url: string): RedisStartError | undefined {
  const refusal = writeRefusalOf(err);
  if (!refusal) return undefined;
  const said = ((err as Error).message ?? '').split('\n')[0]!.slice(0, 120);
  return new RedisStartError(
    `Redis at ${redisAddress(url)} (REDIS_URL) refused a write during start-up: ${refusal} (${said}). ${refusalFix(refusal)}`,
  );
}

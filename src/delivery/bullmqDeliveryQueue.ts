/**
 * The delivery queue on BullMQ (`REDIS_URL`): one queue shared by every instance, so the limits
 * hold over all of them.
 * - Rate: each message reserves an evenly spaced send slot in Redis (GCRA) and waits for it as a
 *   delayed job; a sliding one-second count of actual sends, also in Redis, gates each send, so
 *   slots that came due together after a stall still go out at the rate.
 * - Per chat: a gap kept with a Redis key per chat (SET NX PX); a message whose chat is not ready
 *   is delayed, not dropped.
 * - 429: the whole queue pauses for the `retry_after` the platform gave (BullMQ `rateLimit`)
 *   without using up an attempt; slots that came due during the pause are reserved anew, so a
 *   pause never ends in a burst (the burst would earn the next 429).
 * - Once: the job id and de-duplication id come from the caller's idempotency key, so a message is
 *   sent once however often it is enqueued within a day; the job itself (it holds the message
 *   text) is removed as soon as it finishes.
 */

import { createHash } from 'node:crypto';
import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { deliveryFailure } from '../engine/deliveryError.js';
import type { Delivery } from '../engine/ports.js';
import type { Address, OutboundMessage } from '../engine/types.js';
import type { Logger } from '../log.js';
import { throttledLog } from '../logThrottle.js';
import { CRASH_RECOVERY, type WorkerTiming } from '../scheduling/workerTiming.js';
import { createRedisConnection } from '../store/redisConnection.js';
import { runScript, script } from '../store/redisScripts.js';
import {
  chatKey,
  DEFAULT_LIMITS,
  type DeliveryQueue,
  type GoneListener,
  type RateLimits,
  type SentListener,
} from './deliveryQueue.js';

interface DeliveryJob {
  id: string;
  address: Address;
  /** The message, with binary parts base64-encoded. */
  message: OutboundMessage;
  /** The global send slot reserved for it (epoch ms), once one was. */
  slotAt?: number;
}

/** Options of the {@link BullmqDeliveryQueue}. */
export interface BullmqDeliveryQueueOptions {
  /** Key prefix shared with the store (`REDIS_PREFIX`). */
  prefix?: string;
  queueName?: string;
  limits?: Partial<RateLimits>;
  /** Attempts per message for retryable failures (default 8, exponential back-off from 1 s). */
  attempts?: number;
  /** Sends one worker runs at once (default 10). */
  concurrency?: number;
  onSent?: SentListener;
  /** Hears of each message refused because its recipient is gone. */
  onGone?: GoneListener;
  log?: Logger;
  /** Close `connection` in `stop()` (default false). */
  ownsConnection?: boolean;
  /** How soon a job of a dead worker is taken over (default {@link CRASH_RECOVERY}). */
  timing?: WorkerTiming;
}

const DEDUPE_MS = 86_400_000;

/** BullMQ job ids may not contain ':'; ids are hashed (they may name a patient). */
function jobIdOf(id: string): string {
  return `m-${createHash('sha256').update(id).digest('base64url').slice(0, 22)}`;
}

/** {@link DeliveryQueue} on BullMQ. `connection` must have `maxRetriesPerRequest: null`. */
export class BullmqDeliveryQueue implements DeliveryQueue {
  private readonly queue: Queue<DeliveryJob>;
  private worker: Worker<DeliveryJob> | null = null;
  private readonly limits: RateLimits;
  private readonly prefix: string;
  private readonly queueName: string;

  constructor(
    private readonly connection: Redis,
    private readonly delivery: Delivery,
    private readonly options: BullmqDeliveryQueueOptions = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.prefix = options.prefix ?? 'dongyu:';
    this.queueName = options.queueName ?? 'delivery';
    this.queue = new Queue<DeliveryJob>(this.queueName, {
      connection,
      prefix: `${this.prefix}bull`,
      defaultJobOptions: {
        attempts: options.attempts ?? 8,
        backoff: { type: 'exponential', delay: 1000 },
        // Jobs hold message text: gone as soon as they finish. De-duplication outlives them.
        removeOnComplete: true,
        removeOnFail: true,
      },
    });
    // Without a listener BullMQ prints every connection error raw on stderr; during an outage
    // that is several a second (as the worker's below), so both are throttled.
    const queueError = throttledLog(options.log, 'warn', 'delivery queue error');
    this.queue.on('error', (err) => queueError({ err: err.message }));
  }

  async enqueue(id: string, address: Address, message: OutboundMessage): Promise<void> {
    const jobId = jobIdOf(id);
    await this.queue.add(
      'send',
      { id, address, message: encodeMessage(message) },
      { jobId, deduplication: { id: jobId, ttl: DEDUPE_MS } },
    );
  }

  async sendingNow(address: Address): Promise<void> {
    const gap = Math.max(1, Math.ceil(this.limits.chatIntervalMs(address)));
    await runScript(
      this.connection,
      SENDING_NOW,
      [`${this.prefix}dq:chat:${chatKey(address)}`, `${this.prefix}dq:sent`, `${this.prefix}dq:tat`],
      [
        String(gap),
        String(Date.now()),
        String(1000 / this.limits.perSecond),
        Math.random().toString(36).slice(2, 10),
      ],
    );
  }

  async start(): Promise<void> {
    if (this.worker) return;
    this.worker = new Worker<DeliveryJob>(this.queueName, (job, token) => this.process(job, token), {
      connection: this.connection,
      prefix: `${this.prefix}bull`,
      concurrency: this.options.concurrency ?? 10,
      ...(this.options.timing ?? CRASH_RECOVERY),
    });
    this.worker.on('failed', (job, err) =>
      this.options.log?.warn(
        { jobId: job?.id, attempts: job?.attemptsMade, err: err.name },
        'queued delivery failed',
      ),
    );
    const workerError = throttledLog(this.options.log, 'error', 'delivery worker error');
    this.worker.on('error', (err) => workerError({ err: err.message }));
    await this.worker.waitUntilReady();
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    this.worker = null;
    await this.queue.close();
    if (this.options.ownsConnection) await this.connection.quit().catch(() => this.connection.disconnect());
  }

  /** Counts of queued, delayed, running, sent and failed messages (metrics, tests). */
  counts(): Promise<Record<string, number>> {
    return this.queue.getJobCounts('waiting', 'delayed', 'active', 'completed', 'failed', 'prioritized');
  }

  /**
   * Reserves the next global send slot (GCRA: one slot every 1000/perSecond ms, shared by every
   * instance through Redis) and returns how long to wait for it. Evenly spaced slots never burst,
   * so a platform's sliding one-second window never sees more than the limit.
   */
  private async reserveSlot(): Promise<number> {
    const wait = await runScript(
      this.connection,
      RESERVE_SLOT,
      [`${this.prefix}dq:tat`],
      [String(Date.now()), String(1000 / this.limits.perSecond)],
    );
    return Number(wait);
  }

  /**
   * The last step before a send, in one round trip: a slot inside the latest 429 pause is stale
   * (it was reserved before the pause and came due during it); the sends of the last second, over
   * every instance, must stay under the rate (slots that came due late, after a stall, would
   * otherwise go out together); and the chat's gap is taken.
   */
  private async gate(
    job: Job<DeliveryJob>,
    slotAt: number,
  ): Promise<{ kind: 'ok' | 'reslot' | 'window' | 'chat'; waitMs: number }> {
    const { address } = job.data;
    // Redis PX takes whole milliseconds (a fractional gap would fail every job).
    const gap = Math.max(1, Math.ceil(this.limits.chatIntervalMs(address)));
    const [kind, wait] = (await runScript(
      this.connection,
      GATE,
      [`${this.prefix}dq:chat:${chatKey(address)}`, `${this.prefix}dq:pause`, `${this.prefix}dq:sent`],
      [
        String(gap),
        slotAt.toFixed(3),
        String(Math.max(1, Math.floor(this.limits.perSecond))),
        `${job.id}:${job.attemptsStarted}:${Math.random().toString(36).slice(2, 8)}`,
      ],
    )) as [string, number];
    return { kind: kind as 'ok' | 'reslot' | 'window' | 'chat', waitMs: Math.max(1, Number(wait)) };
  }

  private async process(job: Job<DeliveryJob>, token?: string): Promise<void> {
    const { id, address } = job.data;
    let slotAt = job.data.slotAt;
    for (;;) {
      if (slotAt === undefined) {
        const wait = await this.reserveSlot();
        slotAt = Date.now() + wait;
        if (wait > SLOT_TOLERANCE_MS) {
          await job.updateData({ ...job.data, slotAt });
          await job.moveToDelayed(slotAt, token);
          throw new DelayedError();
        }
      }
      const gate = await this.gate(job, slotAt);
      if (gate.kind === 'ok') break;
      if (gate.kind === 'window') {
        // The slot stays: the message goes out as soon as the last second has room.
        if (job.data.slotAt !== slotAt) await job.updateData({ ...job.data, slotAt });
        await job.moveToDelayed(Date.now() + gate.waitMs, token);
        throw new DelayedError();
      }
      // A new slot: reservations after a pause start after it, behind the ones already spaced out.
      slotAt = undefined;
      if (gate.kind === 'reslot') continue;
      // The chat's gap: wait for it, then take a new slot (sending on the old one could bunch).
      await job.updateData({ ...job.data, slotAt: undefined });
      await job.moveToDelayed(Date.now() + gate.waitMs, token);
      throw new DelayedError();
    }
    try {
      const ref = await this.delivery.send(address, decodeMessage(job.data.message));
      this.options.onSent?.(id, ref);
    } catch (err) {
      const f = deliveryFailure(err);
      if (f.retryAfterMs !== undefined) {
        this.options.log?.warn(
          { jobId: job.id, retryAfterMs: f.retryAfterMs },
          'platform asked to slow down',
        );
        await runScript(
          this.connection,
          PAUSE,
          [`${this.prefix}dq:pause`, `${this.prefix}dq:tat`],
          [String(Date.now()), String(f.retryAfterMs)],
        );
        await job.updateData({ ...job.data, slotAt: undefined });
        await this.queue.rateLimit(f.retryAfterMs);
        throw Worker.RateLimitError();
      }
      if (f.gone) this.options.onGone?.(id, address);
      if (!f.retryable) throw new UnrecoverableError(err instanceof Error ? err.name : 'delivery failed');
      throw err instanceof Error ? new Error(err.name) : new Error('delivery failed');
    }
  }
}

/** A slot this close is taken at once (delaying would cost more than it saves). */
const SLOT_TOLERANCE_MS = 2;

/** GCRA slot reservation: returns the ms to wait; the theoretical arrival time moves on by one interval. */
const RESERVE_SLOT = script(
  'reserveSlot',
  `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(tat, now)
local nextTat = start + interval
redis.call('SET', KEYS[1], string.format('%.3f', nextTat), 'PX', math.ceil(nextTat - now) + 1000)
return string.format('%.3f', start - now)
`,
);

/**
 * KEYS: chat gap, pause, sends of the last second (sorted set scored by Redis time). ARGV: gapMs,
 * slotAt, perSecond, a unique member. {'reslot', 0} when the slot lies inside the latest pause;
 * {'window', ms} when the last second already holds perSecond sends; {'chat', pttl} when the
 * chat's gap is still running; else takes the gap, counts the send and returns {'ok', 0}.
 */
const GATE = script(
  'deliveryGate',
  `
local p = redis.call('HMGET', KEYS[2], 'start', 'end')
local slot = tonumber(ARGV[2])
if p[1] and slot >= tonumber(p[1]) and slot < tonumber(p[2]) then return {'reslot', 0} end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 1000)
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[3]) then
  local oldest = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
  return {'window', math.ceil(tonumber(oldest[2]) + 1000 - now)}
end
if not redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then
  return {'chat', redis.call('PTTL', KEYS[1])}
end
redis.call('ZADD', KEYS[3], now, ARGV[4])
redis.call('PEXPIRE', KEYS[3], 2000)
return {'ok', 0}
`,
);

/**
 * A message sent outside the queue (an urgent alert): takes the chat's gap (whether or not one was
 * running), counts in the sends of the last second, and moves the next slot on by one interval.
 * KEYS: chat gap, sends of the last second, GCRA time. ARGV: gapMs, now, interval, a unique member.
 */
const SENDING_NOW = script(
  'deliverySendingNow',
  `
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('PEXPIRE', KEYS[2], 2000)
local at = tonumber(ARGV[2])
local tat = math.max(tonumber(redis.call('GET', KEYS[3]) or '0'), at) + tonumber(ARGV[3])
redis.call('SET', KEYS[3], string.format('%.3f', tat), 'PX', math.ceil(tat - at) + 1000)
return 1
`,
);

/**
 * A 429: records the pause [start, end) (an overlapping one is extended) for ten minutes, so that
 * slots reserved before it and due during it are reserved anew; new reservations start after it.
 * KEYS: pause, GCRA time. ARGV: now, retryAfterMs.
 */
const PAUSE = script(
  'deliveryPause',
  `
local now = tonumber(ARGV[1])
local e = now + tonumber(ARGV[2])
local p = redis.call('HMGET', KEYS[1], 'start', 'end')
local s = now
if p[2] and tonumber(p[2]) >= now then s = tonumber(p[1]) end
if not p[2] or tonumber(p[2]) < e then
  redis.call('HSET', KEYS[1], 'start', string.format('%.3f', s), 'end', string.format('%.3f', e))
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) + 600000)
end
local tat = tonumber(redis.call('GET', KEYS[2]) or '0')
if tat < e then redis.call('SET', KEYS[2], string.format('%.3f', e), 'PX', tonumber(ARGV[2]) + 1000) end
return 1
`,
);

function encodeMessage(m: OutboundMessage): OutboundMessage {
  if (!m.image) return m;
  return {
    ...m,
    image: { ...m.image, png: Buffer.from(m.image.png).toString('base64') as unknown as Uint8Array },
  };
}

function decodeMessage(m: OutboundMessage): OutboundMessage {
  if (!m.image || typeof m.image.png !== 'string') return m;
  return {
    ...m,
    image: { ...m.image, png: new Uint8Array(Buffer.from(m.image.png as unknown as string, 'base64')) },
  };
}

/**
 * Creates the BullMQ delivery queue from configuration (`REDIS_URL`, `REDIS_PREFIX`) on its own
 * connection, closed by `stop()`. Throws when `REDIS_URL` is unset.
 */
export function createBullmqDeliveryQueue(
  config: Config,
  delivery: Delivery,
  log?: Logger,
  options: Omit<BullmqDeliveryQueueOptions, 'prefix' | 'log' | 'ownsConnection'> = {},
): BullmqDeliveryQueue {
  if (!config.REDIS_URL)
    throw new Error('createBullmqDeliveryQueue needs REDIS_URL (e.g. redis://127.0.0.1:6379).');
  const connection = createRedisConnection(config.REDIS_URL, 'bullmq', log, 'dongyu-delivery');
  return new BullmqDeliveryQueue(connection, delivery, {
    ...options,
    prefix: config.REDIS_PREFIX,
    log,
    ownsConnection: true,
  });
}

/**
 * The delivery queue: outbound messages that are not replies (check-ins, reminders, alerts,
 * relays) wait here and go out below the platforms' rate limits (Telegram: about 30 messages/s
 * overall and 1/s per chat, 20/min in a group; Teams: a few per second per conversation), honouring
 * `retry_after` on a 429. Replies do not queue: the person is waiting for them. Two
 * implementations: in-process (embedded default) and BullMQ (`REDIS_URL`, shared by every instance).
 */
import { createHash } from 'node:crypto';
import type { Address, OutboundMessage, SentRef } from '../engine/types.js';

/** Queues non-reply messages; each `id` is sent at most once while the queue remembers it. */
export interface DeliveryQueue {
  /**
   * Queues a message. `id` is its idempotency key (use the outbox item id): queueing the same id
   * again (a retry, a recovered outbox) is ignored.
   */
  enqueue(id: string, address: Address, message: OutboundMessage): Promise<void>;
  /**
   * Counts a message sent at once, outside the queue (an urgent alert), against the shared limits:
   * it takes the chat's gap and a place in the one-second window, so queued messages make room
   * after it. Never waits for room itself: an urgent alert must not wait behind check-ins.
   */
  sendingNow(address: Address): Promise<void>;
  start(): Promise<void>;
  /** Stops taking work; messages still queued stay queued (BullMQ) or are dropped with a warning (in-process). */
  stop(): Promise<void>;
}

/** Called after each message went out (e.g. to keep an alert's `sentTo` refs). */
export type SentListener = (id: string, ref: SentRef | undefined) => void;

/**
 * Called when the platform refused a message for good because its recipient is gone (blocked the
 * bot, the conversation no longer exists): the patient it was for can be marked unreachable.
 */
export type GoneListener = (id: string, address: Address) => void;

/** Rate limits of a delivery queue. */
export interface RateLimits {
  /** Messages per second over all chats (default 29, evenly spaced, below Telegram's ~30). */
  perSecond: number;
  /** Minimum gap between two messages to one chat, ms. */
  chatIntervalMs(address: Address): number;
}

/** Telegram groups (negative chat ids) allow about 20 messages a minute; private chats about 1/s. */
export const DEFAULT_LIMITS: RateLimits = {
  perSecond: 29,
  chatIntervalMs: (a) => (a.channel === 'telegram' && a.conversationId.startsWith('-') ? 3_000 : 1_000),
};

/** A short opaque key for a chat (no chat id in Redis key names). */
export function chatKey(address: Address): string {
  return createHash('sha256')
    .update(`${address.channel}\u0000${address.conversationId}`)
    .digest('base64url')
    .slice(0, 16);
}

/**
 * The embedded default delivery queue: a FIFO in memory, paced by the injected {@link Clock} (a
 * sliding one-second window over all chats, a minimum gap per chat, a pause after a 429). An
 * unref'd timer pumps it in production; tests move a ManualClock and call {@link pump}.
 */
import type { Clock } from '../clock.js';
import { deliveryFailure } from '../engine/deliveryError.js';
import type { Delivery } from '../engine/ports.js';
import type { Address, OutboundMessage } from '../engine/types.js';
import type { Logger } from '../log.js';
import {
  chatKey,
  DEFAULT_LIMITS,
  type DeliveryQueue,
  type GoneListener,
  type RateLimits,
  type SentListener,
} from './deliveryQueue.js';

interface Item {
  id: string;
  address: Address;
  message: OutboundMessage;
  chat: string;
  attempts: number;
  notBefore: number;
}

/** Options of the {@link InProcessDeliveryQueue}. */
export interface InProcessDeliveryQueueOptions {
  limits?: Partial<RateLimits>;
  /** Attempts per message for retryable failures (default 8; 429 waits do not count). */
  maxAttempts?: number;
  /** Run the timer loop after `start` (default true). */
  timer?: boolean;
  /** How many sent ids are remembered for de-duplication (default 100 000). */
  rememberIds?: number;
  onSent?: SentListener;
  /** Hears of each message refused because its recipient is gone. */
  onGone?: GoneListener;
  log?: Logger;
}

/** In-memory {@link DeliveryQueue}. */
export class InProcessDeliveryQueue implements DeliveryQueue {
  private readonly items: Item[] = [];
  private readonly seen = new Set<string>();
  private readonly chatNext = new Map<string, number>();
  private readonly window: number[] = [];
  private pausedUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> = Promise.resolve(0);
  private readonly limits: RateLimits;
  private readonly maxAttempts: number;

  constructor(
    private readonly delivery: Delivery,
    private readonly clock: Clock,
    private readonly options: InProcessDeliveryQueueOptions = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.maxAttempts = options.maxAttempts ?? 8;
  }

  async enqueue(id: string, address: Address, message: OutboundMessage): Promise<void> {
    if (this.seen.has(id)) return;
    this.remember(id);
    this.items.push({ id, address, message, chat: chatKey(address), attempts: 0, notBefore: 0 });
    this.wake(0);
  }

  async sendingNow(address: Address): Promise<void> {
    const now = this.clock.now();
    this.window.push(now);
    this.chatNext.set(chatKey(address), now + this.limits.chatIntervalMs(address));
  }

  async start(): Promise<void> {
    if (this.options.timer ?? true) this.wake(0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.options.timer = false;
    await this.running;
    if (this.items.length)
      this.options.log?.warn({ queued: this.items.length }, 'delivery queue stopped with messages queued');
  }

  /** Messages waiting. */
  get size(): number {
    return this.items.length;
  }

  /** Sends every message the limits allow at the clock's now; resolves with how many went out. */
  pump(): Promise<number> {
    this.running = this.running.then(() => this.pumpOnce());
    return this.running;
  }

  /** The earliest time (clock ms) something may be sent, or null when nothing waits. */
  nextAt(): number | null {
    if (!this.items.length) return null;
    const now = this.clock.now();
    let at = Number.POSITIVE_INFINITY;
    for (const i of this.items) at = Math.min(at, Math.max(i.notBefore, this.chatNext.get(i.chat) ?? 0));
    if (this.window.length >= this.limits.perSecond) at = Math.max(at, this.window[0]! + 1000);
    return Math.max(at, this.pausedUntil, now);
  }

  private async pumpOnce(): Promise<number> {
    const now = this.clock.now();
    if (now < this.pausedUntil) return 0;
    while (this.window.length && this.window[0]! <= now - 1000) this.window.shift();
    const batch: Item[] = [];
    const busy = new Set<string>();
    for (const item of this.items) {
      if (this.window.length + batch.length >= this.limits.perSecond) break;
      if (item.notBefore > now || busy.has(item.chat) || (this.chatNext.get(item.chat) ?? 0) > now) {
        busy.add(item.chat); // keep each chat's messages in order
        continue;
      }
      busy.add(item.chat);
      batch.push(item);
    }
    for (const item of batch) {
      this.items.splice(this.items.indexOf(item), 1);
      this.window.push(now);
      this.chatNext.set(item.chat, now + this.limits.chatIntervalMs(item.address));
    }
    const results = await Promise.all(batch.map((item) => this.send(item, now)));
    for (const [chat, next] of this.chatNext) if (next <= now) this.chatNext.delete(chat);
    return results.filter(Boolean).length;
  }

  private async send(item: Item, now: number): Promise<boolean> {
    try {
      const ref = await this.delivery.send(item.address, item.message);
      this.options.onSent?.(item.id, ref);
      return true;
    } catch (err) {
      const f = deliveryFailure(err);
      const log = { itemId: item.id, channel: item.address.channel, attempts: item.attempts + 1 };
      if (f.retryAfterMs !== undefined) {
        this.pausedUntil = Math.max(this.pausedUntil, now + f.retryAfterMs);
        this.items.unshift(item);
        this.options.log?.warn(
          { ...log, retryAfterMs: f.retryAfterMs },
          'platform asked to slow down; queue paused',
        );
      } else if (f.retryable && item.attempts + 1 < this.maxAttempts) {
        item.attempts++;
        item.notBefore = now + Math.min(1000 * 2 ** item.attempts, 5 * 60_000);
        this.items.unshift(item);
        this.options.log?.warn(log, 'delivery failed; will retry');
      } else {
        this.options.log?.error(log, 'delivery failed for good; message dropped');
        if (f.gone) this.options.onGone?.(item.id, item.address);
      }
      return false;
    }
  }

  private remember(id: string): void {
    this.seen.add(id);
    const max = this.options.rememberIds ?? 100_000;
    if (this.seen.size > max) {
      const first = this.seen.values().next().value;
      if (first !== undefined) this.seen.delete(first);
    }
  }

  private wake(delayMs: number): void {
    if (!(this.options.timer ?? true)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pump().then(() => {
        const at = this.nextAt();
        if (at !== null) this.wake(Math.max(5, at - this.clock.now()));
      });
    }, delayMs);
    this.timer.unref();
  }
}

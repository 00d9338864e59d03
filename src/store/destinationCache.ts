/**
 * The counsellor registry, cached in each instance. Every Telegram update asks "is this chat a
 * counsellor chat?", and the registry changes a few times a year, so reading it from Redis on
 * every update is waste. Correctness across instances comes from Redis pub/sub: a change is
 * published in the same script that writes it, and every instance drops its copy on the message.
 * The copy is used only while the subscription is live (a missed message is impossible then), and
 * never for longer than {@link DestinationCacheOptions.maxAgeMs} as a safety net.
 */
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';

/** Tuning of the {@link DestinationCache}. */
export interface DestinationCacheOptions {
  /** The longest a copy is used, ms (default 30 000). */
  maxAgeMs?: number;
}

/** A read-through cache of one value, invalidated over a Redis pub/sub channel. */
export class DestinationCache<T> {
  private subscriber: Redis | undefined;
  private live = false;
  private closed = false;
  /** Bumped by every invalidation; a read that overlapped one does not fill the cache. */
  private generation = 0;
  private value: { data: T; at: number } | undefined;
  private readonly maxAgeMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly clock: Clock,
    /** The pub/sub channel that announces changes. */
    readonly channel: string,
    private readonly log?: Logger,
    options: DestinationCacheOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 30_000;
  }

  /** The cached value, or `load()`'s (cached when no change overlapped the read). */
  async read(load: () => Promise<T>): Promise<T> {
    this.subscribe();
    const cached = this.value;
    if (this.live && cached && this.clock.now() - cached.at < this.maxAgeMs) return cached.data;
    const generation = this.generation;
    const data = await load();
    if (this.live && generation === this.generation) this.value = { data, at: this.clock.now() };
    return data;
  }

  /** Drops this instance's copy (after its own write; others learn of it from the channel). */
  invalidate(): void {
    this.generation++;
    this.value = undefined;
  }

  /** Closes the subscription. */
  async close(): Promise<void> {
    this.closed = true;
    const sub = this.subscriber;
    this.subscriber = undefined;
    this.live = false;
    if (!sub) return;
    try {
      await sub.quit();
    } catch {
      sub.disconnect();
    }
  }

  /** Opens the subscription on first use (a store that never reads the registry needs none). */
  private subscribe(): void {
    if (this.subscriber || this.closed) return;
    const sub = this.redis.duplicate({
      connectionName: 'dongyu-store-events',
      maxRetriesPerRequest: null,
      // Subscribed again by hand after a reconnect, so the copy is trusted only once that is done.
      autoResubscribe: false,
    });
    this.subscriber = sub;
    const join = () =>
      sub.subscribe(this.channel).then(
        () => {
          if (this.subscriber !== sub || sub.status !== 'ready') return;
          this.invalidate();
          this.live = true;
        },
        (err: unknown) => this.log?.warn({ err: String(err) }, 'counsellor registry: subscribe failed'),
      );
    let connectedBefore = false;
    sub.on('error', () => {}); // The store's own connection reports Redis errors.
    sub.on('close', () => {
      this.live = false;
      this.invalidate();
    });
    sub.on('ready', () => {
      if (connectedBefore) void join();
      connectedBefore = true;
    });
    sub.on('message', (channel: string) => {
      if (channel === this.channel) this.invalidate();
    });
    void join();
  }
}

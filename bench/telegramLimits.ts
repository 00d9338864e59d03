/**
 * Telegram's flood limits on the fake Bot API: about 30 messages a second overall and one a
 * second per chat; beyond that a call is answered 429 with `retry_after`. A time-scale factor `k`
 * speeds the world up: k×30 messages/s overall, k per chat, retry_after 1/k s. It also keeps the
 * delivery count per chat, which is how the fan-out finds lost and duplicated check-ins.
 */
import type { FakeBotApi } from '../tests/channels/telegram/fakeBotApi.js';

/** Telegram's limits (unscaled). */
export const TELEGRAM_LIMITS = { perSecond: 30, perChatPerSecond: 1 } as const;

/** Calls the fake keeps in its log before the limiter clears it (the benchmark never reads it). */
const LOG_LIMIT = 2_000;

/** The limiter, installed as the fake's interceptor for sendMessage and sendPhoto. */
export class TelegramLimits {
  /** Messages accepted (delivered). */
  accepted = 0;
  /** Calls answered 429. */
  rejected = 0;
  /** Delivered messages by chat id. */
  readonly perChat = new Map<string, number>();
  /** performance.now() of the first and last delivered message. */
  firstAt = 0;
  lastAt = 0;
  /** Delivered messages per whole second since the first one. */
  readonly perSecondBuckets: number[] = [];
  readonly perSecond: number;
  private readonly chatGapMs: number;
  private readonly retryAfterSeconds: number;
  private readonly window: number[] = [];
  private windowStart = 0;
  private readonly chatLast = new Map<string, number>();

  constructor(
    private readonly fake: FakeBotApi,
    /** The time-scale factor k. */
    readonly scale: number,
  ) {
    this.perSecond = TELEGRAM_LIMITS.perSecond * scale;
    this.chatGapMs = 1000 / (TELEGRAM_LIMITS.perChatPerSecond * scale);
    this.retryAfterSeconds = 1 / scale;
    fake.intercept(({ method, params }) => {
      if (fake.calls.length > LOG_LIMIT) {
        fake.calls.length = 0;
        fake.messages.clear();
      }
      if (method !== 'sendMessage' && method !== 'sendPhoto') return undefined;
      return this.admit(String(params.chat_id));
    });
  }

  /** Removes the interceptor. */
  detach(): void {
    this.fake.intercept(null);
  }

  /** Chats that received exactly one, or more than one, message. */
  chatCounts(): { once: number; more: number; extraMessages: number } {
    let once = 0;
    let more = 0;
    let extraMessages = 0;
    for (const n of this.perChat.values()) {
      if (n === 1) once++;
      else {
        more++;
        extraMessages += n - 1;
      }
    }
    return { once, more, extraMessages };
  }

  private admit(chat: string) {
    const now = performance.now();
    while (this.windowStart < this.window.length && this.window[this.windowStart]! <= now - 1000)
      this.windowStart++;
    if (this.windowStart > 10_000) {
      this.window.splice(0, this.windowStart);
      this.windowStart = 0;
    }
    const inWindow = this.window.length - this.windowStart;
    const last = this.chatLast.get(chat);
    if (inWindow >= this.perSecond || (last !== undefined && now - last < this.chatGapMs)) {
      this.rejected++;
      return {
        errorCode: 429,
        description: `Too Many Requests: retry after ${this.retryAfterSeconds}`,
        retryAfter: this.retryAfterSeconds,
      };
    }
    this.window.push(now);
    this.chatLast.set(chat, now);
    this.accepted++;
    this.perChat.set(chat, (this.perChat.get(chat) ?? 0) + 1);
    if (!this.firstAt) this.firstAt = now;
    this.lastAt = now;
    const second = Math.floor((now - this.firstAt) / 1000);
    while (this.perSecondBuckets.length <= second) this.perSecondBuckets.push(0);
    this.perSecondBuckets[second]!++;
    return undefined;
  }
}

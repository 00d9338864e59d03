/**
 * A tap on the fake Bot API for the turn-cost benchmark: counts calls, remembers the keyboard each
 * chat was last sent (so the next press answers the right question), and keeps the fake's own
 * call log from growing without bound over tens of thousands of turns.
 */
import type { FakeBotApi } from '../tests/channels/telegram/fakeBotApi.js';
import { ButtonMemory } from './conversation.js';

/** Calls the fake keeps in its log before the tap clears it (the benchmark never reads the log). */
const LOG_LIMIT = 2_000;

/** Installs itself as the fake's interceptor; it never fails a call. */
export class BotApiTap {
  /** Calls answered since the last {@link BotApiTap.reset}. */
  calls = 0;
  /** sendMessage calls since the last reset. */
  messages = 0;
  readonly buttons = new ButtonMemory();

  constructor(private readonly fake: FakeBotApi) {
    fake.intercept(({ method, params }) => {
      this.calls++;
      if (method === 'sendMessage') {
        this.messages++;
        this.buttons.shownMarkup(String(params.chat_id), params.reply_markup);
      }
      if (fake.calls.length > LOG_LIMIT) this.trim();
      return undefined;
    });
  }

  /** Zeroes the counters. */
  reset(): void {
    this.calls = 0;
    this.messages = 0;
  }

  private trim(): void {
    this.fake.calls.length = 0;
    this.fake.messages.clear();
  }
}

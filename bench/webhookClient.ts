/**
 * Posts Telegram updates to a webhook the way Telegram does (JSON, the secret header), over
 * keep-alive connections so the benchmark measures the bot, not TCP handshakes.
 */
import http from 'node:http';
import type { Update } from 'grammy/types';
import type { FakeBotApi } from '../tests/channels/telegram/fakeBotApi.js';

/** The webhook path and secret every benchmark bot uses. */
export const WEBHOOK = {
  path: '/bench/telegram/webhook',
  /** Matches TELEGRAM_WEBHOOK_SECRET's pattern. */
  secret: 'bench_webhook_secret_0123456789',
  /** The public URL the app is configured with (its path is what matters here). */
  get publicUrl(): string {
    return `https://dongyu.invalid${this.path}`;
  },
};

/** The app's Telegram settings for webhook mode against `fake` (token, API root, webhook). */
export function telegramWebhookEnv(fake: FakeBotApi): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: WEBHOOK.publicUrl,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK.secret,
  };
}

/** A keep-alive client for one webhook endpoint on 127.0.0.1. */
export class WebhookClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    maxSockets = 64,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** Posts one update; resolves with the HTTP status. */
  post(update: Update): Promise<number> {
    const body = JSON.stringify(update);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          path: WEBHOOK.path,
          method: 'POST',
          agent: this.agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-telegram-bot-api-secret-token': WEBHOOK.secret,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Posts one update and rejects unless the bot answered 200. */
  async deliver(update: Update): Promise<void> {
    const status = await this.post(update);
    if (status !== 200) throw new Error(`The webhook answered HTTP ${status} instead of 200.`);
  }

  /** Closes the idle connections. */
  close(): void {
    this.agent.destroy();
  }
}

/**
 * Drives the real app (createApp) as Telegram patients through the fake Bot API, in webhook mode
 * (each update's HTTP answer means its turn is done) or polling mode (turn completion is counted
 * at the engine).
 */
import type { Update } from 'grammy/types';
import { type App, createApp } from '../../../src/app.js';
import { ManualClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config.js';
import { decodeButtonData } from '../../../src/engine/types.js';
import { createLogger } from '../../../src/log.js';
import { InProcessScheduler } from '../../../src/scheduling/inProcessScheduler.js';
import { until } from '../../support/until.js';
import type { BotApiCall, FakeBotApi } from './fakeBotApi.js';
import { callbackUpdate, textUpdate, type UpdateDraft } from './fakeUpdates.js';

/** The webhook secret used by {@link startApp} in webhook mode. */
export const SECRET = 'e2e_secret-0123456789';

/** A running app wired to the fake, and a way to deliver updates and know they were handled. */
export interface AppDriver {
  app: App;
  /** The app's HTTP port (webhooks, /healthz, /readyz) and its metrics port. */
  port: number;
  metricsPort: number;
  /** Delivers one update and resolves once its turn is done; returns the HTTP status (webhook). */
  deliver(update: UpdateDraft & { update_id?: number }): Promise<number | undefined>;
  /** Delivers an update that does not reach the engine (e.g. a counsellor's) and waits for `settled`. */
  deliverThen(update: UpdateDraft, settled: () => boolean): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the whole app against the fake in `mode`; `env` adds variables. */
export async function startApp(
  api: FakeBotApi,
  mode: 'webhook' | 'polling',
  env: Record<string, string> = {},
): Promise<AppDriver> {
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0));
  const app = await createApp(
    loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      ...(mode === 'webhook'
        ? { TELEGRAM_WEBHOOK_URL: 'https://dongyu.example.org/tg/updates', TELEGRAM_WEBHOOK_SECRET: SECRET }
        : {}),
      ...env,
    }),
    {
      clock,
      logger: createLogger('silent'),
      scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
    },
  );
  // Count finished turns (the channel reads ctx.engine on every update).
  const engine = app.engine;
  let done = 0;
  app.engine = {
    storedLocale: (patientId) => engine.storedLocale(patientId),
    claimOnce: (key, ttlSeconds) => engine.claimOnce(key, ttlSeconds),
    async handle(turn) {
      try {
        await engine.handle(turn);
      } finally {
        done++;
      }
    },
  };
  const { port, metricsPort } = await app.start();
  return {
    app,
    port,
    metricsPort,
    async deliver(draft) {
      if (mode === 'webhook') {
        const update = { ...draft, update_id: draft.update_id ?? api.newUpdateId() } as Update;
        return api.deliverWebhook(`http://127.0.0.1:${port}/tg/updates`, update, SECRET);
      }
      const before = done;
      api.pushUpdate(draft);
      await until(() => done > before, 'the turn to finish');
      return undefined;
    },
    async deliverThen(draft, settled) {
      if (mode === 'webhook') {
        const update = { ...draft, update_id: api.newUpdateId() } as Update;
        const status = await api.deliverWebhook(`http://127.0.0.1:${port}/tg/updates`, update, SECRET);
        if (status !== 200) throw new Error(`webhook answered ${status}`);
      } else api.pushUpdate(draft);
      await until(settled, 'the update to be handled');
    },
    stop: () => app.stop(),
  };
}

/** A patient in a private chat with the bot. */
export class TelegramPatient {
  constructor(
    private readonly api: FakeBotApi,
    private readonly driver: AppDriver,
    readonly userId: number,
    readonly languageCode: string,
  ) {}

  /** Successful sendMessage / sendPhoto calls to this chat, in order. */
  get received(): BotApiCall[] {
    return this.api.calls.filter(
      (c) =>
        (c.method === 'sendMessage' || c.method === 'sendPhoto') &&
        c.failedWith === undefined &&
        String(c.params.chat_id) === String(this.userId),
    );
  }

  /** Types a message (or a command); resolves with the messages the turn produced. */
  async say(text: string): Promise<BotApiCall[]> {
    return this.step(textUpdate({ userId: this.userId, text, languageCode: this.languageCode }));
  }

  /** Presses the button with `value` on the newest message that has buttons. */
  async press(value: string): Promise<BotApiCall[]> {
    const withKeyboard = [...this.received].reverse().find((c) => c.params.reply_markup);
    return this.pressOn(withKeyboard, value);
  }

  /** Presses the button with `value` on a given earlier message (e.g. an old question). */
  async pressOn(message: BotApiCall | undefined, value: string): Promise<BotApiCall[]> {
    const rows = (
      message?.params.reply_markup as { inline_keyboard: { callback_data: string }[][] } | undefined
    )?.inline_keyboard;
    const button = rows?.flat().find((b) => decodeButtonData(b.callback_data)?.value === value);
    if (!message || !button) throw new Error(`No button '${value}' on the message`);
    const messageId = (message.result as { message_id: number }).message_id;
    return this.step(
      callbackUpdate({
        userId: this.userId,
        data: button.callback_data,
        messageId,
        languageCode: this.languageCode,
      }),
    );
  }

  /** Delivers any update from this patient; resolves with the messages it produced. */
  async step(update: UpdateDraft): Promise<BotApiCall[]> {
    const before = this.received.length;
    const status = await this.driver.deliver(update);
    if (status !== undefined && status !== 200) throw new Error(`webhook answered ${status}`);
    return this.received.slice(before);
  }
}

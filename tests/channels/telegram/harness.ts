/**
 * A small AppContext for Telegram channel tests: real HTTP server, memory store, the Telegram
 * catalogues only, a recording engine and a recording counsellor desk. End-to-end tests through
 * the real engine use `createApp` instead.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createTelegramChannel,
  type TelegramChannel,
  type TelegramChannelOptions,
} from '../../../src/channels/telegram/telegramChannel.js';
import { ManualClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config.js';
import { ChannelQueries } from '../../../src/engine/channelQueries.js';
import { ChannelDelivery } from '../../../src/engine/delivery.js';
import type { AppContext, CounsellorDesk, CounsellorInbound, Delivery } from '../../../src/engine/ports.js';
import type { Address, InboundTurn, Locale, OutboundMessage } from '../../../src/engine/types.js';
import { HttpServer } from '../../../src/http/server.js';
import { I18n } from '../../../src/i18n.js';
import { createLogger, type Logger } from '../../../src/log.js';
import type { Scheduler } from '../../../src/scheduling/scheduler.js';
import { MemoryStore } from '../../../src/store/memoryStore.js';
import { until } from '../../support/until.js';
import type { FakeBotApi } from './fakeBotApi.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** An I18n over the Telegram catalogues alone (other catalogues may be mid-edit). */
export function telegramI18n(): I18n {
  const dir = mkdtempSync(join(tmpdir(), 'dongyu-tg-locales-'));
  for (const locale of ['en', 'zh-CN']) {
    mkdirSync(join(dir, locale));
    copyFileSync(join(ROOT, 'locales', locale, 'telegram.json'), join(dir, locale, 'telegram.json'));
  }
  return new I18n(dir);
}

/** A TurnHandler that records turns and answers with `reply` (if given) through delivery. */
export class RecordingEngine {
  readonly turns: InboundTurn[] = [];
  /** Make `handle` throw (e.g. to simulate the store being down) while this is set. */
  failWith: Error | undefined;
  reply: ((turn: InboundTurn) => OutboundMessage[]) | undefined;

  constructor(
    private readonly delivery: () => Delivery,
    /** The engine's answers to a channel's questions, read from the harness store. */
    private readonly queries: ChannelQueries,
  ) {}

  storedLocale(patientId: string): Promise<Locale | undefined> {
    return this.queries.storedLocale(patientId);
  }

  claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    return this.queries.claimOnce(key, ttlSeconds);
  }

  /** Calls to `handle`, failed ones included. */
  attempts = 0;

  async handle(turn: InboundTurn): Promise<void> {
    this.attempts++;
    if (this.failWith) throw this.failWith;
    this.turns.push(turn);
    for (const msg of this.reply?.(turn) ?? []) await this.delivery().send(turn.address, msg);
  }

  /** Resolves once `count` turns were recorded. */
  async waitForTurns(count: number, timeoutMs = 8_000): Promise<InboundTurn[]> {
    await until(
      () => this.turns.length >= count,
      () => `${count} turn(s) (${this.turns.length} so far)`,
      timeoutMs,
    );
    return this.turns.slice(0, count);
  }
}

/** A desk that treats `chats` as counsellor chats and records what it is handed. */
export class RecordingDesk implements CounsellorDesk {
  readonly inputs: CounsellorInbound[] = [];
  readonly chats = new Set<string>();

  async isCounsellorChat(address: Address): Promise<boolean> {
    return address.channel === 'telegram' && this.chats.has(address.conversationId);
  }

  async handle(input: CounsellorInbound): Promise<undefined> {
    this.inputs.push(input);
    return undefined;
  }
  readonly removed: Address[] = [];
  async removedFrom(address: Address): Promise<void> {
    this.removed.push(address);
  }
  readonly moves: { from: Address; to: Address }[] = [];
  async chatMoved(from: Address, to: Address): Promise<boolean> {
    this.moves.push({ from, to });
    const known = this.chats.delete(from.conversationId);
    if (known) this.chats.add(to.conversationId);
    return known;
  }
}

/** Everything a channel test holds. */
export interface Harness {
  ctx: AppContext;
  channel: TelegramChannel;
  engine: RecordingEngine;
  desk: RecordingDesk;
  store: MemoryStore;
  /** Base URL of the app's HTTP server (webhook mode). */
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Builds the context, creates and starts the channel against `api`. `env` adds variables; `log`
 * replaces the silent logger.
 */
export async function startHarness(
  api: FakeBotApi,
  env: Record<string, string> = {},
  options: TelegramChannelOptions = { pollTimeoutSeconds: 1 },
  log: Logger = createLogger('silent'),
): Promise<Harness> {
  const config = loadConfig({
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const clock = new ManualClock();
  const store = new MemoryStore(clock);
  const http = new HttpServer(log);
  const delivery = new ChannelDelivery();
  const engine = new RecordingEngine(() => delivery, new ChannelQueries(store, log));
  const desk = new RecordingDesk();
  const ctx: AppContext = {
    config,
    log,
    clock,
    i18n: telegramI18n(),
    store,
    scheduler: {} as Scheduler,
    http,
    delivery,
    engine,
    desk,
  };
  const channel = createTelegramChannel(ctx, options);
  delivery.register(channel);
  const port = await http.listen(0, '127.0.0.1');
  try {
    await channel.start();
  } catch (err) {
    await http.close();
    throw err;
  }
  return {
    ctx,
    channel,
    engine,
    desk,
    store,
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await channel.stop();
      await http.close();
    },
  };
}

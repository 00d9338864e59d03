/**
 * What the turn-cost benchmark sends turns to: the engine directly (memory store, or Redis with
 * the BullMQ scheduler and delivery queue as `REDIS_URL` configures them), the whole app behind
 * its Telegram webhook, and the baseline — a bare grammY echo bot behind the same HTTP server
 * class and path, answering through the same fake Bot API.
 */
import { Bot, webhookCallback } from 'grammy';
import { type App, createApp } from '../src/app.js';
import type { BotApiTransport } from '../src/channels/telegram/undiciTransport.js';
import { loadConfig } from '../src/config.js';
import type { Address, Channel, OutboundMessage, SentRef } from '../src/engine/types.js';
import { HttpServer } from '../src/http/server.js';
import { createLogger } from '../src/log.js';
import type { FakeBotApi } from '../tests/channels/telegram/fakeBotApi.js';
import type { BotApiTap } from './botApiTap.js';
import { ButtonMemory, stepAt, toInbound, toUpdate } from './conversation.js';
import { type Identity, seedPatients, type Templates, telegramIdentity } from './population.js';
import { adminConnection, deleteUnder, REDIS_URL, uniquePrefix } from './redisKit.js';
import { telegramWebhookEnv, WEBHOOK, WebhookClient } from './webhookClient.js';

/** Something that takes patient turns. */
export interface TurnTarget {
  readonly label: string;
  readonly patients: number;
  /** Turns started since the last {@link TurnTarget.resetCounts}. */
  readonly issued: number;
  /** Runs the next turn of patient `index` (0 ≤ index < patients); rejects when it failed. */
  turn(index: number): Promise<void>;
  /** Replies (engine) or Bot API calls (webhook) since the last reset. */
  outputs(): number;
  resetCounts(): void;
  /** Stops everything and deletes every Redis key it created. */
  close(): Promise<void>;
}

const silent = createLogger('silent');
const USER_BASE = 810_000_000;
const languageOf = (i: number) => (i % 2 === 1 ? 'zh-hans' : 'en');

/** A channel that sends nowhere; it remembers the buttons each patient was shown. */
class SinkChannel implements Channel {
  readonly name = 'console' as const;
  sent = 0;
  constructor(private readonly buttons: ButtonMemory) {}
  async start() {}
  async stop() {}
  async send(address: Address, message: OutboundMessage): Promise<SentRef> {
    this.sent++;
    this.buttons.shown(address.conversationId, message.buttons);
    return { address, messageId: String(this.sent) };
  }
}

function consoleIdentity(i: number): Identity {
  return { patientId: `console:bench-${i}`, address: { channel: 'console', conversationId: `bench-${i}` } };
}

function redisEnv(kind: 'memory' | 'redis', name: string) {
  if (kind === 'memory') return { env: {}, prefix: undefined };
  const prefix = uniquePrefix(name);
  return { env: { REDIS_URL, REDIS_PREFIX: prefix }, prefix };
}

async function closeApp(app: App, prefix: string | undefined): Promise<void> {
  await app.stop();
  if (!prefix) return;
  const redis = adminConnection();
  try {
    await deleteUnder(redis, prefix);
  } finally {
    await redis.quit();
  }
}

/** The turn engine of a full app (no channel: replies go to a sink), on the memory store or Redis. */
export async function engineTarget(
  kind: 'memory' | 'redis',
  templates: Templates,
  patients: number,
): Promise<TurnTarget> {
  const { env, prefix } = redisEnv(kind, 'turns-engine');
  const buttons = new ButtonMemory();
  const sink = new SinkChannel(buttons);
  const app = await createApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...env }), {
    logger: silent,
    channels: [sink],
  });
  await seedPatients(app.store, patients, consoleIdentity, { templates });
  await app.start();
  const cursor = new Uint32Array(patients);
  let base = 0;
  let issued = 0;
  return {
    label: `engine, ${kind === 'memory' ? 'memory store' : 'Redis'}`,
    patients,
    get issued() {
      return issued;
    },
    async turn(index) {
      issued++;
      const who = consoleIdentity(index);
      const chat = who.address.conversationId;
      const step = stepAt(cursor[index]!++);
      await app.engine.handle({
        ...who,
        languageCode: languageOf(index),
        message: toInbound(step, chat, buttons),
      });
    },
    outputs: () => sink.sent - base,
    resetCounts() {
      issued = 0;
      base = sink.sent;
    },
    close: () => closeApp(app, prefix),
  };
}

function webhookTarget(
  label: string,
  port: number,
  tap: BotApiTap,
  patients: number,
  close: () => Promise<void>,
): TurnTarget {
  const client = new WebhookClient(port);
  const cursor = new Uint32Array(patients);
  let updateId = 1;
  let issued = 0;
  return {
    label,
    patients,
    get issued() {
      return issued;
    },
    async turn(index) {
      issued++;
      const step = stepAt(cursor[index]!++);
      await client.deliver(toUpdate(step, USER_BASE + index, updateId++, languageOf(index), tap.buttons));
    },
    outputs: () => tap.calls,
    resetCounts() {
      issued = 0;
      tap.reset();
    },
    async close() {
      client.close();
      await close();
    },
  };
}

/** The baseline: a bare grammY echo bot (`webhookCallback`) on the app's HTTP server class and path. */
export async function echoTarget(fake: FakeBotApi, tap: BotApiTap, patients: number): Promise<TurnTarget> {
  const bot = new Bot(fake.token, { client: { apiRoot: fake.apiRoot } });
  bot.on('message:text', (ctx) => ctx.reply(ctx.message.text));
  bot.on('callback_query:data', (ctx) => ctx.reply(ctx.callbackQuery.data));
  await bot.init();
  const http = new HttpServer(silent);
  http.route('POST', WEBHOOK.path, webhookCallback(bot, 'http', { secretToken: WEBHOOK.secret }));
  const port = await http.listen(0, '127.0.0.1');
  return webhookTarget('echo bot (baseline)', port, tap, patients, () => http.close());
}

/** The whole app behind its Telegram webhook, answering through the fake Bot API. */
export async function appWebhookTarget(
  kind: 'memory' | 'redis',
  fake: FakeBotApi,
  tap: BotApiTap,
  templates: Templates,
  patients: number,
  overrides: { transport?: BotApiTransport; label?: string } = {},
): Promise<TurnTarget> {
  const { env, prefix } = redisEnv(kind, 'turns-webhook');
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    ...telegramWebhookEnv(fake),
    ...env,
  });
  const app = await createApp(config, {
    logger: silent,
    ...(overrides.transport ? { telegram: { transport: overrides.transport } } : {}),
  });
  await seedPatients(app.store, patients, (i) => telegramIdentity(USER_BASE + i), { templates });
  const { port } = await app.start();
  const label = overrides.label ?? `full stack via webhook, ${kind === 'memory' ? 'memory store' : 'Redis'}`;
  return webhookTarget(label, port, tap, patients, () => closeApp(app, prefix));
}

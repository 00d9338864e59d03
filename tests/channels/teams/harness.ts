/**
 * Test harness for the Teams channel without the whole app: a real HTTP server with the channel's
 * route, a fake connector, and recording fakes of the engine and the counsellor desk.
 */

import { createTeamsChannel } from '../../../src/channels/teams/index.js';
import { ManualClock } from '../../../src/clock.js';
import { type Config, loadConfig } from '../../../src/config.js';
import { ChannelQueries } from '../../../src/engine/channelQueries.js';
import { ChannelDelivery } from '../../../src/engine/delivery.js';
import type {
  AppContext,
  CounsellorDesk,
  CounsellorInbound,
  TurnHandler,
} from '../../../src/engine/ports.js';
import type { Address, Channel, InboundTurn, Locale } from '../../../src/engine/types.js';
import { HttpServer } from '../../../src/http/server.js';
import { I18n } from '../../../src/i18n.js';
import { createLogger } from '../../../src/log.js';
import type { Scheduler } from '../../../src/scheduling/scheduler.js';
import { MemoryStore } from '../../../src/store/memoryStore.js';
import { FakeConnector } from './fakeConnector.js';

/** The bot's Teams identity in test activities. */
export const BOT = { id: '28:dongyu-bot', name: 'Dongyu' };

/** A recording turn engine; `onTurn` may answer through the channel. */
export class RecordingEngine implements TurnHandler {
  readonly turns: InboundTurn[] = [];
  onTurn?: (turn: InboundTurn) => Promise<void>;
  /** The engine's answers to a channel's questions, read from the harness store. */
  constructor(private readonly queries: ChannelQueries) {}
  storedLocale(patientId: string): Promise<Locale | undefined> {
    return this.queries.storedLocale(patientId);
  }
  claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    return this.queries.claimOnce(key, ttlSeconds);
  }
  async handle(turn: InboundTurn): Promise<void> {
    this.turns.push(turn);
    await this.onTurn?.(turn);
  }
}

/** A recording counsellor desk; conversations in `registered` count as counsellor chats. */
export class RecordingDesk implements CounsellorDesk {
  readonly inputs: CounsellorInbound[] = [];
  readonly registered = new Set<string>();
  async isCounsellorChat(address: Address): Promise<boolean> {
    return this.registered.has(address.conversationId);
  }
  async handle(input: CounsellorInbound): Promise<undefined> {
    this.inputs.push(input);
    return undefined;
  }
  readonly removed: Address[] = [];
  /** The `sameGroup` test of each removal (undefined when the removal named one chat only). */
  readonly removedGroups: (((other: Address) => boolean) | undefined)[] = [];
  async removedFrom(address: Address, sameGroup?: (other: Address) => boolean): Promise<void> {
    this.removed.push(address);
    this.removedGroups.push(sameGroup);
  }
  async chatMoved(): Promise<boolean> {
    return false;
  }
}

/** A running harness. */
export interface Harness {
  ctx: AppContext;
  config: Config;
  engine: RecordingEngine;
  desk: RecordingDesk;
  store: MemoryStore;
  clock: ManualClock;
  connector: FakeConnector;
  channel: Channel | null;
  /** Base URL of the bot's HTTP server. */
  baseUrl: string;
  /** POSTs an activity (or raw body) to `/api/messages`. */
  post(body: unknown, headers?: Record<string, string>): Promise<{ status: number; text: string }>;
  stop(): Promise<void>;
}

const noScheduler = new Proxy({} as Scheduler, {
  get: () => () => Promise.reject(new Error('the Teams harness has no scheduler')),
});

/** Starts the harness with environment overrides (anonymous Teams by default). */
export async function startHarness(
  env: Record<string, string> = { TEAMS_ALLOW_ANONYMOUS: 'true' },
  options: { logs?: NodeJS.WritableStream } = {},
): Promise<Harness> {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DEFAULT_LOCALE: 'en', ...env });
  const log = options.logs ? createLogger('info', options.logs) : createLogger('silent');
  const clock = new ManualClock();
  const store = new MemoryStore(clock);
  const http = new HttpServer(log);
  const engine = new RecordingEngine(new ChannelQueries(store, log));
  const desk = new RecordingDesk();
  const delivery = new ChannelDelivery();
  const ctx: AppContext = {
    config,
    log,
    clock,
    i18n: new I18n(),
    store,
    scheduler: noScheduler,
    http,
    delivery,
    engine,
    desk,
  };
  const channel = createTeamsChannel(ctx);
  if (channel) {
    delivery.register(channel);
    await channel.start();
  }
  // A second route so the server has something to serve even when Teams is off.
  http.route('GET', '/healthz', (_req, res) => void res.writeHead(200).end('ok'));
  const port = await http.listen(0, '127.0.0.1');
  const connector = new FakeConnector();
  await connector.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    ctx,
    config,
    engine,
    desk,
    store,
    clock,
    connector,
    channel,
    baseUrl,
    async post(body, headers = {}) {
      const res = await fetch(`${baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    },
    async stop() {
      await channel?.stop();
      await http.close();
      await connector.stop();
    },
  };
}

let seq = 0;

/** Options for a test activity. */
export interface ActivityOptions {
  serviceUrl: string;
  type?: string;
  text?: string;
  value?: unknown;
  locale?: string;
  user?: { id: string; aadObjectId?: string; name?: string };
  conversation?: { id: string; conversationType: string; isGroup?: boolean; tenantId?: string };
  attachments?: { contentType: string; contentUrl?: string; name?: string }[];
  /** Adds a mention entity of the bot for `<at>Dongyu</at>` in the text. */
  mention?: boolean;
  membersAdded?: { id: string }[];
  id?: string;
  membersRemoved?: { id: string }[];
  /** The activity a card submit answers (Teams sets it to the card's activity id). */
  replyToId?: string;
  /** Teams' own fields (a channel's activities carry `team` and `channel`). */
  channelData?: unknown;
  /** An invoke's name (`fileConsent/invoke`, `adaptiveCard/action`). */
  name?: string;
}

/** The patient's personal chat in tests. */
export const PERSONAL = { id: 'a:1personal-chat-xyz', conversationType: 'personal', tenantId: 'tenant-1' };
/** A counsellors' channel; activities arrive on a thread of it. */
export const CHANNEL_BASE = '19:counsellors@thread.tacv2';
export const CHANNEL_THREAD = {
  id: `${CHANNEL_BASE};messageid=1700000000000`,
  conversationType: 'channel',
  isGroup: true,
  tenantId: 'tenant-1',
};
/** A patient. */
export const PATIENT = { id: '29:patient-user-1', aadObjectId: 'aad-patient-1', name: 'Pat Test' };
/** A counsellor. */
export const COUNSELLOR = { id: '29:counsellor-1', aadObjectId: 'aad-counsellor-1', name: 'Dr Li' };

/** Builds a Bot Framework activity as Teams would send it. */
export function activity(o: ActivityOptions): Record<string, unknown> {
  seq += 1;
  const a: Record<string, unknown> = {
    type: o.type ?? 'message',
    id: o.id ?? `f:activity-${seq}`,
    timestamp: new Date(Date.UTC(2026, 0, 5, 12, 0, seq)).toISOString(),
    channelId: 'msteams',
    serviceUrl: o.serviceUrl,
    from: o.user ?? PATIENT,
    recipient: BOT,
    conversation: o.conversation ?? PERSONAL,
    locale: o.locale ?? 'en-US',
  };
  if (o.text !== undefined) a.text = o.text;
  if (o.value !== undefined) a.value = o.value;
  if (o.attachments) a.attachments = o.attachments;
  if (o.membersAdded) a.membersAdded = o.membersAdded;
  if (o.membersRemoved) a.membersRemoved = o.membersRemoved;
  if (o.replyToId) a.replyToId = o.replyToId;
  if (o.channelData !== undefined) a.channelData = o.channelData;
  if (o.name !== undefined) a.name = o.name;
  if (o.mention) a.entities = [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }];
  return a;
}

/**
 * Test harness for the escalation service: a MemoryStore, the in-process scheduler on a
 * ManualClock, a recording Delivery (Telegram, Teams and console "reachable"), a recording turn
 * engine, and helpers to add patients and press buttons as counsellors.
 */
import type { HistoryEntry } from '../../flows/history.js';
import { ManualClock } from '../../src/clock.js';
import { type Config, loadConfig } from '../../src/config.js';
import { ChannelQueries } from '../../src/engine/channelQueries.js';
import { DeliveryError } from '../../src/engine/deliveryError.js';
import type { CounsellorInbound, Delivery, TurnHandler } from '../../src/engine/ports.js';
import type {
  Address,
  Channel,
  ChannelName,
  Inbound,
  InboundTurn,
  Locale,
  OutboundMessage,
  SentRef,
} from '../../src/engine/types.js';
import type { EscalationContext, ProgressPort } from '../../src/escalation/context.js';
import { createEscalation, type Escalation } from '../../src/escalation/escalation.js';
import { I18n } from '../../src/i18n.js';
import { createLogger } from '../../src/log.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import type { Scheduler } from '../../src/scheduling/scheduler.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import type { AlertDraft, PatientDoc, Store } from '../../src/store/store.js';

/** One message the fake delivery sent. */
export interface Sent {
  address: Address;
  message: OutboundMessage;
  ref: SentRef;
}

/** A Delivery that records what it sends and edits. */
export class RecordingDelivery implements Delivery {
  readonly sent: Sent[] = [];
  readonly edits: { ref: SentRef; message: OutboundMessage }[] = [];
  readonly reachable = new Set<ChannelName>(['telegram', 'teams', 'console']);
  /** Addresses (`channel:conversationId`) whose sends throw. */
  readonly failing = new Set<string>();
  /** Chats whose sends fail for good (the patient blocked the bot). */
  readonly blocked = new Set<string>();
  private n = 0;

  register(_channel: Channel): void {}

  async send(address: Address, message: OutboundMessage): Promise<SentRef | undefined> {
    if (this.failing.has(`${address.channel}:${address.conversationId}`)) throw new Error('delivery failed');
    if (this.blocked.has(`${address.channel}:${address.conversationId}`))
      throw new DeliveryError(address.channel, 403, false);
    const ref = { address, messageId: String(++this.n) };
    this.sent.push({ address, message, ref });
    return ref;
  }

  async edit(ref: SentRef, message: OutboundMessage): Promise<void> {
    this.edits.push({ ref, message });
  }

  canReach(address: Address): boolean {
    return this.reachable.has(address.channel);
  }

  /** Messages sent to one chat. */
  to(address: Address): Sent[] {
    return this.sent.filter(
      (s) => s.address.channel === address.channel && s.address.conversationId === address.conversationId,
    );
  }

  /** The latest text of a sent message, after any edits. */
  current(ref: SentRef): OutboundMessage {
    const edits = this.edits.filter(
      (e) => e.ref.messageId === ref.messageId && e.ref.address.conversationId === ref.address.conversationId,
    );
    return edits.length
      ? edits[edits.length - 1]!.message
      : this.sent.find((s) => s.ref.messageId === ref.messageId)!.message;
  }

  clear(): void {
    this.sent.length = 0;
    this.edits.length = 0;
  }
}

/** A turn engine that records turns. */
export class RecordingEngine implements TurnHandler {
  readonly turns: InboundTurn[] = [];
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
  }
}

/** The configured Telegram counsellor group (zh-CN, the default locale). */
export const CONFIG_GROUP: Address = { channel: 'telegram', conversationId: '-100111' };
/** A Teams channel enrolled in English. */
export const TEAMS_CHANNEL: Address = {
  channel: 'teams',
  conversationId: '19:counsellors@thread.tacv2',
  reference: { serviceUrl: 'http://127.0.0.1:1/', conversation: { id: '19:counsellors@thread.tacv2' } },
};
/** The enrol code used by the harness. */
export const ENROL_CODE = 'open-sesame-42';

/** Everything a test needs. */
export interface Harness {
  clock: ManualClock;
  config: Config;
  store: Store;
  /** The in-process scheduler (typed so); with `extra.scheduler`, the one given (no `pending()`). */
  scheduler: InProcessScheduler;
  delivery: RecordingDelivery;
  engine: RecordingEngine;
  i18n: I18n;
  escalation: Escalation;
  /** Moves the clock and runs whatever came due. */
  advance(ms: number): Promise<void>;
  /** Adds a patient; returns their document. */
  addPatient(
    p: Partial<PatientDoc> & { patientId: string; code: string },
    history?: HistoryEntry[],
  ): Promise<PatientDoc>;
  /** A counsellor input from `address`. */
  counsellor(address: Address, message: Inbound, actor?: { id: string; name: string }): Promise<void>;
  /** Enrols the Teams channel (English) through the desk. */
  enrolTeams(): Promise<void>;
  /** A draft for a patient. */
  draft(
    patient: { patientId: string; code: string },
    reason: string,
    level?: AlertDraft['level'],
  ): AlertDraft;
}

const i18n = new I18n();

/** Builds a harness; `env` overrides the configuration. */
export async function harness(
  env: Record<string, string> = {},
  extra: {
    progress?: ProgressPort;
    store?: (clock: ManualClock) => Store;
    /** Another scheduler (BullMQ on Redis) instead of the in-process one. */
    scheduler?: (clock: ManualClock) => Scheduler & { runDue(): Promise<number> };
  } = {},
): Promise<Harness> {
  const clock = new ManualClock();
  const config = loadConfig({
    COUNSELLOR_TELEGRAM_CHAT_IDS: CONFIG_GROUP.conversationId,
    COUNSELLOR_ENROL_CODE: ENROL_CODE,
    DEFAULT_LOCALE: 'zh-CN',
    DEFAULT_TIMEZONE: 'Asia/Shanghai',
    ...env,
  });
  const store = extra.store?.(clock) ?? new MemoryStore(clock);
  const scheduler = (extra.scheduler?.(clock) ??
    new InProcessScheduler(clock, undefined, { timer: false })) as InProcessScheduler;
  const delivery = new RecordingDelivery();
  const log = createLogger('silent');
  const engine = new RecordingEngine(new ChannelQueries(store, log));
  const ctx: EscalationContext = {
    config,
    log,
    clock,
    i18n,
    store,
    scheduler,
    delivery,
    engine,
    ...(extra.progress ? { progress: extra.progress } : {}),
  };
  const escalation = createEscalation(ctx);
  await escalation.start();
  await scheduler.start((job) => escalation.handleDueJob(job));
  const h: Harness = {
    clock,
    config,
    store,
    scheduler,
    delivery,
    engine,
    i18n,
    escalation,
    async advance(ms) {
      clock.advance(ms);
      await scheduler.runDue();
    },
    async addPatient(p, history = []) {
      const doc: PatientDoc = {
        schemaVersion: 1,
        flowVersion: 1,
        snapshot: { context: {} },
        revision: 1,
        locale: 'zh-CN',
        address: { channel: 'telegram', conversationId: p.patientId.replace(/^\w+:/, ''), userId: '1' },
        createdAt: clock.now() - 86_400_000,
        lastMessageAt: clock.now(),
        ...p,
      };
      await store.commitTurn({ doc, expectedRevision: 0, history, outbox: [] });
      return doc;
    },
    async counsellor(address, message, actor = { id: '501', name: '李医生' }) {
      const input: CounsellorInbound = { address, actor, message };
      await escalation.desk.handle(input);
    },
    async enrolTeams() {
      await h.counsellor(
        TEAMS_CHANNEL,
        { kind: 'command', name: 'counsellor', args: `${ENROL_CODE} en` },
        { id: '29:ann', name: 'Ann Lee' },
      );
    },
    draft(patient, reason, level = 'urgent') {
      return {
        patientId: patient.patientId,
        code: patient.code,
        level,
        reason,
        toldPatient: [],
        at: clock.now(),
      };
    },
  };
  return h;
}

/** The texts sent to one chat. */
export function texts(h: Harness, address: Address): string[] {
  return h.delivery.to(address).map((s) => s.message.text);
}

/** The locale-independent check that a message is an alert for `code`. */
export function isAlertFor(message: OutboundMessage, code: string): boolean {
  return message.text.includes(code) && (message.buttons ?? []).some((b) => b.data.startsWith('ack:'));
}

export type { Locale };

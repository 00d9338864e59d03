/**
 * Drives one or more patients through the real app (engine, flows, locales, memory store,
 * in-process scheduler) with a recording channel and a manual clock.
 */
import { type App, type AppOverrides, createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Address, Channel, Inbound, Locale, OutboundMessage, SentRef } from '../../src/engine/types.js';
import { decodeButtonData } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import type { Store } from '../../src/store/store.js';

/** A channel that records what it is asked to send. */
export class RecordingChannel implements Channel {
  readonly name = 'console' as const;
  readonly sent: { address: Address; message: OutboundMessage }[] = [];
  readonly edits: { ref: SentRef; message: OutboundMessage }[] = [];
  async start() {}
  async stop() {}
  async send(address: Address, message: OutboundMessage): Promise<SentRef> {
    this.sent.push({ address, message });
    return { address, messageId: String(this.sent.length) };
  }
  async edit(ref: SentRef, message: OutboundMessage) {
    this.edits.push({ ref, message });
  }
  to(conversationId: string) {
    return this.sent.filter((s) => s.address.conversationId === conversationId).map((s) => s.message);
  }
}

/** Counsellor alerts in the harness arrive here. */
export const COUNSELLORS: Address = { channel: 'console', conversationId: 'counsellors' };

/** A test patient. */
export class TestPatient {
  constructor(
    readonly h: Harness,
    readonly id: string,
    readonly languageCode: string,
  ) {}
  get address(): Address {
    return { channel: 'console', conversationId: this.id };
  }
  /** Messages sent to this patient so far. */
  get inbox(): OutboundMessage[] {
    return this.h.channel.to(this.id);
  }
  get last(): OutboundMessage {
    return this.inbox.at(-1)!;
  }
  /** Sends an inbound message; returns the messages this turn produced for the patient. */
  async send(message: Inbound): Promise<OutboundMessage[]> {
    const before = this.inbox.length;
    await this.h.app.engine.handle({
      patientId: this.id,
      address: this.address,
      languageCode: this.languageCode,
      message,
    });
    return this.inbox.slice(before);
  }
  say(text: string) {
    return this.send({ kind: 'text', text });
  }
  command(name: string, args = '') {
    return this.send({ kind: 'command', name, args });
  }
  /** Presses the button with `value` on the last message that had buttons. */
  press(value: string) {
    const withButtons = [...this.inbox].reverse().find((m) => m.buttons?.length);
    const b = withButtons?.buttons?.find((x) => decodeButtonData(x.data)?.value === value);
    if (!b)
      throw new Error(
        `No button '${value}' on the last question: ${withButtons?.buttons?.map((x) => x.data).join(', ')}`,
      );
    const d = decodeButtonData(b.data)!;
    return this.send({ kind: 'choice', askId: d.askId, value: d.value });
  }
  /** All text sent to the patient, joined. */
  get transcript(): string {
    return this.inbox.map((m) => m.text).join('\n---\n');
  }
}

/** The harness. */
export class Harness {
  readonly clock = new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0)); // a Monday, 12:00 in Shanghai
  readonly channel = new RecordingChannel();
  readonly scheduler: InProcessScheduler;
  readonly store: Store;
  app!: App;

  constructor(store?: Store) {
    this.store = store ?? new MemoryStore(this.clock);
    this.scheduler = new InProcessScheduler(this.clock, undefined, { timer: false });
  }

  static async create(
    env: Record<string, string> = {},
    store?: Store,
    overrides: Partial<AppOverrides> = {},
  ): Promise<Harness> {
    const h = new Harness(store);
    h.app = await createApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', ...env }), {
      clock: h.clock,
      store: h.store,
      scheduler: h.scheduler,
      logger: createLogger('silent'),
      channels: [h.channel],
      ...overrides,
    });
    await h.app.start();
    await h.store.addCounsellorDestination({
      address: COUNSELLORS,
      locale: 'en',
      source: 'config',
      addedAt: h.clock.now(),
    });
    return h;
  }

  patient(id: string, languageCode = 'en') {
    return new TestPatient(this, id, languageCode);
  }

  t(locale: Locale, key: string, params?: Record<string, string | number>) {
    return this.app.i18n.t(locale, key, params);
  }

  /** Alerts the counsellors received. */
  get alerts(): OutboundMessage[] {
    return this.channel.to(COUNSELLORS.conversationId);
  }

  /** Moves time and runs what came due. */
  async advance(ms: number) {
    this.clock.advance(ms);
    await this.scheduler.runDue();
  }

  async close() {
    await this.app.stop();
  }
}

/** Answers every onboarding question with sensible defaults (by typing), ending with the plan. */
export async function onboard(
  p: TestPatient,
  opts: {
    parqYes?: boolean;
    days?: number;
    craving?: number;
    phq2?: [number, number];
    zh?: boolean;
    timezone?: string;
  } = {},
) {
  await p.send({ kind: 'hello' });
  await p.say(opts.zh ? '同意' : 'yes');
  await p.say('30');
  for (let i = 0; i < 7; i++) await p.say(i === 2 && opts.parqYes ? 'yes' : 'no');
  await p.say(String(opts.days ?? 45));
  await p.say(String(opts.craving ?? 4));
  await p.say(String(opts.phq2?.[0] ?? 0));
  await p.say(String(opts.phq2?.[1] ?? 1));
  await p.say('3');
  await p.press('all');
  await p.press('either');
  await p.press('21:00');
  await p.press(opts.timezone ?? 'Asia/Shanghai');
  await p.say(opts.zh ? '不' : 'no');
}

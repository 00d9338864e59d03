/**
 * End-to-end harness for Teams: the real app from `src/app.ts` (engine, flows, locales, desk,
 * memory store, in-process scheduler on a manual clock) with Teams on (anonymous), driven over
 * HTTP at `/api/messages`, answering through a fake Bot Framework connector.
 */
import { type App, createApp } from '../../../src/app.js';
import { ManualClock } from '../../../src/clock.js';
import { loadConfig } from '../../../src/config.js';
import type { Locale } from '../../../src/engine/types.js';
import { createLogger } from '../../../src/log.js';
import { InProcessScheduler } from '../../../src/scheduling/inProcessScheduler.js';
import { MemoryStore } from '../../../src/store/memoryStore.js';
import { activityText, cardActions, FakeConnector } from './fakeConnector.js';
import { activity, BOT, CHANNEL_BASE, CHANNEL_THREAD, COUNSELLOR } from './harness.js';

/** One message as the person in Teams sees it. */
export interface Seen {
  text: string;
  /** Card buttons: title and submit data. */
  buttons: { title: string; data: Record<string, unknown> }[];
  kind: 'send' | 'reply' | 'update';
  id: string | undefined;
}

/** A running app with Teams and a fake connector. */
export class TeamsApp {
  readonly clock = new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0)); // a Monday, 12:00 in Shanghai
  readonly store = new MemoryStore(this.clock);
  readonly scheduler = new InProcessScheduler(this.clock, undefined, { timer: false });
  readonly connector = new FakeConnector();
  app!: App;
  baseUrl = '';

  static async start(env: Record<string, string> = {}): Promise<TeamsApp> {
    const t = new TeamsApp();
    await t.connector.start();
    t.app = await createApp(
      loadConfig({ PORT: '0', LOG_LEVEL: 'silent', TEAMS_ALLOW_ANONYMOUS: 'true', ...env }),
      { clock: t.clock, store: t.store, scheduler: t.scheduler, logger: createLogger('silent') },
    );
    const { port } = await t.app.start();
    t.baseUrl = `http://127.0.0.1:${port}`;
    return t;
  }

  /** POSTs an invoke to `/api/messages`; returns its answer's body (JSON). */
  async invoke(body: Record<string, unknown>): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** POSTs an activity to `/api/messages`; returns the HTTP status. */
  async post(body: Record<string, unknown>): Promise<number> {
    const res = await fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.text();
    if (res.status !== 200) throw new Error(`POST /api/messages answered ${res.status}`);
    return res.status;
  }

  /** What a conversation has received so far. */
  seen(conversationId: string): Seen[] {
    return this.connector.to(conversationId).map((c) => ({
      text: activityText(c.activity),
      buttons: cardActions(c.activity).map((a) => ({ title: a.title, data: a.data ?? {} })),
      kind: c.kind as Seen['kind'],
      id: c.responseId,
    }));
  }

  /** A patient in a personal chat whose Teams client speaks `locale`. */
  patient(name: string, locale: string): TeamsPatient {
    return new TeamsPatient(this, name, locale);
  }

  /** A counsellors' channel in a team. */
  channel(locale = 'en-US'): CounsellorChannel {
    return new CounsellorChannel(this, locale);
  }

  t(locale: Locale, key: string, params?: Record<string, string | number>): string {
    return this.app.i18n.t(locale, key, params);
  }

  /** Moves time and runs what came due. */
  async advance(ms: number): Promise<void> {
    this.clock.advance(ms);
    await this.scheduler.runDue();
  }

  async stop(): Promise<void> {
    await this.app.stop();
    await this.connector.stop();
  }
}

/** A patient chatting with the bot in Teams. */
export class TeamsPatient {
  readonly conversationId: string;
  readonly user: { id: string; aadObjectId: string; name: string };

  constructor(
    readonly t: TeamsApp,
    name: string,
    readonly locale: string,
  ) {
    this.conversationId = `a:personal-${name}`;
    this.user = { id: `29:${name}`, aadObjectId: `aad-${name}`, name: `Patient ${name}` };
  }

  get patientId(): string {
    return `teams:${this.user.aadObjectId}`;
  }

  /** Everything the patient has seen. */
  get inbox(): Seen[] {
    return this.t.seen(this.conversationId);
  }

  get last(): Seen {
    return this.inbox.at(-1)!;
  }

  get transcript(): string {
    return this.inbox.map((m) => m.text).join('\n---\n');
  }

  private base(extra: Partial<Parameters<typeof activity>[0]>): Record<string, unknown> {
    return activity({
      serviceUrl: this.t.connector.url,
      user: this.user,
      locale: this.locale,
      conversation: { id: this.conversationId, conversationType: 'personal', tenantId: 'tenant-1' },
      ...extra,
    });
  }

  private async run(body: Record<string, unknown>): Promise<Seen[]> {
    const before = this.inbox.length;
    await this.t.post(body);
    return this.inbox.slice(before);
  }

  /** Installs the app (Teams sends conversationUpdate with the bot added). */
  install(): Promise<Seen[]> {
    return this.run(
      this.base({ type: 'conversationUpdate', membersAdded: [{ id: this.user.id }, { id: BOT.id }] }),
    );
  }

  /** Uninstalls the app from their personal scope (Teams sends `installationUpdate` remove). */
  uninstall(): Promise<Seen[]> {
    return this.run({ ...this.base({ type: 'installationUpdate' }), action: 'remove' });
  }

  /** Types a message. */
  say(text: string): Promise<Seen[]> {
    return this.run(this.base({ text }));
  }

  /** Sends an invoke (a consent card answered, a Universal Action); returns what it produced. */
  invoke(name: string, value: unknown): Promise<Seen[]> {
    return this.run(this.base({ type: 'invoke', name, value }));
  }

  /**
   * Presses the button whose value is `value` on the latest card, as Teams sends it: with the
   * card's activity id in `replyToId` (so the channel can update that card).
   */
  pressOnCard(value: string): Promise<Seen[]> {
    const card = [...this.inbox].reverse().find((m) => m.buttons.some((b) => b.data.value === value));
    if (!card) throw new Error(`No card with a button '${value}'.`);
    const b = card.buttons.find((x) => x.data.value === value)!;
    return this.run(this.base({ value: b.data, ...(card.id ? { replyToId: card.id } : {}) }));
  }

  /** Submits an arbitrary card payload. */
  submit(value: unknown): Promise<Seen[]> {
    return this.run(this.base({ value }));
  }

  /** The buttons of the latest message that has any. */
  get lastButtons(): Seen['buttons'] {
    return [...this.inbox].reverse().find((m) => m.buttons.length)?.buttons ?? [];
  }

  /** Presses the button whose submit value is `value` on the latest card. */
  press(value: string): Promise<Seen[]> {
    const b = this.lastButtons.find((x) => x.data.value === value);
    if (!b) {
      const offered = this.lastButtons.map((x) => String(x.data.value)).join(', ');
      throw new Error(`No button '${value}' on the latest card (offered: ${offered}).`);
    }
    return this.submit(b.data);
  }
}

/** A counsellors' channel: messages arrive on a thread, with the bot @mentioned. */
export class CounsellorChannel {
  constructor(
    readonly t: TeamsApp,
    readonly locale: string,
  ) {}

  get conversationId(): string {
    return CHANNEL_BASE;
  }

  get inbox(): Seen[] {
    return this.t.seen(CHANNEL_BASE);
  }

  private async run(body: Record<string, unknown>): Promise<Seen[]> {
    const before = this.inbox.length;
    await this.t.post(body);
    return this.inbox.slice(before);
  }

  /** Posts `@Dongyu <text>` in the channel. */
  mention(text: string): Promise<Seen[]> {
    return this.run(
      activity({
        serviceUrl: this.t.connector.url,
        conversation: CHANNEL_THREAD,
        user: COUNSELLOR,
        locale: this.locale,
        text: `<at>${BOT.name}</at> ${text}`,
        mention: true,
      }),
    );
  }

  /** Presses an `Action.Execute` on the card `replyToId` (a Universal Action); returns the invoke's answer. */
  execute(verb: string, data: Record<string, unknown>, replyToId: string | undefined): Promise<unknown> {
    return this.t.invoke(
      activity({
        serviceUrl: this.t.connector.url,
        conversation: CHANNEL_THREAD,
        user: COUNSELLOR,
        locale: this.locale,
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data } },
        ...(replyToId ? { replyToId } : {}),
      }),
    );
  }

  /** The app is uninstalled from the team (Teams sends `installationUpdate`). */
  uninstall(): Promise<Seen[]> {
    return this.run({
      ...activity({
        serviceUrl: this.t.connector.url,
        conversation: CHANNEL_THREAD,
        user: COUNSELLOR,
        type: 'installationUpdate',
      }),
      action: 'remove',
    });
  }

  /** Presses a card button (its submit data). */
  submit(data: Record<string, unknown>): Promise<Seen[]> {
    return this.run(
      activity({
        serviceUrl: this.t.connector.url,
        conversation: CHANNEL_THREAD,
        user: COUNSELLOR,
        locale: this.locale,
        value: data,
      }),
    );
  }
}

/** Answers by tapping card buttons wherever the question has them; typing numbers otherwise. */
export async function onboardByCards(p: TeamsPatient, zh: boolean): Promise<void> {
  await p.install();
  await p.press('yes');
  await p.say(zh ? '三十' : '30');
  for (let i = 0; i < 7; i++) await p.press('no');
  await p.say('45');
  await p.press('4');
  await p.press('0');
  await p.press('1');
  await p.press('3');
  await p.press('all');
  await p.press('either');
  await p.press('21:00');
  await p.press('Asia/Shanghai');
  await p.press('no');
}

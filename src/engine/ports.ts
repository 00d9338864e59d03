/**
 * The ports the turn engine and the channels meet at. The composition root (`src/app.ts`) wires
 * concrete implementations into an {@link AppContext}.
 */
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { HttpServer } from '../http/server.js';
import type { I18n } from '../i18n.js';
import type { Logger } from '../log.js';
import type { Scheduler } from '../scheduling/scheduler.js';
import type { AlertDraft, Store } from '../store/store.js';
import type {
  Address,
  Channel,
  ChatMenu,
  Inbound,
  InboundTurn,
  Locale,
  OutboundMessage,
  SentRef,
} from './types.js';

/** Sends messages to any address, whichever channel it belongs to. */
export interface Delivery {
  register(channel: Channel): void;
  send(address: Address, message: OutboundMessage): Promise<SentRef | undefined>;
  edit(ref: SentRef, message: OutboundMessage): Promise<void>;
  /** True when a channel for this address is registered. */
  canReach(address: Address): boolean;
  /** Shows (or takes away, `null`) a chat's own command menu where the platform has one; never throws. */
  showMenu?(address: Address, menu: ChatMenu | null): Promise<void>;
  /** Every channel erases the files it wrote about `subject` (see {@link Channel.eraseFiles}). */
  eraseFiles?(subject: string): Promise<void>;
  /** False where the address's platform cannot take files from a bot (see {@link Channel.canSendFiles}). */
  canSendFiles?(address: Address): boolean;
}

/** Receives the alerts flows raise and delivers them to counsellors. */
export interface AlertSink {
  raise(draft: AlertDraft): Promise<void>;
  /**
   * The patient is erasing their data (`/delete`): their open alerts are closed, and every posted
   * copy says so, before the records go.
   */
  patientErased?(patientId: string): Promise<void>;
}

/** What a counsellor chat sent us. */
export interface CounsellorInbound {
  address: Address;
  /** Who pressed or typed (platform id and display name). */
  actor: { id: string; name: string };
  languageCode?: string;
  /** True when it came from a one-to-one chat with the bot (a Telegram private chat). */
  oneToOne?: boolean;
  message: Inbound;
}

/** The counsellor side: enrolment, commands, acknowledgements. */
export interface CounsellorDesk {
  /** True when `address` is a registered counsellor destination (config or enrolled). */
  isCounsellorChat(address: Address): Promise<boolean>;
  /** Handles a command, text or button press from a counsellor chat (or an enrol attempt). */
  handle(input: CounsellorInbound): Promise<'patient' | undefined>;
  /**
   * The bot was removed from the chat at `address`: an enrolled destination is unregistered (and
   * audited), so alerts stop going where nobody can read them. Configured chats stay configured.
   * `sameGroup` names other destinations the removal also ends (a Teams team's other channels:
   * Teams tells only the team's General channel that the bot left the team).
   */
  removedFrom(address: Address, sameGroup?: (other: Address) => boolean): Promise<void>;
  /**
   * The chat at `from` now lives at `to` (a Telegram group upgraded to a supergroup gets a new
   * id): if `from` was a counsellor destination, `to` takes its place (audited), so alerts keep
   * reaching the counsellors. Returns true when a destination moved.
   */
  chatMoved(from: Address, to: Address): Promise<boolean>;
}

/** The turn engine as channels see it. */
export interface TurnHandler {
  /** Runs one whole turn: load, transition, save, then perform the intents. Never throws for bad input. */
  handle(turn: InboundTurn): Promise<void>;
  /**
   * True when `message` holds self-harm words (what a turn answers with the crisis reply). Pure;
   * for the counsellor desk, which must not turn away a patient in crisis who typed a counsellor
   * command in their own chat.
   */
  isUrgent?(message: Inbound): boolean;
  /**
   * The language the patient chose, as stored; undefined for someone who is not a patient, or when
   * the store cannot be read (logged). Never throws. For the few words a channel says itself.
   */
  storedLocale(patientId: string): Promise<Locale | undefined>;
  /**
   * True the first time `key` is claimed within `ttlSeconds`: de-duplicates re-delivered platform
   * updates that are no patient's turn (a counsellor chat's, a group's). Throws when the store is down.
   */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;
}

/** Everything a channel or service needs, wired once in `src/app.ts`. */
export interface AppContext {
  config: Config;
  log: Logger;
  clock: Clock;
  i18n: I18n;
  store: Store;
  scheduler: Scheduler;
  http: HttpServer;
  delivery: Delivery;
  engine: TurnHandler;
  desk: CounsellorDesk;
  /**
   * Counts one failed attempt at a platform that will be tried again (a 429, a 5xx, a network
   * failure), for channels whose clients retry inside one call (`dongyu_delivery_retries_total`).
   */
  countRetry?: (channel: string, reason: 'rate_limited' | 'temporary') => void;
}

/**
 * What a channel is given: the application's context without the store. A channel decides
 * nothing and keeps nothing; what it needs to know it asks the engine ({@link TurnHandler}).
 */
export type ChannelContext = Omit<AppContext, 'store'>;

/**
 * The platform-neutral vocabulary between channels and the turn engine. Channels translate
 * platform updates into an {@link InboundTurn} and render {@link OutboundMessage}s natively;
 * they decide nothing.
 */
import type { TimerEvent } from '../../flows/intents.js';
import type { Address, ChannelName, SentRef } from '../model/address.js';
import type { Locale } from '../model/locale.js';
import type { OutboundMessage } from '../model/outboundMessage.js';

// The platform-neutral types live in src/model/ (the store needs them too, and must not depend on
// the engine); they are part of the engine's vocabulary, so they are named here as well.
export type { Address, ChannelName, SentRef } from '../model/address.js';
export type { Locale } from '../model/locale.js';
export type { Button, OutboundMessage } from '../model/outboundMessage.js';

/** What arrived from a patient, already stripped of platform detail. */
export type Inbound =
  | { kind: 'text'; text: string }
  /** A button press or card submit: the ask it belongs to and the chosen value. */
  | { kind: 'choice'; askId: string; value: string }
  | { kind: 'command'; name: string; args: string }
  /**
   * Something we cannot read (sticker, photo, voice, ...) or must not take as the patient's own
   * words (`what: 'forwarded'`). `caption` is the text sent with it (a photo's, video's or
   * document's caption, a forwarded message's text): screened for safety, never read as an answer.
   */
  | { kind: 'unsupported'; what: string; caption?: string }
  /** A message the patient changed after sending it, with its new text (screened for safety only). */
  | { kind: 'edited'; text: string }
  /** Conversation started (Teams install, Telegram /start is a command). */
  | { kind: 'hello' }
  /** A scheduler timer for this patient. */
  | { kind: 'timer'; event: TimerEvent };

/** One inbound event for one patient. */
export interface InboundTurn {
  /** Stable id: `${channel}:${platform user or chat id}`. */
  patientId: string;
  address: Address;
  /** The platform's language code (e.g. `zh-hans`, `en-US`), used on first contact only. */
  languageCode?: string;
  /** The platform display name; stored only if the patient agreed to share it with counsellors. */
  displayName?: string;
  message: Inbound;
  /** Platform delivery id (Telegram update_id, Bot Framework activity id) for de-duplication. */
  deliveryId?: string;
  /**
   * Called once the turn is safe in the store (committed, or found already committed), before its
   * replies are sent: a webhook may then answer its platform, and not before.
   */
  onCommitted?: () => void;
}

/** Encodes a button press as compact data: `ask id` + `:` + value. */
export function encodeButtonData(askId: string, value: string): string {
  return `${askId}:${value}`;
}

/** Decodes {@link encodeButtonData}; returns null for anything malformed (forged or foreign). */
export function decodeButtonData(data: string): { askId: string; value: string } | null {
  const i = data.indexOf(':');
  if (i <= 0 || i === data.length - 1 || data.length > 64) return null;
  const askId = data.slice(0, i);
  const value = data.slice(i + 1);
  // Values may hold a time (`21:00`) or a time zone (`Asia/Shanghai`).
  if (!/^[0-9a-z]{1,12}$/i.test(askId) || !/^[\w.+:/-]{1,48}$/.test(value)) return null;
  return { askId, value };
}

/**
 * A chat platform adapter. Channels register their HTTP routes (if any) at construction and send
 * what the engine hands them.
 */
export interface Channel {
  readonly name: ChannelName;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Send one message to an address. Throws a DeliveryError the caller may retry. */
  send(address: Address, message: OutboundMessage): Promise<SentRef | undefined>;
  /** Replace the text (and buttons) of a message sent earlier, e.g. an acknowledged alert. */
  edit?(ref: SentRef, message: OutboundMessage): Promise<void>;
  /**
   * Shows the command menu of `menu`'s audience in one chat (a counsellor chat's commands, in its
   * language), or takes a chat's own menu away (`null`: back to what everyone sees). For platforms
   * whose menus are set at run time (Telegram); Teams' come with the app package. Never throws.
   */
  showMenu?(address: Address, menu: ChatMenu | null): Promise<void>;
  /**
   * Erases every file this channel wrote about a patient (images and exports it keeps on disk,
   * named by the message's `subject`). For channels that keep files (the console); never throws.
   */
  eraseFiles?(subject: string): Promise<void>;
  /**
   * False where this platform cannot take files from a bot (a Teams channel or group chat); true
   * or absent elsewhere. Lets the counsellor desk say so instead of sending an export nowhere.
   */
  canSendFiles?(address: Address): boolean;
}

/** Which commands a chat's menu shows, in which language. */
export interface ChatMenu {
  audience: 'counsellor';
  locale: Locale;
}

/**
 * The platform-neutral vocabulary between channels and the turn engine. Channels translate
 * platform updates into an {@link InboundTurn} and render {@link OutboundMessage}s natively;
 * they decide nothing.
 */
import type { TimerEvent } from '../../flows/intents.js';

/** The chat platforms Dongyu speaks. */
export type ChannelName = 'telegram' | 'teams' | 'console';

/** The two languages Dongyu speaks. */
export type Locale = 'en' | 'zh-CN';

/**
 * Where a person or group can be reached. `conversationId` is the platform's chat id. Teams keeps
 * its conversation reference in `reference` (opaque to everything outside `src/channels/teams/`).
 */
export interface Address {
  channel: ChannelName;
  conversationId: string;
  userId?: string;
  reference?: unknown;
}

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

/** A button as channels render it. `data` is short (Telegram allows 64 bytes). */
export interface Button {
  label: string;
  data: string;
}

/** A message ready for a channel: plain text (channels escape it) and optional buttons. */
export interface OutboundMessage {
  text: string;
  /** How the buttons should look: a 0–10 scale, yes/no, or a list of choices. */
  kind?: 'scale' | 'yesno' | 'choice' | 'number' | 'text';
  buttons?: Button[];
  /** Ask id, so a channel can retire old keyboards. */
  askId?: string;
  /** A typed number answers with an amount (hours of sleep), not a button's position: don't number them. */
  numbersAreAmounts?: true;
  /** An image (PNG) with a text fallback in `text`. */
  image?: { png: Uint8Array; alt: string };
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

/** What a channel returns after sending: enough to edit the message later (alerts). */
export interface SentRef {
  address: Address;
  messageId: string;
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
}

/**
 * Reading a Telegram update into platform-neutral terms: who wrote, in which chat, and what (an
 * {@link Inbound}). Pure: routing (patient, counsellor desk, group) is the channel's job.
 */
import type { Message, Update } from 'grammy/types';
import type { CounsellorInbound } from '../../engine/ports.js';
import { type Address, decodeButtonData, type Inbound, type InboundTurn } from '../../engine/types.js';

/** A button press as Telegram delivered it. */
export interface CallbackInfo {
  /** The callback query id, to answer it. */
  queryId: string;
  /** The message carrying the keyboard, when Telegram still knows it. */
  messageId?: number;
}

/** What the channel routes. */
export interface TelegramEvent {
  updateId: number;
  chatId: number;
  /** `private`, `group`, `supergroup` or `channel`. */
  chatType: string;
  /** Chat address (replies go here); `userId` is the sender. */
  address: Address;
  from: { id: number; name: string; languageCode?: string };
  /**
   * What arrived. `null` for a button press whose data is malformed, forged or from an older
   * version (the channel answers it politely and changes nothing).
   */
  message: Inbound | null;
  callback?: CallbackInfo;
}

/** Unsupported content, in the order Telegram's message fields are checked. */
const UNSUPPORTED: readonly (keyof Message)[] = [
  'sticker',
  'photo',
  'voice',
  'video',
  'video_note',
  'animation',
  'audio',
  'document',
  'location',
  'venue',
  'contact',
  'poll',
  'dice',
  'game',
  'story',
];

const COMMAND = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/;

/**
 * Reads a command (`/pause 3`, `/start@dongyu_bot`): its lower-case name without the bot's
 * username, and the trimmed arguments. Returns `undefined` for text that is no command, and
 * `null` for a command addressed to a different bot (`/start@otherbot`); without `botUsername`
 * (a private chat) any bot name is taken as ours.
 */
export function parseCommand(
  text: string,
  botUsername: string | undefined,
): { name: string; args: string } | null | undefined {
  const m = COMMAND.exec(text.trim());
  if (!m) return undefined;
  if (m[2] && botUsername !== undefined && m[2].toLowerCase() !== botUsername.toLowerCase()) return null;
  return { name: m[1]!.toLowerCase(), args: (m[3] ?? '').trim() };
}

/** Names a non-text message, e.g. `sticker`, `photo`, `location`; `other` when unrecognised. */
export function unsupportedKind(message: Message): string {
  if ('venue' in message && message.venue) return 'location';
  for (const key of UNSUPPORTED) if (key in message && message[key] !== undefined) return key;
  return 'other';
}

/** A message forwarded from elsewhere (`forward_origin` since Bot API 7.0, `forward_date` before). */
function isForwarded(m: Message): boolean {
  return (
    ('forward_origin' in m && m.forward_origin !== undefined) ||
    ('forward_date' in m && m.forward_date !== undefined)
  );
}

function displayName(user: { first_name: string; last_name?: string }): string {
  return [user.first_name, user.last_name].filter(Boolean).join(' ');
}

/** Service messages (members joined, pins, chat title changes, ...) carry nothing to answer. */
function isServiceMessage(m: Message): boolean {
  return (
    'new_chat_members' in m ||
    'left_chat_member' in m ||
    'new_chat_title' in m ||
    'new_chat_photo' in m ||
    'delete_chat_photo' in m ||
    'group_chat_created' in m ||
    'supergroup_chat_created' in m ||
    'migrate_to_chat_id' in m ||
    'migrate_from_chat_id' in m ||
    'pinned_message' in m ||
    'message_auto_delete_timer_changed' in m ||
    'forum_topic_created' in m ||
    'video_chat_started' in m ||
    'web_app_data' in m
  );
}

/**
 * Translates an update into a {@link TelegramEvent}, or `null` when there is nothing to route:
 * channel posts, messages from bots, service messages, commands meant for other bots, and update
 * kinds Dongyu does not subscribe to.
 */
export function readUpdate(update: Update, botUsername: string): TelegramEvent | null {
  const cb = update.callback_query;
  // Telegram always sends these fields; an update without them can never be handled, and failing
  // on it would have it re-delivered (webhook) or retried (polling) for ever.
  if (cb && !cb.from) return null;
  if (cb) {
    const chat = cb.message?.chat;
    const chatId = chat?.id ?? cb.from.id;
    if (cb.from.is_bot) return null;
    const decoded = cb.data ? decodeButtonData(cb.data) : null;
    return {
      updateId: update.update_id,
      chatId,
      chatType: chat?.type ?? 'private',
      address: { channel: 'telegram', conversationId: String(chatId), userId: String(cb.from.id) },
      from: { id: cb.from.id, name: displayName(cb.from), languageCode: cb.from.language_code },
      message: decoded ? { kind: 'choice', askId: decoded.askId, value: decoded.value } : null,
      callback: { queryId: cb.id, messageId: cb.message?.message_id },
    };
  }
  const edited = update.edited_message;
  const msg = update.message ?? edited;
  if (!msg?.from || !msg.chat || msg.from.is_bot) return null;
  const base = {
    updateId: update.update_id,
    chatId: msg.chat.id,
    chatType: msg.chat.type,
    address: {
      channel: 'telegram' as const,
      conversationId: String(msg.chat.id),
      userId: String(msg.from.id),
    },
    from: { id: msg.from.id, name: displayName(msg.from), languageCode: msg.from.language_code },
  };
  // The engine screens an edit's new text (or new caption) and decides what to answer.
  if (edited) return { ...base, message: { kind: 'edited', text: msg.text ?? msg.caption ?? '' } };
  // A forwarded message holds someone else's words: screened for safety, never an answer (a
  // forwarded "yes" is no consent) nor a command.
  if (isForwarded(msg)) {
    const words = msg.text ?? msg.caption;
    return {
      ...base,
      message: { kind: 'unsupported', what: 'forwarded', ...(words ? { caption: words } : {}) },
    };
  }
  if (typeof msg.text === 'string') {
    // In a group, `/help@OtherBot` is for another bot. In a private chat everything is for us: a
    // wrong or old bot name is a slip, and its words are screened like any others.
    const command = parseCommand(msg.text, msg.chat.type === 'private' ? undefined : botUsername);
    if (command === null) return null;
    if (command) return { ...base, message: { kind: 'command', ...command } };
    return { ...base, message: { kind: 'text', text: msg.text } };
  }
  if (isServiceMessage(msg)) return null;
  const what = unsupportedKind(msg);
  // A photo, video, document, animation or voice note may carry a caption, and a poll, a venue or
  // a contact carries words the sender wrote: handed on for the engine to screen.
  const words = ownWords(msg);
  return { ...base, message: { kind: 'unsupported', what, ...(words ? { caption: words } : {}) } };
}

/** The words the sender wrote into an attachment: a caption, a poll, a venue's title, a contact's name. */
function ownWords(m: Message): string | undefined {
  let parts: string[] = [];
  if (typeof m.caption === 'string') parts = [m.caption];
  else if (m.poll) parts = [m.poll.question, ...m.poll.options.map((o) => o.text)];
  else if (m.venue) parts = [m.venue.title, m.venue.address];
  else if (m.contact) parts = [m.contact.first_name, m.contact.last_name ?? ''];
  const text = parts.join('\n').trim();
  return text ? text : undefined;
}

/** The patient turn for an event from a private chat: patient id `telegram:<user id>`. */
export function toInboundTurn(ev: TelegramEvent, message: Inbound): InboundTurn {
  return {
    patientId: `telegram:${ev.from.id}`,
    address: ev.address,
    ...(ev.from.languageCode ? { languageCode: ev.from.languageCode } : {}),
    ...(ev.from.name ? { displayName: ev.from.name } : {}),
    message,
    deliveryId: String(ev.updateId),
  };
}

/** The counsellor desk's view of an event from a counsellor chat (or an enrolment attempt). */
export function toCounsellorInbound(ev: TelegramEvent, message: Inbound): CounsellorInbound {
  return {
    address: ev.address,
    actor: { id: String(ev.from.id), name: ev.from.name },
    ...(ev.from.languageCode ? { languageCode: ev.from.languageCode } : {}),
    ...(ev.chatType === 'private' ? { oneToOne: true } : {}),
    message,
  };
}

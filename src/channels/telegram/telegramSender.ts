/**
 * Telegram's outbound half: messages as HTML (escaped, split at 4,096 characters, buttons as an
 * inline keyboard), charts as photos with their caption, files (a data export) as documents after
 * the text, and edits. Every failure becomes a
 * payload-free {@link TelegramDeliveryError}; each send or edit has a deadline, retries included,
 * so a chat answering 5xx cannot hold a patient's turn for minutes. A counsellor group that
 * Telegram upgraded to a supergroup is followed to its new id.
 */
import { type Api, GrammyError, InputFile } from 'grammy';
import type { Message } from 'grammy/types';
import { BoundedMap } from '../../boundedMap.js';
import type { CounsellorDesk } from '../../engine/ports.js';
import type { Address, OutboundMessage, SentRef } from '../../engine/types.js';
import type { Logger } from '../../log.js';
import type { OutboundFile } from '../../model/outboundMessage.js';
import { errorFields, TelegramDeliveryError, toDeliveryError } from './errors.js';
import { CAPTION_LIMIT, escapedLength, escapeHtml, layoutKeyboard, renderText, splitText } from './render.js';

/** The abort signal a Bot API method takes. */
export type CallSignal = NonNullable<Parameters<Api['sendMessage']>[3]>;

/** grammY types its signals after the abort-controller polyfill; Node's own is what it gets. */
export function callSignal(signal: AbortSignal): CallSignal {
  return signal as unknown as CallSignal;
}

/** Numeric chat ids go to Telegram as numbers; anything else (e.g. `@channel`) as given. */
function chatIdOf(address: Address): number | string {
  return /^-?\d+$/.test(address.conversationId) ? Number(address.conversationId) : address.conversationId;
}

/** What the sender needs. */
export interface TelegramSenderDeps {
  /** Told when a group moved to a new chat id (it moves the counsellor destination). */
  desk: Pick<CounsellorDesk, 'chatMoved'>;
  log: Logger;
  /** How long one send or edit may take, retries included. Default 15000. */
  deadlineMs?: number;
  /**
   * A chat whose last send failed for a temporary reason (5xx, network, past its deadline) gets
   * sends with only `failFastMs` (default 2000) for their tries, for `failingChatMs` (default
   * 60000) or until one succeeds: its later messages wait in the outbox at once instead of
   * holding the chat's next updates (a crisis among them) for a whole deadline each.
   */
  failFastMs?: number;
  failingChatMs?: number;
}

/** What ends one send's or edit's tries, and after how long (for the "timed out" message). */
interface Deadline {
  signal: CallSignal;
  ms: number;
}

/** Sends and edits through a grammY {@link Api}. */
export class TelegramSender {
  /** Chats whose last send failed for a temporary reason, and until when they get short tries. */
  private readonly failing = new BoundedMap<string, number>(1_000);

  constructor(
    private readonly api: Api,
    private readonly deps: TelegramSenderDeps,
  ) {}

  /** A signal that ends one send's tries (see {@link TelegramSenderDeps.deadlineMs}), and its length. */
  private deadline(chat?: string): Deadline {
    const failing = chat !== undefined && (this.failing.get(chat) ?? 0) > Date.now();
    const ms = failing ? (this.deps.failFastMs ?? 2_000) : (this.deps.deadlineMs ?? 15_000);
    return { signal: callSignal(AbortSignal.timeout(ms)), ms };
  }

  /**
   * Sends a message (HTML, escaped, split at 4,096 characters) or a photo with its caption. A
   * counsellor group that Telegram upgraded to a supergroup (a new chat id) is followed: the desk
   * moves the destination, and the message goes to the new id.
   */
  async send(address: Address, message: OutboundMessage): Promise<SentRef | undefined> {
    try {
      return await this.sendTo(address, message);
    } catch (err) {
      const newId = err instanceof TelegramDeliveryError ? err.migrateToChatId : undefined;
      if (newId === undefined) throw err;
      const moved: Address = { channel: 'telegram', conversationId: String(newId) };
      if (!(await this.deps.desk.chatMoved(address, moved))) throw err;
      return this.sendTo(moved, message);
    }
  }

  private async sendTo(address: Address, message: OutboundMessage): Promise<SentRef | undefined> {
    const chat = address.conversationId;
    try {
      const sent = await this.sendParts(address, message);
      this.failing.delete(chat);
      return sent;
    } catch (err) {
      if (err instanceof TelegramDeliveryError && err.retryable)
        this.failing.set(chat, Date.now() + (this.deps.failingChatMs ?? 60_000));
      throw err;
    }
  }

  private async sendParts(address: Address, message: OutboundMessage): Promise<SentRef | undefined> {
    const chatId = chatIdOf(address);
    const deadline = this.deadline(address.conversationId);
    const { signal } = deadline;
    if (message.image) {
      const sent = await this.sendImage(chatId, message);
      if (sent) return { address, messageId: String(sent.message_id) };
    }
    let last: Message.TextMessage | undefined;
    for (const part of renderText(message)) {
      last = await this.call(
        'sendMessage',
        () =>
          this.api.sendMessage(
            chatId,
            part.html,
            {
              parse_mode: 'HTML',
              link_preview_options: { is_disabled: true },
              ...(part.keyboard ? { reply_markup: part.keyboard } : {}),
            },
            signal,
          ),
        deadline,
      );
    }
    let sentFile: Message | undefined;
    for (const file of message.files ?? []) sentFile = await this.sendFile(chatId, file);
    const final = sentFile ?? last;
    return final ? { address, messageId: String(final.message_id) } : undefined;
  }

  /** Sends one file as a document (a data export), named as the person will see it. */
  private async sendFile(chatId: number | string, file: OutboundFile): Promise<Message> {
    const deadline = this.deadline(String(chatId));
    return this.call(
      'sendDocument',
      () => this.api.sendDocument(chatId, new InputFile(file.bytes, file.name), {}, deadline.signal),
      deadline,
    );
  }

  /** Replaces a sent message's text and buttons (captions for photos); "not modified" is fine. */
  async edit(ref: SentRef, message: OutboundMessage): Promise<void> {
    const chatId = chatIdOf(ref.address);
    const messageId = Number(ref.messageId);
    const [first] = renderText(message);
    const keyboard = layoutKeyboard(message);
    const other = { parse_mode: 'HTML' as const, ...(keyboard ? { reply_markup: keyboard } : {}) };
    const notModified = (e: TelegramDeliveryError) => /not modified/i.test(e.description);
    const deadline = this.deadline();
    const { signal } = deadline;
    try {
      await this.call(
        'editMessageText',
        () => this.api.editMessageText(chatId, messageId, first!.html, other, signal),
        deadline,
      );
    } catch (err) {
      const e = err as TelegramDeliveryError;
      if (notModified(e)) return;
      // A photo (an alert with a chart) has a caption instead of a text.
      if (!/no text in the message/i.test(e.description)) throw e;
      const caption = escapeHtml(splitText(message.text, CAPTION_LIMIT)[0] ?? '…');
      try {
        await this.call(
          'editMessageCaption',
          () => this.api.editMessageCaption(chatId, messageId, { caption, ...other }, signal),
          deadline,
        );
      } catch (err2) {
        if (!notModified(err2 as TelegramDeliveryError)) throw err2;
      }
    }
  }

  private async sendImage(chatId: number | string, message: OutboundMessage): Promise<Message | undefined> {
    const image = message.image!;
    const fits = escapedLength(message.text) <= CAPTION_LIMIT;
    const keyboard = fits ? layoutKeyboard(message) : undefined;
    const caption = fits ? message.text : image.alt;
    const deadline = this.deadline(String(chatId));
    const { signal } = deadline;
    try {
      const sent = await this.call(
        'sendPhoto',
        () =>
          this.api.sendPhoto(
            chatId,
            new InputFile(image.png, 'chart.png'),
            {
              ...(caption.trim() && escapedLength(caption) <= CAPTION_LIMIT
                ? { caption: escapeHtml(caption), parse_mode: 'HTML' as const }
                : {}),
              ...(keyboard ? { reply_markup: keyboard } : {}),
            },
            signal,
          ),
        deadline,
      );
      // A text too long for a caption follows the photo as its own message(s).
      return fits ? sent : undefined;
    } catch (err) {
      const e = toDeliveryError('sendPhoto', err);
      if (e.retryable || e.errorCode === 403) throw e;
      this.deps.log.warn({ err: errorFields(e) }, 'telegram: photo refused; sending the text instead');
      return undefined;
    }
  }

  /**
   * Runs a Bot API call, turning failures into payload-free delivery errors. A call its deadline
   * ended (grammY then throws a bare "aborted" error, or a network error) says it timed out.
   */
  private async call<T>(method: string, fn: () => Promise<T>, { signal, ms }: Deadline): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (signal.aborted && !(err instanceof TelegramDeliveryError) && !(err instanceof GrammyError))
        throw new TelegramDeliveryError(
          method,
          undefined,
          `timed out: no answer within ${Math.round(ms / 100) / 10} s, retries included`,
          undefined,
          true,
        );
      throw toDeliveryError(method, err);
    }
  }
}

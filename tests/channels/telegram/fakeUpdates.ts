/**
 * Builders for Telegram updates as a patient's or counsellor's client would produce them. Pair
 * with {@link FakeBotApi.pushUpdate} (polling) or {@link FakeBotApi.deliverWebhook} (webhook).
 * Private chat ids equal the user id, as in Telegram; group chat ids are negative.
 */
import type { Message, Update } from 'grammy/types';

/** Who sends, and where. */
export interface Sender {
  userId: number;
  /** Defaults to `userId` (a private chat). Use a negative id for a group. */
  chatId?: number;
  languageCode?: string;
  firstName?: string;
}

/** An update without its id (the fake assigns one). */
export type UpdateDraft = Omit<Update, 'update_id'> & { update_id?: number };

let messageIds = 50_000;

function baseMessage(s: Sender): Message {
  const chatId = s.chatId ?? s.userId;
  return {
    message_id: messageIds++,
    date: 1_767_614_400,
    chat:
      chatId < 0
        ? { id: chatId, type: 'supergroup', title: 'Counsellors' }
        : { id: chatId, type: 'private', first_name: s.firstName ?? 'Pat' },
    from: {
      id: s.userId,
      is_bot: false,
      first_name: s.firstName ?? 'Pat',
      ...(s.languageCode ? { language_code: s.languageCode } : {}),
    },
  } as Message;
}

/** A text message (commands too: `/start`, `/pause 3`). */
export function textUpdate(s: Sender & { text: string }): UpdateDraft {
  const msg = { ...baseMessage(s), text: s.text } as Message.TextMessage;
  const cmd = /^\/\S+/.exec(s.text);
  if (cmd) msg.entities = [{ type: 'bot_command', offset: 0, length: cmd[0].length }];
  return { message: msg } as UpdateDraft;
}

/** A text forwarded from another chat (`forward_origin`, Bot API 7.0+), or with only the older `forward_date`. */
export function forwardedTextUpdate(s: Sender & { text: string; legacy?: boolean }): UpdateDraft {
  const msg = { ...baseMessage(s), text: s.text } as Message.TextMessage & Record<string, unknown>;
  if (s.legacy) msg.forward_date = 1_700_000_000;
  else msg.forward_origin = { type: 'hidden_user', date: 1_700_000_000, sender_user_name: 'A friend' };
  return { message: msg } as UpdateDraft;
}

/** A button press on a message the bot sent earlier (`messageId` of that message). */
export function callbackUpdate(s: Sender & { data: string; messageId?: number }): UpdateDraft {
  const message = { ...baseMessage(s), message_id: s.messageId ?? 1, text: 'question' };
  message.from = { id: 123456, is_bot: true, first_name: 'Dongyu' };
  return {
    callback_query: {
      id: `cb${messageIds++}`,
      from: baseMessage(s).from!,
      chat_instance: 'ci',
      data: s.data,
      message,
    },
  } as UpdateDraft;
}

/** A sticker. */
export function stickerUpdate(s: Sender): UpdateDraft {
  return {
    message: {
      ...baseMessage(s),
      sticker: {
        file_id: 'stk',
        file_unique_id: 'stku',
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    },
  } as UpdateDraft;
}

/** A photo, with an optional caption. */
export function photoUpdate(s: Sender & { caption?: string }): UpdateDraft {
  return {
    message: {
      ...baseMessage(s),
      photo: [{ file_id: 'ph', file_unique_id: 'phu', width: 90, height: 90 }],
      ...(s.caption ? { caption: s.caption } : {}),
    },
  } as UpdateDraft;
}

/** A document (a file), with an optional caption. */
export function documentUpdate(s: Sender & { caption?: string }): UpdateDraft {
  return {
    message: {
      ...baseMessage(s),
      document: { file_id: 'doc', file_unique_id: 'docu', file_name: 'note.txt' },
      ...(s.caption ? { caption: s.caption } : {}),
    },
  } as UpdateDraft;
}

/** A voice note. */
export function voiceUpdate(s: Sender): UpdateDraft {
  return {
    message: { ...baseMessage(s), voice: { file_id: 'v', file_unique_id: 'vu', duration: 3 } },
  } as UpdateDraft;
}

/** A shared location. */
export function locationUpdate(s: Sender): UpdateDraft {
  return {
    message: { ...baseMessage(s), location: { latitude: 31.2, longitude: 121.5 } },
  } as UpdateDraft;
}

/** An edit of an earlier text message. */
export function editedTextUpdate(s: Sender & { text: string }): UpdateDraft {
  return {
    edited_message: { ...baseMessage(s), text: s.text, edit_date: 1_767_614_500 },
  } as UpdateDraft;
}

/** The bot's own membership in a chat changed (`my_chat_member`), e.g. it was removed from a group. */
export function botMembershipUpdate(s: {
  chatId: number;
  botId: number;
  by: number;
  status: 'member' | 'left' | 'kicked' | 'administrator';
}): UpdateDraft {
  const bot = { id: s.botId, is_bot: true, first_name: 'Dongyu', username: 'DongyuBot' };
  return {
    my_chat_member: {
      chat: { id: s.chatId, type: 'supergroup', title: 'Counsellors' },
      from: { id: s.by, is_bot: false, first_name: 'Admin' },
      date: 1_767_614_400,
      old_chat_member: { status: 'member', user: bot },
      new_chat_member:
        s.status === 'kicked'
          ? { status: 'kicked', user: bot, until_date: 0 }
          : s.status === 'administrator'
            ? ({ status: 'administrator', user: bot } as never)
            : { status: s.status, user: bot },
    },
  } as UpdateDraft;
}

/**
 * A group upgraded to a supergroup, as Telegram tells it: a service message in the old group
 * (`migrate_to_chat_id`), or in the new supergroup (`migrate_from_chat_id`).
 */
export function migrationUpdate(s: {
  from: number;
  to: number;
  side: 'old' | 'new';
  userId?: number;
}): UpdateDraft {
  const user = { id: s.userId ?? 1, is_bot: false, first_name: 'Admin' };
  const date = Math.floor(Date.now() / 1000);
  return s.side === 'old'
    ? {
        message: {
          message_id: 1,
          date,
          chat: { id: s.from, type: 'group', title: 'Counsellors' },
          from: user,
          migrate_to_chat_id: s.to,
        },
      }
    : {
        message: {
          message_id: 1,
          date,
          chat: { id: s.to, type: 'supergroup', title: 'Counsellors' },
          from: user,
          migrate_from_chat_id: s.from,
        },
      };
}

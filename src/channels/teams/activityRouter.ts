/**
 * Where each Teams activity goes. Personal chats are patients: messages, edits of them, card
 * submits and the install greeting become turns for the engine. Channels and group chats are counsellors: the
 * enrolment command, every command (the desk refuses and audits unregistered ones) and anything
 * from a registered counsellor chat go to the desk; other chatter gets a short introduction.
 * Forged or malformed card payloads get a polite reply and change nothing.
 */
import { type Activity, TurnContext } from 'botbuilder';
import type { ChannelContext } from '../../engine/ports.js';
import type { Address, Inbound, InboundTurn, Locale, OutboundMessage } from '../../engine/types.js';
import { localeFromLanguageCode } from '../../i18n.js';
import { FILE_CONSENT_INVOKE, type FileOffers } from './fileConsent.js';
import {
  attachmentKind,
  counsellorMessage,
  counsellorSubmit,
  parseAnswerSubmit,
  patientMessage,
  plainText,
} from './inbound.js';
import { inTeam, referenceFrom, teamIdOf } from './reference.js';

/** How the router sends its own replies (the channel's proactive `send`). */
export type ReplySender = (address: Address, message: OutboundMessage) => Promise<unknown>;

/** Retires an answered question card (the channel's; never rejects). */
export type CardRetirer = (activityId: string) => Promise<void>;

/** True for Teams channels and group chats (counsellor territory). */
export function isGroupConversation(activity: Partial<Activity>): boolean {
  const type = activity.conversation?.conversationType;
  return (
    type === 'channel' ||
    type === 'groupChat' ||
    (type === undefined && activity.conversation?.isGroup === true)
  );
}

/**
 * True for a `messageUpdate` that is an edit (Teams also sends one when a deleted message is
 * restored, `undeleteMessage`, which carries nothing new to read).
 */
export function isEdit(activity: Partial<Activity>): boolean {
  const eventType = (activity.channelData as { eventType?: unknown } | undefined)?.eventType;
  return eventType === undefined || eventType === 'editMessage';
}

/** The stable patient id of the sender of a personal-chat activity. */
export function patientIdOf(activity: Partial<Activity>): string | null {
  const id = activity.from?.aadObjectId ?? activity.from?.id;
  return id ? `teams:${id}` : null;
}

/** The activity's text with the bot's @mention removed (Teams adds `<at>Bot</at>` in channels). */
export function textWithoutMention(activity: Activity): string {
  const text = typeof activity.text === 'string' ? activity.text : '';
  if (!text) return '';
  const stripped = TurnContext.removeRecipientMention({ ...activity, text }) ?? text;
  const botName = activity.recipient?.name;
  const leftover = botName ? stripped.split(`<at>${botName}</at>`).join('') : stripped;
  return plainText(leftover.replace(/<at><\/at>/g, '')).trim();
}

/** Routes activities to the engine or the counsellor desk. */
export class ActivityRouter {
  constructor(
    private readonly ctx: ChannelContext,
    private readonly reply: ReplySender,
    private readonly retireCard: CardRetirer,
    private readonly files?: FileOffers,
  ) {}

  /** Handles one activity. Unknown activity types are ignored. */
  async route(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const group = isGroupConversation(activity);
    const reference = referenceFrom(activity, group);
    if (!reference) {
      this.ctx.log.warn({ type: activity.type }, 'teams activity without a usable conversation; ignored');
      return;
    }
    const address: Address = {
      channel: 'teams',
      conversationId: reference.conversation.id,
      ...(activity.from?.id ? { userId: activity.from.id } : {}),
      reference,
    };
    // A personal chat is a patient's: a one-to-one chat cannot be enrolled (and Teams chats are
    // not configured), so the store is not asked, which held a crisis message for seconds while
    // Redis was down.
    if (activity.type === 'message') {
      if (group) await this.counsellorActivity(activity, address);
      else await this.patientMessage(activity, address);
    } else if (activity.type === 'messageUpdate' && isEdit(activity)) {
      // Counsellors editing their own messages: nothing for the desk.
      if (group) return;
      await this.patientEdit(activity, address);
    } else if (activity.type === 'conversationUpdate') {
      await this.conversationUpdate(activity, address, group);
    } else if (activity.type === 'invoke' && activity.name === FILE_CONSENT_INVOKE) {
      await this.fileConsent(context, address);
    }
  }

  /**
   * A file consent card was answered (a data export in a personal chat): the file is uploaded where
   * Teams said and shown as a file card, or the person is told to ask again. Answered 200 always:
   * the outcome is said in the chat.
   */
  private async fileConsent(context: TurnContext, address: Address): Promise<void> {
    const activity = context.activity;
    const outcome = (await this.files?.answer(activity.value)) ?? { kind: 'invalid' as const };
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
    if (outcome.kind === 'uploaded') await context.sendActivity(outcome.card);
    else if (outcome.kind === 'expired') {
      const patientId = patientIdOf(activity);
      const locale = patientId
        ? await this.patientLocale(patientId, activity)
        : this.activityLocale(activity);
      await this.reply(address, { text: this.ctx.i18n.t(locale, 'teams.files.expired') });
    }
  }

  private async patientMessage(activity: Activity, address: Address): Promise<void> {
    const patientId = patientIdOf(activity);
    if (!patientId) return;
    let message: Inbound;
    let retired: Promise<void> | undefined;
    if (activity.value !== undefined && activity.value !== null) {
      const answer = parseAnswerSubmit(activity.value);
      if (!answer) {
        // No patient id in logs (it is the person's platform id): the activity id finds it if needed.
        this.ctx.log.info({ deliveryId: activity.id }, 'teams card payload refused (malformed)');
        await this.reply(address, {
          text: this.ctx.i18n.t(await this.patientLocale(patientId, activity), 'teams.card.invalid'),
        });
        return;
      }
      message = { kind: 'choice', askId: answer.askId, value: answer.value };
      // The answered card loses its buttons beside the turn (as Telegram's keyboard does).
      if (activity.replyToId) retired = this.retireCard(activity.replyToId);
    } else {
      const types = (activity.attachments ?? []).map((a) => a.contentType ?? '');
      message = patientMessage(textWithoutMention(activity), types);
    }
    try {
      await this.ctx.engine.handle(patientTurn(activity, address, patientId, message, activity.id));
    } finally {
      await retired;
    }
  }

  /** A patient edited a sent message: its new text goes to the engine, which screens it. */
  private async patientEdit(activity: Activity, address: Address): Promise<void> {
    const patientId = patientIdOf(activity);
    if (!patientId) return;
    const message: Inbound = { kind: 'edited', text: textWithoutMention(activity) };
    // An edit keeps the message's activity id: without the time, it would pass for a repeat.
    const deliveryId = activity.id && `${activity.id}:edit:${String(activity.timestamp ?? '')}`;
    await this.ctx.engine.handle(patientTurn(activity, address, patientId, message, deliveryId));
  }

  private async counsellorActivity(activity: Activity, address: Address): Promise<void> {
    let message: Inbound | null;
    if (activity.value !== undefined && activity.value !== null) {
      message = counsellorSubmit(activity.value);
      if (!message) {
        this.ctx.log.info(
          { conversation: address.conversationId },
          'teams counsellor card payload refused (malformed)',
        );
        await this.reply(address, {
          text: this.ctx.i18n.t(this.activityLocale(activity), 'teams.counsellor.cardInvalid'),
        });
        return;
      }
    } else {
      const text = textWithoutMention(activity);
      const types = (activity.attachments ?? []).map((a) => a.contentType ?? '');
      message = text ? counsellorMessage(text) : { kind: 'unsupported', what: attachmentKind(types) };
    }
    const isEnrolOrCommand = message.kind === 'command' && message.name !== 'help';
    if (!isEnrolOrCommand && !(await this.ctx.desk.isCounsellorChat(address))) {
      await this.introduce(activity, address);
      return;
    }
    await this.ctx.desk.handle({
      address,
      actor: { id: activity.from?.aadObjectId ?? activity.from?.id ?? '', name: activity.from?.name ?? '' },
      ...(activity.locale ? { languageCode: activity.locale } : {}),
      message,
    });
  }

  private async conversationUpdate(activity: Activity, address: Address, group: boolean): Promise<void> {
    const botId = activity.recipient?.id;
    if (!botId) return;
    if (group && activity.membersRemoved?.some((m) => m.id === botId)) {
      // Alerts sent to a channel the bot has left would fail; stop sending them there. Removed from
      // a team, the bot is told so in the General channel only: the team's other channels end too.
      const team = teamIdOf(activity);
      await this.ctx.desk.removedFrom(address, team ? (other) => inTeam(other, team) : undefined);
      return;
    }
    if (!activity.membersAdded?.some((m) => m.id === botId)) return;
    if (group) {
      await this.introduce(activity, address);
      return;
    }
    const patientId = patientIdOf(activity);
    if (!patientId) return;
    await this.ctx.engine.handle(patientTurn(activity, address, patientId, { kind: 'hello' }, activity.id));
  }

  /** Tells a channel or group chat what the bot is for and how counsellors enrol it. */
  private async introduce(activity: Activity, address: Address): Promise<void> {
    const bot = activity.recipient?.name || 'Dongyu';
    await this.reply(address, {
      text: this.ctx.i18n.t(this.activityLocale(activity), 'teams.group.intro', { bot }),
    });
  }

  private activityLocale(activity: Activity): Locale {
    return localeFromLanguageCode(activity.locale, this.ctx.config.DEFAULT_LOCALE);
  }

  /** The patient's own language when known (stored), else the one Teams reports. */
  private async patientLocale(patientId: string, activity: Activity): Promise<Locale> {
    return (await this.ctx.engine.storedLocale(patientId)) ?? this.activityLocale(activity);
  }
}

/** The engine's turn for a patient's activity: who, where, their language and name, what, and its id. */
function patientTurn(
  activity: Activity,
  address: Address,
  patientId: string,
  message: Inbound,
  deliveryId: string | undefined,
): InboundTurn {
  return {
    patientId,
    address,
    ...(activity.locale ? { languageCode: activity.locale } : {}),
    ...(activity.from?.name ? { displayName: activity.from.name } : {}),
    message,
    ...(deliveryId ? { deliveryId } : {}),
  };
}

/**
 * Reading what arrived in Teams: typed text, commands, card submits and attachments become
 * platform-neutral {@link Inbound}s. Pure functions; the activity plumbing is in `activityRouter.ts`.
 * Card submit data is untrusted (anyone can post any JSON): it is validated with zod and the same
 * rules as Telegram's button data, and anything else is `null` (the caller replies politely).
 */
import { z } from 'zod';
import type { Inbound } from '../../engine/types.js';
import { COUNSELLOR_COMMANDS as DESK_COMMANDS } from '../../escalation/counsellorDesk.js';
import { ANSWER_VALUE_PATTERN, ASK_ID_PATTERN } from './cards.js';

/** Commands counsellors use in channels and group chats (the desk's list; also in the app manifest). */
export const COUNSELLOR_COMMANDS: ReadonlySet<string> = new Set(DESK_COMMANDS);

/** Aliases of the enrolment command. */
const ENROL_ALIASES: ReadonlySet<string> = new Set(['counsellor', 'counselor', '咨询师']);

/**
 * Bare words the Teams command menu sends in a personal chat (the manifest lists them without a
 * slash); each is read as the slash command of the same name when it is the whole message.
 */
export const PATIENT_MENU_COMMANDS: ReadonlySet<string> = new Set([
  'help',
  'checkin',
  'craving',
  'progress',
  'plan',
  'language',
  'pause',
  'time',
  'export',
  'delete',
]);

/**
 * Menu words that take an argument like their slash commands (`pause 七`, `language en`). Not
 * `craving 8`: typed at a rating question it is the answer 8, not a new rescue session.
 */
const MENU_ARGS: ReadonlySet<string> = new Set(['pause', 'language']);

/** Reads `/name args` (name of letters, digits, `_`); null for anything else. */
export function parseSlashCommand(text: string): { name: string; args: string } | null {
  const m = /^\/([A-Za-z][\w]{0,31})(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return null;
  return { name: m[1]!.toLowerCase(), args: (m[2] ?? '').trim() };
}

// The formatting Teams sends when a message was written bold, italic, in paragraphs...
const FORMAT_TAG =
  /<\/?(?:b|i|u|s|em|strong|strike|del|p|div|span|br|code|pre|blockquote|ul|ol|li|h[1-6])(?:\s[^>]*)?\/?>/gi;
const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&nbsp;': ' ',
};

/** Text without Teams' formatting tags (`<b>否</b>` is 否), entities decoded; other text as typed. */
export function plainText(text: string): string {
  if (!text.includes('<') && !text.includes('&')) return text;
  return text
    .replace(FORMAT_TAG, (tag) => (/^<(?:br|\/p|\/div|\/li)/i.test(tag) ? '\n' : ''))
    .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (e) => ENTITIES[e] ?? e);
}

/** What an attachment is, in one word (for `unsupported`). */
export function attachmentKind(contentTypes: string[]): string {
  const real = contentTypes.filter((t) => t !== 'text/html');
  const t = (real[0] ?? contentTypes[0] ?? '').toLowerCase();
  if (t.startsWith('image/')) return 'image';
  if (t.startsWith('video/')) return 'video';
  if (t.startsWith('audio/')) return 'audio';
  if (t.includes('file')) return 'file';
  if (t.includes('card')) return 'card';
  return 'attachment';
}

/**
 * A patient's message (text already stripped of the bot's @mention): a command, text, or
 * `unsupported` when only attachments arrived.
 */
export function patientMessage(text: string, attachmentTypes: string[]): Inbound {
  const trimmed = text.trim();
  if (!trimmed) {
    return { kind: 'unsupported', what: attachmentTypes.length ? attachmentKind(attachmentTypes) : 'empty' };
  }
  const command = parseSlashCommand(trimmed);
  if (command) return { kind: 'command', ...command };
  const menu = /^([a-z]+)(?:\s+(\S[\s\S]{0,31}))?$/i.exec(trimmed);
  const name = menu?.[1]?.toLowerCase();
  if (name && PATIENT_MENU_COMMANDS.has(name) && (menu![2] === undefined || MENU_ARGS.has(name))) {
    return { kind: 'command', name, args: menu![2]?.trim() ?? '' };
  }
  return { kind: 'text', text: trimmed };
}

const answerShape = z.object({
  askId: z.string().regex(ASK_ID_PATTERN),
  value: z.string().regex(ANSWER_VALUE_PATTERN),
});
const ackShape = z.object({ action: z.literal('ack'), alertId: z.string().regex(/^[\w.+-]{1,48}$/) });

/**
 * Validates a question's card submit: `{ askId, value }`, short strings of the characters button
 * data uses. Null for anything forged or malformed (whether it is stale is the engine's call).
 */
export function parseAnswerSubmit(value: unknown): { askId: string; value: string } | null {
  const shape = answerShape.safeParse(value);
  return shape.success ? { askId: shape.data.askId, value: shape.data.value } : null;
}

/**
 * A card submit in a counsellor chat: an acknowledgement (`{ action: 'ack', alertId }`, or an
 * answer whose ask id is a counsellor command such as `ack`) becomes that command; another valid
 * answer is a choice. Null for anything malformed.
 */
export function counsellorSubmit(value: unknown): Inbound | null {
  const ack = ackShape.safeParse(value);
  if (ack.success) return { kind: 'command', name: 'ack', args: ack.data.alertId };
  const answer = parseAnswerSubmit(value);
  if (!answer) return null;
  if (COUNSELLOR_COMMANDS.has(answer.askId))
    return { kind: 'command', name: answer.askId, args: answer.value };
  return { kind: 'choice', askId: answer.askId, value: answer.value };
}

/**
 * A counsellor's typed message (mention stripped): `/name args` or a bare counsellor command word
 * (`counsellor CODE`, `patients`, `reply P-7F3K ...`) is a command; anything else is text.
 * `咨询师 CODE` and `counselor CODE` enrol too.
 */
export function counsellorMessage(text: string): Inbound {
  const trimmed = text.trim();
  const slash = parseSlashCommand(trimmed);
  if (slash)
    return {
      kind: 'command',
      name: ENROL_ALIASES.has(slash.name) ? 'counsellor' : slash.name,
      args: slash.args,
    };
  const m = /^(\S+)(?:\s+([\s\S]*))?$/.exec(trimmed);
  const word = m?.[1]?.toLowerCase();
  if (word && ENROL_ALIASES.has(word))
    return { kind: 'command', name: 'counsellor', args: (m?.[2] ?? '').trim() };
  if (word && COUNSELLOR_COMMANDS.has(word))
    return { kind: 'command', name: word, args: (m?.[2] ?? '').trim() };
  return { kind: 'text', text: trimmed };
}

/** True when a counsellor-chat inbound is a command (routed to the desk even from unregistered chats). */
export function isCommand(inbound: Inbound): inbound is Extract<Inbound, { kind: 'command' }> {
  return inbound.kind === 'command';
}

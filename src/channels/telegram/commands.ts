/**
 * The bot's profile in Telegram's menus, one per audience (issue 23): patients see their commands
 * in private chats, in English (also the default for every other language, matching how the engine
 * maps language codes) or in Chinese (`zh`); each counsellor chat sees the counsellor commands in
 * its own language, set when it is registered and taken away when it is not any more. Other groups
 * see none (the bot only asks them to write in private). Telegram keeps what is set.
 */
import type { Api } from 'grammy';
import type { LanguageCode } from 'grammy/types';
import type { Locale } from '../../engine/types.js';
import type { I18n } from '../../i18n.js';

/** The patient commands shown in Telegram's menu, in menu order. */
export const PATIENT_COMMANDS = [
  'start',
  'checkin',
  'craving',
  'plan',
  'progress',
  'pause',
  'time',
  'language',
  'help',
  'export',
  'delete',
] as const;

/**
 * The counsellor commands shown in a counsellor chat's menu, in menu order (every one is a desk
 * command: a test checks it). Enrolment (`/counsellor`) is not among them: the menu only shows in
 * chats that are registered already.
 */
export const COUNSELLOR_MENU = [
  'patients',
  'patient',
  'reply',
  'clear',
  'report',
  'ack',
  'export',
  'audit',
  'assign',
  'unassign',
  'intake',
  'help',
] as const;

/** Telegram language codes (ISO 639-1) and the locale each shows; `undefined` is the default. */
const TARGETS: readonly { languageCode?: LanguageCode; locale: Locale }[] = [
  { locale: 'en' },
  { languageCode: 'en', locale: 'en' },
  { languageCode: 'zh', locale: 'zh-CN' },
];

/** The command list for one locale, as `setMyCommands` takes it. */
export function commandList(i18n: I18n, locale: Locale): { command: string; description: string }[] {
  return PATIENT_COMMANDS.map((command) => ({
    command,
    description: i18n.t(locale, `telegram.commands.${command}`),
  }));
}

/** The counsellor command list for one locale, as `setMyCommands` takes it. */
export function counsellorCommandList(
  i18n: I18n,
  locale: Locale,
): { command: string; description: string }[] {
  return COUNSELLOR_MENU.map((command) => ({
    command,
    description: i18n.t(locale, `telegram.counsellorCommands.${command}`),
  }));
}

/** The scope of one chat's own menu. */
export function chatScope(chatId: string): { type: 'chat'; chat_id: number } {
  return { type: 'chat', chat_id: Number(chatId) };
}

/**
 * Publishes the patient commands for private chats, and the description and short description,
 * for the default, `en` and `zh` audiences; the default scope's list is removed, so groups that
 * are no counsellor chat show none (a list set there before would show the patient commands in
 * counsellor groups). Each call is independent; the first failure is rethrown after all were tried.
 */
export async function publishProfile(api: Api, i18n: I18n): Promise<void> {
  const errors: unknown[] = [];
  const attempt = async (call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (err) {
      errors.push(err);
    }
  };
  for (const { languageCode, locale } of TARGETS) {
    const lang = languageCode ? { language_code: languageCode } : undefined;
    await attempt(() =>
      api.setMyCommands(commandList(i18n, locale), { ...lang, scope: { type: 'all_private_chats' } }),
    );
    await attempt(() => api.deleteMyCommands(lang));
    await attempt(() => api.setMyDescription(i18n.t(locale, 'telegram.description'), lang));
    await attempt(() => api.setMyShortDescription(i18n.t(locale, 'telegram.shortDescription'), lang));
  }
  if (errors.length) throw errors[0];
}

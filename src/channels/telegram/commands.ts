/**
 * The bot's profile in Telegram's menus: the command list and the descriptions, in English (also
 * the default for every other language, matching how the engine maps language codes) and in
 * Chinese (`zh`). Written at start-up; Telegram keeps them.
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
  'workout',
  'plan',
  'progress',
  'pause',
  'time',
  'language',
  'help',
  'delete',
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

/**
 * Publishes commands, description and short description for the default, `en` and `zh`
 * audiences. Each call is independent; the first failure is rethrown after all were tried.
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
    await attempt(() => api.setMyCommands(commandList(i18n, locale), lang));
    await attempt(() => api.setMyDescription(i18n.t(locale, 'telegram.description'), lang));
    await attempt(() => api.setMyShortDescription(i18n.t(locale, 'telegram.shortDescription'), lang));
  }
  if (errors.length) throw errors[0];
}

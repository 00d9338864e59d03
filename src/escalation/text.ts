/**
 * Small text helpers for counsellor-facing messages: translating with raw (untrusted) values and
 * formatting times in the counsellors' time zone.
 */
import { DateTime } from 'luxon';
import type { Params } from '../../flows/intents.js';
import type { Locale } from '../engine/types.js';
import type { I18n } from '../i18n.js';

/**
 * Translates `key`, filling `raw` values verbatim. Use it for anything a person typed (names,
 * relayed text): `I18n.t` would read a value starting with `@` as a locale key.
 */
export function tr(
  i18n: I18n,
  locale: Locale,
  key: string,
  params: Params = {},
  raw: Record<string, string> = {},
): string {
  const keep: Params = {};
  for (const k of Object.keys(raw)) keep[k] = `{${k}}`;
  const text = i18n.t(locale, key, { ...params, ...keep });
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (Object.hasOwn(raw, name) ? raw[name]! : m));
}

/** `HH:mm` of an instant in a time zone. */
export function clockTime(at: number, timezone: string): string {
  return DateTime.fromMillis(at, { zone: timezone }).toFormat('HH:mm');
}

/** `HH:mm` when `at` falls on the same local day as `now`, else `MM-dd HH:mm`. */
export function shortWhen(at: number, now: number, timezone: string): string {
  const t = DateTime.fromMillis(at, { zone: timezone });
  const n = DateTime.fromMillis(now, { zone: timezone });
  return t.hasSame(n, 'day') ? t.toFormat('HH:mm') : t.toFormat('MM-dd HH:mm');
}

/** The local date (`yyyy-MM-dd`) of an instant in a time zone. */
export function localDay(at: number, timezone: string): string {
  return DateTime.fromMillis(at, { zone: timezone }).toISODate() ?? '';
}

/** A number with at most one decimal, for averages. */
export function oneDecimal(n: number): string {
  return String(Math.round(n * 10) / 10);
}

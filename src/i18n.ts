/**
 * Locale catalogues: `locales/<locale>/<namespace>.json`. A key is `<namespace>.<path>`, e.g.
 * `screening.consent.prompt`. Placeholders are `{name}`. Both catalogues have every key.
 *
 * A number's noun agrees with it through `{name:singular|plural}` (the locale's plural rules
 * choose): `"{days} {days:day|days}"` gives "1 day" and "3 days". Chinese needs none.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Params } from '../flows/intents.js';
import type { Locale } from './engine/types.js';

/** The supported locales, in display order. */
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

/** Maps a platform language code (`zh-hans`, `zh_TW`, `en-US`) to one of ours. */
export function localeFromLanguageCode(code: string | undefined, fallback: Locale): Locale {
  if (!code) return fallback;
  return code.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

type Catalogue = Map<string, string>;

function flatten(obj: unknown, prefix: string, out: Catalogue, file: string): void {
  if (typeof obj === 'string') {
    out.set(prefix, obj);
    return;
  }
  if (Array.isArray(obj)) {
    // Arrays of lines are joined, which keeps long texts readable in the JSON.
    if (obj.every((x) => typeof x === 'string')) {
      out.set(prefix, obj.join('\n'));
      return;
    }
    throw new Error(`${file}: ${prefix} must be a string, an array of strings or an object.`);
  }
  if (obj && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj)) flatten(v, prefix ? `${prefix}.${k}` : k, out, file);
    return;
  }
  throw new Error(`${file}: ${prefix} must be a string, an array of strings or an object.`);
}

/** Reads one locale's catalogue from `dir/<locale>/*.json`. */
export function readCatalogue(dir: string, locale: Locale): Catalogue {
  const out: Catalogue = new Map();
  const folder = join(dir, locale);
  for (const f of readdirSync(folder)
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    const file = join(folder, f);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
    }
    flatten(json, f.replace(/\.json$/, ''), out, file);
  }
  return out;
}

/** `{name}` or `{name:singular|plural}`. */
const SLOT = /\{(\w+)(?::([^{}|]*)\|([^{}]*))?\}/g;

/** Plural rules per locale, built once (building one costs more than using it many times). */
const PLURAL_RULES = new Map(LOCALES.map((l) => [l, new Intl.PluralRules(l)]));

/** The names of a template's `{placeholders}`, each once, sorted. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(SLOT)].map((m) => m[1]!))].sort();
}

/** Translates keys into text in either locale. */
export class I18n {
  private readonly catalogues: Map<Locale, Catalogue>;

  constructor(dir = join(import.meta.dirname, '..', 'locales')) {
    this.catalogues = new Map(LOCALES.map((l) => [l, readCatalogue(dir, l)]));
  }

  /** True when the key exists (in the English catalogue; parity is tested). */
  has(key: string): boolean {
    return this.catalogues.get('en')!.has(key);
  }

  /**
   * The text for `key` in `locale` with `{placeholders}` filled. A missing key returns the key
   * itself (and the locale parity test fails), so a turn never crashes on a catalogue gap.
   */
  t(locale: Locale, key: string, params: Params = {}): string {
    const template = this.catalogues.get(locale)?.get(key) ?? this.catalogues.get('en')?.get(key) ?? key;
    return template.replace(SLOT, (m, name: string, one?: string, other?: string) => {
      const v = params[name];
      if (v === undefined) return m;
      // A number already formatted with decimals ("1.0") takes the plural, as in "1.0 points".
      if (one !== undefined)
        return !String(v).includes('.') && PLURAL_RULES.get(locale)?.select(Number(v)) === 'one'
          ? one
          : other!;
      // A parameter may itself name a key (`@key`), so flows can pass translatable words.
      if (typeof v === 'string' && v.startsWith('@')) return this.t(locale, v.slice(1));
      return String(v);
    });
  }

  /** Every key of a locale (for tests). */
  keys(locale: Locale): string[] {
    return [...(this.catalogues.get(locale)?.keys() ?? [])];
  }

  /** The raw template (for tests). */
  template(locale: Locale, key: string): string | undefined {
    return this.catalogues.get(locale)?.get(key);
  }
}

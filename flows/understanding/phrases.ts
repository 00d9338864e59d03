/**
 * Crude keyword detection (docs/clinical-protocol.md#risk-words-and-medical-red-flags:
 * better a false alarm than a miss): self-harm words, medical
 * red flags, "I want to use", "I used". Both languages are always checked, whatever the patient's locale.
 *
 * A phrase is a plain substring, except that `…` stands for a short gap of up to
 * {@link GAP_MAX_CHARS} characters within one clause: `伤害…自己` matches 伤害自己, 伤害了自己 and
 * 伤害我自己, but not 伤害别人，不是自己. A list's exceptions (everyday words that merely contain a
 * phrase) are written the same way and blanked out first.
 */
import type { FlowContent } from '../content/schema.js';
import { normaliseWidth } from './numbers.js';

/** Which list a text matches. */
export type PhraseKind = keyof FlowContent['phrases'];

/** The gap marker in a phrase. */
export const GAP = '…';
/** The longest gap `…` bridges. */
export const GAP_MAX_CHARS = 8;
// A gap never crosses a clause: commas, full stops, question marks, semicolons, line breaks.
const GAP_PATTERN = `[^,.!?;:\\n，。！？；：、]{0,${GAP_MAX_CHARS}}`;

/**
 * Traditional characters of the phrase lists and their simplified forms (Hong Kong and Taiwan
 * patients write 自殺, 傷害, 輕生 ...): the lists stay in simplified Chinese and match both.
 */
const TRADITIONAL =
  '殺殘傷結輕尋樓藥遠農燒離開這個沒義麼頭暈悶氣難臟發過復癮來勁夠脈斷絕醫覺沖裡鬱憂煩謝說話讓當時們還點兒嗎著劃撐會喪';
const SIMPLIFIED =
  '杀残伤结轻寻楼药远农烧离开这个没义么头晕闷气难脏发过复瘾来劲够脉断绝医觉冲里郁忧烦谢说话让当时们还点儿吗着划撑会丧';
const toSimplified = new Map([...TRADITIONAL].map((c, i) => [c, SIMPLIFIED[i]!]));
const TRADITIONAL_CHARS = new RegExp(`[${TRADITIONAL}]`, 'gu');

/** Lower-cased text with width, zero-width characters, curly quotes and traditional characters normalised. */
export function normaliseForMatch(text: string): string {
  return (
    normaliseWidth(text)
      .toLowerCase()
      .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
      .replace(/[\u2018\u2019]/g, "'")
      .replace(TRADITIONAL_CHARS, (c) => toSimplified.get(c) ?? c)
      // Spaces between Chinese characters carry nothing (我 想 死 is 我想死).
      .replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '')
      .replace(/\s+/g, ' ')
  );
}

interface Matcher {
  plain: string[];
  gapped: RegExp | null;
  except: RegExp | null;
}

// Compiled once per list (the content is loaded once and never changes).
const compiled = new WeakMap<object, Matcher>();

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A phrase as a regular expression source: its pieces normalised like the text, `…` a short gap. */
function pattern(phrase: string): string {
  // Split first: NFKC would turn the gap marker … into three full stops.
  return phrase
    .split(GAP)
    .map((piece) => escapeRegExp(normaliseForMatch(piece)))
    .join(GAP_PATTERN);
}

function matcherFor(list: FlowContent['phrases'][PhraseKind]): Matcher {
  let m = compiled.get(list);
  if (!m) {
    const all = [...list.en, ...list['zh-CN']];
    // Each piece is normalised like the text (width, case), so a phrase can always match.
    const gapped = all.filter((p) => p.includes(GAP)).map(pattern);
    // An exception that ends in a Latin letter ends at a word's end: "i used to" is "I used to
    // run", not "I used today".
    const except = (list.except ?? []).map((p) => `${pattern(p)}${/[a-z]$/i.test(p) ? '(?![a-z])' : ''}`);
    m = {
      plain: all.filter((p) => !p.includes(GAP)).map((p) => normaliseForMatch(p)),
      gapped: gapped.length ? new RegExp(gapped.join('|'), 'u') : null,
      except: except.length ? new RegExp(except.join('|'), 'gu') : null,
    };
    compiled.set(list, m);
  }
  return m;
}

/** True when any phrase of `kind` (in either language) occurs in `text`. */
export function mentions(text: string, kind: PhraseKind, phrases: FlowContent['phrases']): boolean {
  const m = matcherFor(phrases[kind]);
  // An exception is blanked out as a clause break, so no gap bridges across where it stood.
  let t = normaliseForMatch(text);
  if (m.except) t = t.replace(m.except, '。');
  return m.plain.some((p) => t.includes(p)) || (m.gapped?.test(t) ?? false);
}

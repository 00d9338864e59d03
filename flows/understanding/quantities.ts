/**
 * Numbers with units, read against what the question counts: days since last use (`1 week` = 7,
 * `两个月` = 60, `1 year` = 365), minutes of exercise (`1 hour` = 60, `半小时` = 30, `一个半小时` = 90,
 * `一刻钟` = 15), hours of sleep (`六个半小时` = 6.5), and 0–10 ratings, where a number with any unit but 分, points, `/10` or `out of 10` (`3 months`,
 * `3次`) is not a rating. A unit from another kind of question (`2 hours` for days) is not an answer.
 */
import type { Unit } from '../machine/questions.js';
import {
  chineseNumeral,
  normaliseWidth,
  numberTokens,
  parseIntegerInRange,
  parseNumber,
  prepareForNumbers,
  SCALE,
} from './numbers.js';

type Family = Unit | 'other';

// Each unit word, the kind of quantity it belongs to, and its size in that kind's unit.
// Calendar conventions: a month is 30 days, a year 365.
const UNIT_WORDS: [pattern: string, family: Family, size: number][] = [
  ['years?|yrs?|年', 'days', 365],
  ['months?|mos?|个?月', 'days', 30],
  ['weeks?|wks?|个?(?:星期|礼拜)|周', 'days', 7],
  ['days?|天|日', 'days', 1],
  ['hours?|hrs?|h|个?(?:小时|钟头)|个钟', 'minutes', 60],
  ['minutes?|mins?|m|分钟', 'minutes', 1],
  // A quarter of an hour: 一刻钟 is 15 minutes, 三刻钟 45.
  ['刻钟?', 'minutes', 15],
  ['分|points?|pts?', 'rating', 1],
  [
    'seconds?|secs?|秒|times?|次|回|遍|years? old|岁|puffs?|hits?|口|根|支|个|kg|g|grams?|克|公斤|斤|元|块|yuan|am|pm|点|号|%',
    'other',
    1,
  ],
];

// Latin unit words end at a word boundary (`3 h` is hours, `3 hits` is not 3 h + `its`).
const unitAlternatives = (pattern: string) =>
  pattern
    .split('|')
    .map((u) => (/[a-z]$/.test(u) ? `${u}(?![a-z])` : u))
    .join('|');
const UNITS = UNIT_WORDS.map(([pattern, family, size]) => ({
  re: new RegExp(`^(?:${unitAlternatives(pattern)})`, 'u'),
  family,
  size,
}));
const ANY_UNIT = UNIT_WORDS.map(([pattern]) => unitAlternatives(pattern)).join('|');
// Between a number and its unit: spaces, 个 (两个月), 多 (一个多月: "over a month" counts as a month).
const JOINER = /^\s*(?:个?多)?\s*/u;

const CN_NUMERAL = /[零〇一二两三四五六七八九十百千]+/gu;

// The rewrites of halves and articles, compiled once (they are built from the unit words).
const UNIT = `(?:${ANY_UNIT})`;
const NUM = '(\\d+(?:\\.\\d+)?)';
const HALF_AFTER_COUNT = new RegExp(`${NUM}\\s*个?半\\s*(?=${UNIT})`, 'gu');
const HALF_AFTER_UNIT = new RegExp(`${NUM}\\s*(${UNIT})\\s*半`, 'gu');
const HALF_ALONE = new RegExp(`半\\s*(?=个?\\s*(?:${UNIT}))`, 'gu');
const HALF_AN = new RegExp(`\\bhalf (?:an?|of an?) (?=${UNIT})`, 'gu');
const AN = new RegExp(`\\ban? (?=${UNIT})`, 'gu');
const AND_A_HALF = new RegExp(`${NUM} and a half (?=${UNIT})`, 'gu');
const UNIT_AND_A_HALF = new RegExp(`${NUM}\\s*(${UNIT}) and a half`, 'gu');

/** Text with every Chinese numeral in digits and every half written as .5; null when malformed. */
function rewrite(text: string): string | null {
  let bad = false;
  const t = prepareForNumbers(text).replace(CN_NUMERAL, (m) => {
    const v = chineseNumeral(m);
    if (v === null) bad = true;
    return ` ${v} `;
  });
  if (bad) return null;
  const plusHalf = (n: string) => String(Number(n) + 0.5);
  return (
    t
      // 一个半小时, 两个半月 (after the numerals became digits: 1 个半小时).
      .replace(HALF_AFTER_COUNT, (_, n) => plusHalf(n))
      // 一小时半, 一年半.
      .replace(HALF_AFTER_UNIT, (_, n, u) => `${plusHalf(n)}${u}`)
      // 半小时, 半个月, 半年.
      .replace(HALF_ALONE, ' 0.5')
      // half an hour, an hour and a half, 1 and a half hours, a week.
      .replace(HALF_AN, '0.5 ')
      .replace(AN, '1 ')
      .replace(AND_A_HALF, (_, n) => `${plusHalf(n)} `)
      .replace(UNIT_AND_A_HALF, (_, n, u) => `${plusHalf(n)} ${u}`)
  );
}

/** A bare ASCII number: read as it is (the common answer, and the cheapest). */
const PLAIN_NUMBER = /^\s*\d{1,6}\s*$/;

interface Part {
  value: number;
  family: Family | null;
  size: number;
}

/** Each number in the text with the unit written after it (family null: no unit). */
function parts(text: string): Part[] | null {
  if (!text || normaliseWidth(text).length > 40) return null;
  const t = rewrite(text.replace(/\+/g, ' '));
  if (t === null) return null;
  const tokens = numberTokens(t);
  if (tokens === null) return null;
  return tokens.map(({ value, end }) => {
    const after = t.slice(end).replace(JOINER, '');
    const unit = UNITS.find((u) => u.re.test(after));
    return { value, family: unit?.family ?? null, size: unit?.size ?? 1 };
  });
}

/**
 * An amount of days or minutes from text, converted from the units written (`1 week 2 days` = 9,
 * `1小时20分钟` = 80); a bare number is taken in the question's unit. Null when there is no single
 * clear amount: no number, a unit of another kind, or a range (`2 or 3 weeks`).
 */
export function parseAmount(text: string, unit: 'days' | 'minutes'): number | null {
  if (PLAIN_NUMBER.test(text)) return Number(text.trim());
  const found = parts(text);
  if (!found?.length) return null;
  // 20分 after "how many minutes" is 20 minutes.
  const family = (p: Part) => (unit === 'minutes' && p.family === 'rating' ? 'minutes' : p.family);
  if (found.some((p) => family(p) !== null && family(p) !== unit)) return null;
  const bare = found.filter((p) => family(p) === null);
  if (bare.length) {
    // A bare number, alone or repeated: as today (`30`, `about 30`). Mixed with units: unclear.
    if (bare.length !== found.length || bare.some((p) => p.value !== bare[0]!.value)) return null;
    return bare[0]!.value;
  }
  // Only a larger unit followed by smaller ones adds up (1 week 2 days); 3 weeks or 4 weeks is a range.
  if (found.some((p, i) => i > 0 && p.size >= found[i - 1]!.size)) return null;
  // Written with units, a fraction is rounded (1.5 weeks is 11 days, 一天半 2); a bare 2.5 stays a
  // fraction, which whole-number questions turn down, as before.
  return Math.round(found.reduce((sum, p) => sum + p.value * p.size, 0));
}

/**
 * Hours (of sleep) from text: a number written with hours or minutes is converted (`六个半小时` =
 * 6.5, `7小时30分钟` = 7.5, `7 and a half hours` = 7.5); any other is read as before, a bare number
 * being hours (`7`, `6.5`, `八`). Null when there is no single clear amount.
 */
export function parseHours(text: string): number | null {
  const found = parts(text);
  if (!found?.some((p) => p.family === 'minutes')) return parseNumber(text);
  const minutes = parseAmount(text, 'minutes');
  return minutes === null ? null : Math.round((minutes / 60) * 100) / 100;
}

/** A whole amount of days or minutes within [min, max], or null. */
export function parseAmountInRange(
  text: string,
  unit: 'days' | 'minutes',
  min: number,
  max: number,
): number | null {
  const v = parseAmount(text, unit);
  return v !== null && Number.isInteger(v) && v >= min && v <= max ? v : null;
}

/**
 * A rating within [min, max]: as {@link parseIntegerInRange}, except that a number with a unit
 * other than 分 or points (`3 months`, `3次`) is not a rating.
 */
export function parseRating(text: string, min: number, max: number): number | null {
  // Most answers are a bare number: no units to look for.
  if (PLAIN_NUMBER.test(text)) return parseIntegerInRange(text, min, max);
  if (!SCALE.test(prepareForNumbers(text))) {
    const found = parts(text);
    if (found?.some((p) => p.family !== null && p.family !== 'rating')) return null;
  }
  return parseIntegerInRange(text, min, max);
}

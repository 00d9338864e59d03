/**
 * Reads a number from what a patient typed: ASCII and full-width digits (７), Chinese numerals
 * (零〇一二三四五六七八九十百两), English number words (`seven`, `forty-five`), `7/10`, `7分`, `about 30`, `30天`. A minus sign is kept (`-1` is -1,
 * which no question accepts). Returns null when there is no single clear number.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Converts full-width digits and punctuation to ASCII and trims. */
export function normaliseWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .normalize('NFKC')
    .trim();
}

/** Value of a Chinese numeral up to 9999 (十五 = 15, 二十 = 20, 一百零五 = 105); null if malformed. */
export function chineseNumeral(s: string): number | null {
  if (!s) return null;
  if ([...s].every((c) => c in DIGITS) && s.length > 1) {
    // Digit-by-digit form: 三零 = 30.
    return Number([...s].map((c) => DIGITS[c]).join(''));
  }
  let total = 0;
  let current = 0;
  let seen = false;
  for (const c of s) {
    if (c in DIGITS) {
      current = DIGITS[c]!;
      seen = true;
    } else if (c === '十' || c === '百' || c === '千') {
      const unit = c === '十' ? 10 : c === '百' ? 100 : 1000;
      total += (current || 1) * unit;
      current = 0;
      seen = true;
    } else return null;
  }
  return seen ? total + current : null;
}

// Chinese words that hold a numeral but say no number: 一口 (a puff), 一下, 一点 (a bit), 一直 (all
// along), 十分 (very), 第一 (first), 八段锦 (a session)... In 很想吸一口, 一 is no rating.
const NUMERAL_WORDS = new RegExp(
  [
    '第[零〇一二两三四五六七八九十百千\\d]+',
    '十分(?=\\p{Script=Han})(?!钟)',
    '一[口下点直样些起定般边会旦切阵向时再致心共半模]',
    '[万唯统]一',
    '八段锦',
    '一了百了',
    '乱七八糟',
    '七上八下',
    '三心二意',
    '千万',
    '百分百',
  ].join('|'),
  'gu',
);

const ONES = [
  ...'zero one two three four five six seven eight nine ten'.split(' '),
  ...'eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'.split(' '),
];
const TENS = 'twenty thirty forty fifty sixty seventy eighty ninety'.split(' ');
// English number words up to ninety-nine, whole words only (`none`, `often` hold no number).
const NUMBER_WORD = new RegExp(
  `\\b(?:(${TENS.join('|')})(?:[- ](${ONES.slice(1, 10).join('|')}))?|(${ONES.join('|')}))\\b`,
  'g',
);

/**
 * Lower-cased, width-normalised text with English number words in digits (`seven` is 7), and the
 * Chinese words that hold a numeral but say no number blanked out.
 */
export function prepareForNumbers(text: string): string {
  // hundred and thousand are not read as multipliers: `one hundred` becomes two numbers (unclear), not 1.
  return normaliseWidth(text)
    .toLowerCase()
    .replace(NUMERAL_WORDS, ' ')
    .replace(/\bhundred\b/g, '百')
    .replace(/\bthousand\b/g, '千')
    .replace(NUMBER_WORD, (_, tens?: string, unit?: string, small?: string) =>
      String(
        small !== undefined
          ? ONES.indexOf(small)
          : (TENS.indexOf(tens!) + 2) * 10 + (unit ? ONES.indexOf(unit) : 0),
      ),
    );
}

// A minus sign (or 负, minus) counts only where it starts a word, so `3-4` stays a range, not 3 and -4.
const NUMBER_TOKEN =
  /((?<![\p{L}\p{N}])(?:-|\u2212|负|minus)\s*)?(?:(\d+(?:\.\d+)?)|([零〇一二两三四五六七八九十百千]+))/gu;

/** A number found in a text: its signed value, and where it ends (a unit may follow). */
export interface NumberToken {
  value: number;
  end: number;
}

/** Every number in text prepared by {@link prepareForNumbers}; null when a Chinese numeral is malformed. */
export function numberTokens(t: string): NumberToken[] | null {
  const found: NumberToken[] = [];
  for (const m of t.matchAll(NUMBER_TOKEN)) {
    const v = m[2] !== undefined ? Number(m[2]) : chineseNumeral(m[3]!);
    if (v === null || Number.isNaN(v)) return null;
    // Kept negative so that every range check turns it down (it used to lose its sign: -1 read as 1).
    found.push({ value: m[1] ? -v : v, end: m.index + m[0].length });
  }
  return found;
}

/** `7/10`, `7 out of 10`: a rating written with its scale. */
export const SCALE = /^\D*?(-?\d+(?:\.\d+)?)\s*(?:\/|out of|of)\s*10\b/;

/**
 * The number in a short answer, or null. Long texts (over 40 characters) are not read as numbers,
 * and two different numbers (other than an `x/10` or `x out of 10` scale) are ambiguous.
 */
export function parseNumber(text: string): number | null {
  if (!text || normaliseWidth(text).length > 40) return null;
  const t = prepareForNumbers(text);
  const scale = t.match(SCALE);
  if (scale) return Number(scale[1]);
  const found = numberTokens(t);
  if (!found?.length) return null;
  if (found.some((n) => n.value !== found[0]!.value)) return null;
  return found[0]!.value;
}

/** An integer within [min, max] from text, or null. */
export function parseIntegerInRange(text: string, min: number, max: number): number | null {
  const v = parseNumber(text);
  if (v === null || !Number.isInteger(v) || v < min || v > max) return null;
  return v;
}

// The part of the day written before a time (晚上9点, 凌晨1点), and the hour on a 24-hour clock it
// makes of the hour said; null when the two do not go together (凌晨8点). 12 at night is midnight;
// 1 to 4 at night (晚上1点, 半夜2点) is after midnight, never the afternoon.
const PART_OF_DAY = '凌晨|半夜|深夜|夜里|夜晚|晚上|傍晚|早上|早晨|清晨|上午|中午|下午|晚|早';
const NIGHT = (h: number) => (h === 12 ? 0 : h <= 4 ? h : h + 12);
const HOUR_IN: Record<string, (h: number) => number | null> = {
  凌晨: (h) => (h === 12 ? 0 : h <= 6 ? h : null),
  半夜: NIGHT,
  深夜: NIGHT,
  夜里: NIGHT,
  夜晚: NIGHT,
  晚上: NIGHT,
  晚: NIGHT,
  傍晚: (h) => (h >= 4 && h <= 8 ? h + 12 : h >= 16 && h <= 20 ? h : null),
  早上: (h) => h,
  早晨: (h) => h,
  清晨: (h) => h,
  早: (h) => h,
  上午: (h) => h,
  中午: (h) => (h >= 1 && h <= 2 ? h + 12 : h),
  下午: (h) => (h < 12 ? h + 12 : h),
};
const CN_OR_DIGITS = '[零〇一二两三四五六七八九十\\d]+';
const CLOCK_DIGITS = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/;
const CLOCK_CHINESE = new RegExp(
  `^(${CN_OR_DIGITS})\\s*(?:[点點](?:钟|鐘)?|:)(?:\\s*(${CN_OR_DIGITS}|半|一刻|三刻)\\s*分?)?$`,
  'u',
);
const PREFIXED = new RegExp(`^(${PART_OF_DAY})?\\s*(.+)$`, 'u');

/** A number written in digits or as a Chinese numeral, not a mix of both (21:00零 is no time). */
const digitsOrNumeral = (s: string) => (/^\d+$/.test(s) ? Number(s) : chineseNumeral(s));

/**
 * A local time `HH:MM` from text such as `21:00`, `21.30`, `9pm`, `晚上9点`, `晚9点`, `凌晨1点`,
 * `21点30`, `九点一刻`; null if none. Nothing else is guessed: a bare `3` is 03:00, as written.
 */
export function parseClockTime(text: string): string | null {
  const t = normaliseWidth(text).toLowerCase().replace(/：/g, ':');
  const [, part, body] = t.match(PREFIXED) ?? [];
  if (body === undefined) return null;
  let h: number;
  let min = 0;
  const digits = body.match(CLOCK_DIGITS);
  if (digits) {
    // am/pm goes with a bare clock, not with a part of the day (晚上9pm is no time).
    if (part && digits[3]) return null;
    h = Number(digits[1]);
    min = digits[2] ? Number(digits[2]) : 0;
    if (digits[3] === 'pm' && h < 12) h += 12;
    if (digits[3] === 'am' && h === 12) h = 0;
  } else {
    const m = body.match(CLOCK_CHINESE);
    if (!m) return null;
    const hv = digitsOrNumeral(m[1]!);
    if (hv === null) return null;
    h = hv;
    if (m[2] === '半') min = 30;
    else if (m[2] === '一刻') min = 15;
    else if (m[2] === '三刻') min = 45;
    else if (m[2]) {
      const mv = digitsOrNumeral(m[2]);
      if (mv === null) return null;
      min = mv;
    }
  }
  if (part) {
    // A part of the day goes with a 12-hour clock (晚上21点 is 21:00 as written, 晚上13点 no time).
    if (h > 12) {
      if (HOUR_IN[part]!(h - 12) !== h) return null;
    } else {
      const inDay = HOUR_IN[part]!(h);
      if (inDay === null) return null;
      h = inDay;
    }
  }
  if (!Number.isInteger(h) || !Number.isInteger(min) || h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

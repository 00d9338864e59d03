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

/** A local time `HH:MM` from text such as `21:00`, `9pm`, `晚上9点`, `21点30`; null if none. */
export function parseClockTime(text: string): string | null {
  const t = normaliseWidth(text).toLowerCase().replace(/：/g, ':');
  let m = t.match(/^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/);
  let h: number;
  let min = 0;
  if (m) {
    h = Number(m[1]);
    min = m[2] ? Number(m[2]) : 0;
    if (m[3] === 'pm' && h < 12) h += 12;
    if (m[3] === 'am' && h === 12) h = 0;
  } else {
    m = t.match(
      /^(早上|上午|中午|下午|晚上)?\s*([零〇一二两三四五六七八九十\d]+)\s*[点點:](?:\s*([零〇一二两三四五六七八九十\d]+|半)\s*分?)?$/,
    );
    if (!m) return null;
    // Digits or a Chinese numeral, not a mix of both (21:00零 is no time).
    const hv = /^\d+$/.test(m[2]!) ? Number(m[2]) : chineseNumeral(m[2]!);
    if (hv === null) return null;
    h = hv;
    if (m[3] === '半') min = 30;
    else if (m[3]) {
      const mv = /^\d+$/.test(m[3]) ? Number(m[3]) : chineseNumeral(m[3]);
      if (mv === null) return null;
      min = mv;
    }
    if ((m[1] === '下午' || m[1] === '晚上') && h < 12) h += 12;
  }
  if (!Number.isInteger(h) || !Number.isInteger(min) || h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

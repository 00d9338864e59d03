/**
 * Two numbers said as a range (docs/patient-journey.md#ranges): 两三分, 七八分, 三五天, 一两周,
 * `2-3`, `3 or 4`, `三到四`, `5~6 points`. Returned as two texts, each read by the question's own
 * reader (`2分`, `3分`; `2天`, `3天`), so units count as they would alone. Pure.
 */

import { loosen } from './loose.js';
import { chineseNumeral } from './numbers.js';

const ONE_NUMERAL = '[一二两三四五六七八九]';
const NUM = '(\\d+|[零〇一二两三四五六七八九十]+)';
// 两三, 七八, 一两, 三五: two numerals side by side, the second the next one up (三五: "three to five").
const SIDE_BY_SIDE = new RegExp(`^(${ONE_NUMERAL})(${ONE_NUMERAL}|十)(.*)$`, 'u');
const JOINED = new RegExp(`^${NUM}\\s*(?:到|至|或者?|还是|or|to)\\s*${NUM}(.*)$`, 'u');
// What may follow a range: a unit, never another number.
const UNIT_ONLY = /^[^\d零〇一二两三四五六七八九十百千]*$/u;

const numberOf = (s: string) => (/^\d+$/.test(s) ? Number(s) : chineseNumeral(s));

/** The two ends of a range said in `text`, each with the unit written after it, or null. */
export function saidRange(text: string): { low: string; high: string } | null {
  // A dash or tilde between two numbers joins them (loosening drops punctuation).
  const joinedWithDash = text.replace(/([\d\uff10-\uff19])\s*[-–—~～－]\s*(?=[\d\uff10-\uff19])/gu, '$1到');
  const t = loosen(joinedWithDash).replace(/\s+/g, ' ');
  if (!t || t.length > 24) return null;
  const side = t.match(SIDE_BY_SIDE);
  if (side) {
    const [a, b] = [numberOf(side[1]!), numberOf(side[2]!)];
    const rest = side[3]!.trim();
    const gap = a !== null && b !== null ? b - a : 0;
    if ((gap === 1 || (a === 3 && b === 5)) && UNIT_ONLY.test(rest))
      return { low: `${a}${rest}`, high: `${b}${rest}` };
    return null;
  }
  const joined = t.match(JOINED);
  if (!joined) return null;
  const [a, b] = [numberOf(joined[1]!), numberOf(joined[2]!)];
  const rest = joined[3]!.trim();
  if (a === null || b === null || a >= b || !UNIT_ONLY.test(rest)) return null;
  return { low: `${a}${rest ? ` ${rest}` : ''}`, high: `${b}${rest ? ` ${rest}` : ''}` };
}

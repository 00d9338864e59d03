/**
 * Workout days typed in either language (docs/program.md#workout-days), and the words that start
 * `/workout`. Days come back as ISO weekdays in a digit string, Monday first: "Mon, Wed and Fri",
 * 周一三五, 星期一、星期三、星期五, 一三五, "1 3 5" and 135 are all `135`; "weekdays" / 工作日 is
 * `12345`, "weekend" / 周末 `67`, "every day" / 每天 `1234567`.
 */
import type { FlowContent } from '../content/schema.js';
import { cleanForChoice } from './choices.js';
import { normaliseForMatch } from './phrases.js';

const CN_DAY: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7 };
const EN_DAY: [RegExp, number][] = [
  [/\bmon(day)?s?\b/, 1],
  [/\btue(s|sday)?s?\b/, 2],
  [/\bwed(nesday)?s?\b/, 3],
  [/\bthu(r|rs|rsday)?s?\b/, 4],
  [/\bfri(day)?s?\b/, 5],
  [/\bsat(urday)?s?\b/, 6],
  [/\bsun(day)?s?\b/, 7],
];
const GROUPS: [RegExp, string][] = [
  [/每天|天天|every ?day|daily/, '1234567'],
  [/工作日|weekdays/, '12345'],
  [/周末|weekends?\b/, '67'],
];
const CN_NUMERALS = '一二三四五六日天';

/** The weekdays a text names, as a sorted digit string (`135`), or null when it names none. */
export function parseWeekdays(text: string): string | null {
  const t = normaliseForMatch(text);
  const found = new Set<number>();
  for (const [pattern, days] of GROUPS) if (pattern.test(t)) for (const d of days) found.add(Number(d));
  // 周一三五, 星期一、三, 礼拜六和礼拜天: a day word followed by one or more numerals.
  for (const m of t.matchAll(
    /(?:周|星期|礼拜)([一二三四五六日天1-7](?:[、,，和及与跟\s]*[一二三四五六日1-7])*)/g,
  ))
    for (const c of m[1]!) {
      const d = CN_DAY[c] ?? Number(c);
      if (d >= 1 && d <= 7) found.add(d);
    }
  for (const [pattern, day] of EN_DAY) if (pattern.test(t)) found.add(day);
  // A bare 一三五, or digits 1 3 5 / 1,3,5 / 135 (two days at least: one digit is a button's place).
  const bare = t.replace(/(?:\s|,|，|、|和|及|\band\b)+/g, '');
  if (!found.size && new RegExp(`^[${CN_NUMERALS}]{2,7}$`).test(bare))
    for (const c of bare) found.add(CN_DAY[c]!);
  if (!found.size && /^[1-7]{2,7}$/.test(bare)) for (const c of bare) found.add(Number(c));
  return found.size ? [...found].sort((a, b) => a - b).join('') : null;
}

/** True when the whole message is one of the words that start `/workout` ("today's workout", 今天的运动). */
export function isWorkoutWords(text: string, content: FlowContent): boolean {
  const t = cleanForChoice(text).replace(/[’']/g, "'");
  if (!t || t.length > 40) return false;
  const words = content.workouts.commandWords;
  return [...words.en, ...words['zh-CN']].some((w) => cleanForChoice(w) === t);
}

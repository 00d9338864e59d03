/** Reads yes or no, in either language, from a typed answer. */
import { normaliseWidth } from './numbers.js';

const YES = new Set([
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'sure',
  'ok',
  'okay',
  'agree',
  'i agree',
  'of course',
  'true',
  '是',
  '是的',
  '对',
  '对的',
  '好',
  '好的',
  '好啊',
  '好呀',
  '好吧',
  '嗯',
  '恩',
  '有',
  '同意',
  '我同意',
  '可以',
  '可以的',
  '行',
  '行啊',
  '要',
  '有的',
  '确定',
  '确认',
  '当然',
  '没问题',
  'confirm',
  'yes please',
]);
const NO = new Set([
  'no',
  'n',
  'nope',
  'nah',
  'not now',
  'disagree',
  'i disagree',
  'false',
  'none',
  'never',
  '否',
  '不',
  '不是',
  '没有',
  '没',
  '无',
  '不同意',
  '不要',
  '不行',
  '不可以',
  '先不了',
  '不用',
  '不对',
  '没用',
  '没有用',
  '不了',
  '不用了',
  '不要了',
  '算了',
  '取消',
  'cancel',
  'no thanks',
  'no thank you',
]);

/** true for yes, false for no, null when it is neither. Punctuation and case are ignored. */
export function parseYesNo(text: string): boolean | null {
  const t = normaliseWidth(text)
    .toLowerCase()
    .replace(/[\s.!?,。！？，、~～]+$/u, '')
    .replace(/^[\s]+/, '')
    .replace(/\s+/g, ' ');
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  // A clear yes or no that leads a longer answer: "no, never", "是的，我同意".
  const lead = t.split(/[,，;；.。!！:：]/u)[0]!.trim();
  if (lead !== t && YES.has(lead)) return true;
  if (lead !== t && NO.has(lead)) return false;
  return null;
}

// Telling of a use, as an answer to "any use since your last check-in?" (用了一点, 又吸了, I used).
const USED =
  /^(?:我)?(?:今天|今晚|昨天|昨晚|刚才|刚)?(?:又)?(?:用了|用过|吸了|溜了|碰了)|^(?:i |yes i )?(?:used|did|had some|slipped)\b/iu;

/** True when an answer to the use question tells of a use rather than saying yes. */
export function tellsOfUse(text: string): boolean {
  return USED.test(normaliseWidth(text).trim());
}

const WHEN = '(?: (?:today|tonight|yesterday|last night|this morning|earlier))?';
// A bare "I did" to "do you mean you used again?": the verb and nothing after it but "again", "a
// little" or a time. "I used my bike" names something else, so it is no yes.
const CONFIRMED_USE = new RegExp(
  [
    `^(?:(?:yes|yeah|yep|yup)[, ]*)?(?:i )?(?:did|used|have|had|relapsed|slipped)(?: it)?(?: again)?(?: (?:some|a little|a bit))?${WHEN}$`,
    '^(?:(?:是的?|对的?|嗯)[，, ]*)?我?(?:今天|今晚|昨天|昨晚|刚才|刚)?又?(?:用了|用过|吸了|溜了|碰了|复吸了)(?:一点|一些|点|一次)?$',
  ].join('|'),
  'u',
);

/**
 * True when an answer to "do you mean you used again?" says so in so many words ("yes I did",
 * "I used", 又用了), beyond the plain yes words {@link parseYesNo} reads.
 */
export function confirmsUse(text: string): boolean {
  const t = normaliseWidth(text)
    .toLowerCase()
    .trim()
    .replace(/[\s.!?,。！？，、~～]+$/u, '')
    .replace(/\s+/g, ' ');
  return CONFIRMED_USE.test(t);
}

/** Reads yes or no, in either language, from a typed answer. */
import { everyday } from './everyday.js';
import { loosen } from './loose.js';
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
  // A-not-A questions (会不会, 能不能, 是不是) are answered with the verb; dialect and net forms.
  '会',
  '会的',
  '能',
  '能的',
  '有过',
  '有滴',
  '是滴',
  '好滴',
  '嗯嗯',
  '对呀',
  '对啊',
  '是啊',
  '是呀',
  '当然了',
  '行吧',
  '中',
  '可',
  'yeah sure',
  'sure thing',
  'ok sure',
  'okay sure',
  'go ahead',
  'definitely',
  'absolutely',
  'yes i do',
  'yes i am',
  'yes i have',
  'i do',
  'i am',
  'i have',
  'yea',
  'ya',
  'yas',
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
  // A-not-A questions answered with the verb (会不会 → 不会, 有没有 → 没有); dialect and net forms.
  '不会',
  '不会的',
  '不能',
  '没有过',
  '从来没有',
  '从没有',
  '从来没',
  '从没',
  '没得',
  '没得事',
  '木有',
  '么有',
  '冇',
  '没呢',
  '还没有',
  '不曾',
  '不存在',
  '一点也不',
  '一点都不',
  '完全没有',
  '完全不会',
  '都没有',
  '并没有',
  'no way',
  'not at all',
  'definitely not',
  'absolutely not',
  'of course not',
  'certainly not',
  'no i do not',
  "no i don't",
  'no i dont',
  "no i'm not",
  'no i am not',
  "no i haven't",
  "i don't",
  'i dont',
  "i'm not",
  "i haven't",
  'not once',
  'no never',
  'never ever',
  'nay',
  'nop',
  'noo',
  'nooo',
]);

// Hedged answers: a yes or no said with a doubt. Taken where a guess is fine (the PAR-Q+, consent),
// not where it is not (see {@link readYesNo}).
const HEDGED_NO = new Set([
  'not that i know of',
  'not as far as i know',
  'not really',
  "i don't think so",
  'i dont think so',
  'probably not',
  'i doubt it',
  'not that i remember',
  'not that i can think of',
  'nothing i know of',
  'no not really',
  '应该没有',
  '应该不会',
  '应该不是',
  '好像没有',
  '好像不会',
  '好像不是',
  '估计没有',
  '估计不会',
  '可能没有',
  '可能不会',
  '不太会',
  '不怎么会',
  '没怎么',
  '没什么',
  '据我所知没有',
  '印象中没有',
  '记得没有',
  '不记得有',
  '👎',
]);
const HEDGED_YES = new Set([
  'i think so',
  'i guess so',
  'i guess',
  'probably',
  'kind of',
  'kinda',
  'sort of',
  'a little',
  'a bit',
  'sometimes',
  'maybe a little',
  '应该有',
  '应该会',
  '应该是',
  '好像有',
  '好像会',
  '好像是',
  '可能有',
  '可能会',
  '估计有',
  '有一点',
  '有点',
  '有一些',
  '有些',
  '偶尔',
  '有时候',
  '有时',
  '会一点',
  '👍',
  '👌',
]);

// The words of a doubt before an answer (应该没有, "I think so", "probably no").
const HEDGE_LEAD =
  /^(?:应该|可能|大概|估计|好像|我觉得|感觉|也许|似乎|i think|i guess|probably|maybe|perhaps)/u;

/**
 * A yes or no, said plainly or with a doubt (`hedged`): "not that I know of", 应该没有, 有一点.
 * Null when it is neither.
 */
export function readYesNo(text: string): { value: boolean; hedged: boolean } | null {
  const firm = parseYesNo(text);
  if (firm !== null) return { value: firm, hedged: false };
  // Without the words around it: 不会啊, 没得哦, "no way lol", 行吧 (a reluctant yes is a yes); a
  // doubt set aside before it still counts as one (应该没有吧, "probably not").
  const bare = loosen(text);
  const doubt = HEDGE_LEAD.test(everyday(text).trim());
  if (YES.has(bare)) return { value: true, hedged: doubt };
  if (NO.has(bare)) return { value: false, hedged: doubt };
  const t = normaliseWidth(text).toLowerCase().trim();
  const raw = t.replace(/[\s.!?,。！？，、~～]+$/u, '');
  for (const c of [raw, bare]) {
    if (HEDGED_NO.has(c)) return { value: false, hedged: true };
    if (HEDGED_YES.has(c)) return { value: true, hedged: true };
  }
  return null;
}

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

/**
 * A typed answer to a choice question, beyond its exact labels: words that mean an option (很差 is
 * poor sleep), yes or no to a question that reads as one ("Want to try one now?"), and part of one
 * option's label (有氧, breathing).
 */
import type { Field } from '../machine/questions.js';
import { loosen } from './loose.js';
import { PHQ_WORDS } from './phqWords.js';
import { normaliseForMatch } from './phrases.js';
import { readYesNo } from './yesNo.js';

/** Text for comparison: normalised, with spaces and punctuation at either end dropped. */
export function cleanForChoice(text: string): string {
  return normaliseForMatch(text).replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '');
}

// Kinds of exercise by the everyday words for them (走路 when the label says 快走, "running").
const MODALITY_WORDS: Record<string, readonly string[]> = {
  aerobic: [
    '走路',
    '散步',
    '步行',
    '快走',
    '跑步',
    '慢跑',
    '骑车',
    '骑自行车',
    '单车',
    '游泳',
    '爬山',
    'walk',
    'a walk',
    'walking',
    'brisk walk',
    'run',
    'running',
    'jog',
    'jogging',
    'bike',
    'biking',
    'cycling',
    'swim',
    'swimming',
    'hiking',
  ],
  mindbody: [
    '呼吸',
    '深呼吸',
    '冥想',
    '太极',
    '太极拳',
    '八段锦',
    '瑜伽',
    '拉伸',
    'breathing',
    'meditation',
    'tai chi',
    'taichi',
    'baduanjin',
    'yoga',
    'stretching',
  ],
  resistance: [
    '力量',
    '力量训练',
    '举重',
    '俯卧撑',
    '深蹲',
    '弹力带',
    '健身',
    'strength',
    'weights',
    'push-ups',
    'pushups',
    'squats',
    'gym',
  ],
};

// The places of the time zones offered (flows/content/screening.json), by their everyday names. Only
// a name of one place: 美国 (two zones offered) or 东八区 (three) picks none.
const ZONE_WORDS: Record<string, readonly string[]> = {
  'Asia/Shanghai': [
    '上海',
    '北京',
    '北京时间',
    '中国',
    '中国大陆',
    '大陆',
    '内地',
    'beijing',
    'shanghai',
    'china',
    'beijing time',
    'china time',
    'mainland china',
  ],
  'Asia/Hong_Kong': ['香港', 'hong kong', 'hongkong', 'hk'],
  'Asia/Taipei': ['台北', '臺北', '台湾', '臺灣', 'taipei', 'taiwan'],
  'America/New_York': ['纽约', '美东', '美国东部', 'new york', 'nyc', 'us eastern', 'eastern time'],
  'America/Los_Angeles': ['洛杉矶', '美西', '美国西部', 'los angeles', 'us pacific', 'pacific time'],
  'Europe/London': ['伦敦', '英国', 'london', 'uk', 'britain', 'england'],
};

// Other words for an option, by question and option value (exact matches after cleaning). For a
// number question the value is the number the word means (每天 is 7 days a week, 昨天 1 day ago).
const WORDS: Partial<Record<Field, Record<string, readonly string[]>>> = {
  likes: { ...MODALITY_WORDS, all: ['都', '都行', '都可以', '都喜欢', '全部', 'all', 'everything', 'any'] },
  exerciseType: MODALITY_WORDS,
  setting: {
    indoors: [
      '在家',
      '家里',
      '在家里',
      '屋里',
      '室内',
      '健身房',
      'inside',
      'indoor',
      'at home',
      'home',
      'gym',
    ],
    outdoors: ['外面', '在外面', '户外', '室外', '公园', 'outside', 'outdoor', 'outdoors', 'park'],
    either: [
      '都行',
      '都可以',
      '都好',
      '随便',
      '无所谓',
      '都一样',
      'both',
      'either',
      'any',
      'whatever',
      "doesn't matter",
      'no preference',
    ],
  },
  // "Any exercise since your last check-in?" Nothing done is the option None.
  exercise: {
    '0': [
      '没运动',
      '没有运动',
      '没锻炼',
      '没有锻炼',
      '没做运动',
      '没有做运动',
      '没动',
      '没练',
      '一点没动',
      'no exercise',
      'nothing',
      "didn't exercise",
      'did not exercise',
    ],
  },
  // "On how many days a week do you exercise?" (0–7).
  activity: {
    '7': ['每天', '天天', '每日', '每一天', 'every day', 'everyday', 'daily'],
    '0': ['从不', '从来不', '不运动', '没运动', 'never'],
  },
  // "About how many days ago did you last use?" Last week is taken as 7 days.
  lastUse: {
    '0': ['今天', '今日', '今早', '今天早上', '刚才', '刚刚', 'today', 'this morning', 'just now'],
    '1': ['昨天', '昨日', '昨晚', '昨天晚上', 'yesterday', 'last night'],
    '2': ['前天', 'the day before yesterday', 'day before yesterday'],
    '3': ['大前天'],
    '7': ['上周', '上星期', '上个星期', '上礼拜', '上个礼拜', 'last week'],
  },
  timezone: ZONE_WORDS,
  setZone: ZONE_WORDS,
  // A PHQ item's "how often over the last two weeks?", said in words (天天都这样, 有几天吧).
  phq: PHQ_WORDS,
  sleep: {
    poor: [
      '差',
      '很差',
      '太差',
      '特别差',
      '不太好',
      '很不好',
      '糟',
      '很糟',
      '糟糕',
      '很糟糕',
      '没睡好',
      '睡不好',
      '睡不着',
      '失眠',
      'bad',
      'badly',
      'very bad',
      'terrible',
      'awful',
      'not good',
      'not well',
      'not great',
      'poorly',
      "couldn't sleep",
      'insomnia',
    ],
    ok: [
      '还行',
      '还可以',
      '凑合',
      '一般般',
      '马马虎虎',
      '还好',
      'so-so',
      'so so',
      'fine',
      'alright',
      'all right',
      'not bad',
      'okay',
      'meh',
    ],
    good: [
      '很好',
      '挺好',
      '不错',
      '很不错',
      '睡得好',
      '睡得很好',
      '很棒',
      'great',
      'well',
      'very good',
      'really good',
      'slept well',
    ],
  },
};

// Other words for an option by its label, where the label says what the option is (the last step's
// button is Done: 好了 and 做完了 tap it; a middle step's Next keeps only its own label).
const LABEL_WORDS: Record<string, readonly string[]> = {
  'session.done': [
    '好了',
    '做完了',
    '完成了',
    '做好了',
    '练完了',
    'done',
    'finished',
    "i'm done",
    'all done',
  ],
};

/** The option whose label a typed word means (`好了` → the Done button), or null. */
export function byLabelWord(text: string, labelKeys: readonly string[]): number | null {
  const t = cleanForChoice(text);
  const i = labelKeys.findIndex((key) => LABEL_WORDS[key]?.includes(t));
  return i >= 0 ? i : null;
}

// A UTC offset (UTC+8, GMT-5, 东八区): the same clock in several places with their own helplines.
const UTC_OFFSET =
  /^(?:(?:utc|gmt)(?:\s*[+\-\u2212]\s*\d{1,2}(?::?\d{2})?)?|[+\-\u2212]\d{1,2}(?::?\d{2})?|[东西][一二三四五六七八九十\d]{1,2}区|零时区)$/u;

/** True for a UTC offset typed as a time zone (`UTC+8`, `GMT+08:00`, `东八区`). */
export function isUtcOffset(text: string): boolean {
  return UTC_OFFSET.test(normaliseForMatch(text).trim());
}

/**
 * The option a word that means it picks (`很差` → poor sleep), or null; the words around it that
 * change nothing are set aside (天天都这样 😭 is 天天, 有几天吧 is 有几天).
 */
export function byWord(field: Field, text: string): string | null {
  const words = WORDS[field];
  if (!words) return null;
  for (const t of new Set([cleanForChoice(text), loosen(text)]))
    for (const [value, list] of Object.entries(words)) if (list.includes(t)) return value;
  return null;
}

/** The kind of exercise a word names (散步 is aerobic, 呼吸 mind-body), or null. */
export function modalityOf(text: string): string | null {
  const t = loosen(text);
  for (const [modality, list] of Object.entries(MODALITY_WORDS)) if (list.includes(t)) return modality;
  return null;
}

// Choice questions that read as yes/no questions, and which option a typed yes or no picks.
// offer, "Want to try one now?": yes takes the first session offered (the best-ranked), no is Not now.
// exercise, "Any exercise since yesterday?": no is None. resume, after a crisis reply: yes goes on.
const YES_NO: Partial<Record<Field, { yes?: (values: string[]) => string | undefined; no?: string }>> = {
  offer: { yes: (values) => values.find((v) => v !== 'notnow'), no: 'notnow' },
  exercise: { no: '0' },
  resume: { yes: () => 'continue' },
};

/** The option a typed yes or no picks on a choice question that reads as a yes/no one, or null. */
export function byYesNo(field: Field, values: string[], text: string): string | null {
  const map = YES_NO[field];
  const yes = map ? (readYesNo(text)?.value ?? null) : null;
  if (yes === null) return null;
  const value = yes ? map!.yes?.(values) : map!.no;
  return value !== undefined && values.includes(value) ? value : null;
}

/**
 * The one option whose label holds the typed text, or null: `有氧` → 有氧（走路、骑车）, `paced
 * breathing` → 5-min paced breathing. The text must have at least two Chinese characters or three
 * Latin letters, and every word of it must occur in the labels (any language) of exactly one option,
 * so `走` or `walk` between a brisk and an easy walk picks nothing; unless `firstOfSeveral`, where
 * the options are ranked (a session offer: `walk` is the best-ranked walk).
 */
export function byPartOfLabel(
  text: string,
  labels: readonly (readonly string[])[],
  firstOfSeveral = false,
): number | null {
  // 呼吸吧 is 呼吸; "the walk I guess" is "the walk".
  const t = loosen(text) || cleanForChoice(text);
  const han = t.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = t.match(/[a-z]/g)?.length ?? 0;
  if (han < 2 && latin < 3) return null;
  const words = t.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const hits = labels.flatMap((ls, i) =>
    ls.some((l) => {
      const label = normaliseForMatch(l);
      return words.every((w) => label.includes(w));
    })
      ? [i]
      : [],
  );
  return hits.length === 1 || (firstOfSeveral && hits.length > 1) ? hits[0]! : null;
}

/**
 * A language named in either language (`zh`, `中文`, `Chinese`, `en`, `英文`, `English`...), as
 * typed to `/language` or its question; null for anything else.
 */
export function parseLanguage(text: string): 'en' | 'zh-CN' | null {
  const t = cleanForChoice(text).toLowerCase();
  // A Latin name counts as a whole word ("en", not the start of "enough").
  if (/^(?:(?:zh|cn|chinese|mandarin)(?![a-z])|中文|汉语|漢語|普通话|简体)/.test(t)) return 'zh-CN';
  if (/^(?:(?:en|eng|english)(?![a-z])|英文|英语|英語)/.test(t)) return 'en';
  return null;
}

/**
 * Written Cantonese folded to the Mandarin the lexicons are written in, so 唔想活 reads as 不想活,
 * 瞓咗之後唔好再醒 as 睡了之后不好再醒 and 做人好攰 as 做人好累. Runs after the traditional→simplified
 * step, so every form here is simplified. Longer forms first: 唔系 is 不是 before 唔 is 不.
 */
const WORDS: [string, string][] = [
  ['唔系', '不是'],
  ['真系', '真是'],
  ['就系', '就是'],
  ['系咪', '是不是'],
  ['系唔系', '是不是'],
  ['点解', '为什么'],
  ['边度', '哪里'],
  ['呢度', '这里'],
  ['而家', '现在'],
  ['依家', '现在'],
  ['琴日', '昨天'],
  ['寻日', '昨天'],
  ['听日', '明天'],
  ['落去', '下去'],
  ['晕低', '晕倒'],
  ['企唔', '站不'],
  ['犀利', '厉害'],
  ['好惊', '好怕'],
  ['佢哋', '他们'],
  ['我哋', '我们'],
  ['你哋', '你们'],
  ['冇人', '没有人'],
];

const CHARS: Record<string, string> = {
  唔: '不',
  咗: '了',
  冇: '没',
  佢: '他',
  瞓: '睡',
  攰: '累',
  喺: '在',
  嘅: '的',
  咁: '这么',
  啲: '点',
  乜: '什么',
  咩: '什么',
  俾: '给',
  睇: '看',
  揾: '找',
  谂: '想',
  嚟: '来',
  嗰: '那',
  哋: '们',
};

const WORD_PATTERN = new RegExp(
  [...WORDS]
    .sort((a, b) => b[0].length - a[0].length)
    .map(([w]) => w)
    .join('|'),
  'gu',
);
const WORD_MAP = new Map(WORDS);
const CHAR_PATTERN = new RegExp(`[${Object.keys(CHARS).join('')}]`, 'gu');

/** Simplified-character text with written Cantonese words replaced by their Mandarin equivalents. */
export function foldCantonese(text: string): string {
  return text.replace(WORD_PATTERN, (w) => WORD_MAP.get(w) ?? w).replace(CHAR_PATTERN, (c) => CHARS[c] ?? c);
}

/**
 * An answer without the words around it that change nothing (docs/patient-journey.md#how-typed-answers-are-understood):
 * emoji, punctuation, a hedge or a sigh before it (大概, 应该, 嗯, 唉, "um", "I guess"), a particle or
 * a tail after it (吧, 啊, 呀, 都这样, 左右, "lol", "I think"). 有几天吧 is 有几天, 天天都这样 😭 is
 * 天天, 呼吸吧 is 呼吸, "um, walk I guess" is "walk". What is left is looked up as a whole, never
 * searched inside, so the words that matter keep their meaning.
 */
import { everyday } from './everyday.js';

// Emoji, symbols and punctuation, anywhere (kept apart from the words by a space).
const MARKS = /(?:\p{Extended_Pictographic}|\p{So}|\p{Sk}|\p{P}|\u200d|\ufe0f)+/gu;
const LEAD =
  /^(?:嗯+|恩+|唉+|哎+|额+|呃+|啊+|哦+|噢+|那个|就是|其实|大概|大约|应该是?|可能是?|也许|估计|我觉得|我感觉|感觉|我想|um+|uh+|erm|hmm+|well|so|i guess|i think|i'd say|probably|maybe|about|around|like|honestly|tbh)[\s,，]*/u;
const TAIL =
  /[\s,，]*(?:吧|啊|呀|哦|喔|噢|呢|嘛|啦|哈+|了|的|都这样|都是这样|都是|这样|这样子|左右|的样子|吧我觉得|我觉得|i guess|i think|probably|maybe|lol|haha+|tbh|really|honestly|to be honest)$/u;

/** The answer itself (see the file's comment); empty when nothing but filler was sent. */
export function loosen(text: string): string {
  let t = everyday(text).replace(MARKS, ' ').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 4; i++) {
    const next = t.replace(LEAD, '').replace(TAIL, '').trim();
    if (next === t) break;
    t = next;
  }
  return t;
}

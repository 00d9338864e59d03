/**
 * The everyday form of a patient's words, for the readers that understand answers, command words
 * and what a message is about: lower case, one width, no invisible characters, traditional
 * characters simplified and written Cantonese as Mandarin (進展 is 进展, 唔係 is 不是), spaces
 * between Chinese characters closed up. The risk reader keeps its own, stricter normalisation.
 */

import { normaliseForMatch } from './phrases.js';
import { foldCantonese } from './risk/cantonese.js';
import { simplifiedChar } from './risk/traditional.js';

const HAN = /\p{Script=Han}/u;

/** The everyday form of a text (see the file's comment). */
export function everyday(text: string): string {
  const t = normaliseForMatch(text);
  return HAN.test(t) ? foldCantonese(t.replace(/\p{Script=Han}/gu, simplifiedChar)) : t;
}

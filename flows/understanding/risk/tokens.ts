/**
 * A normalised message cut into tokens (docs/safety.md#normalise): Latin words (repaired by
 * `words.ts`), single Chinese characters and numbers, each with the clause and sentence it belongs
 * to. Terms never match across a clause; rules look within a clause, a sentence or a short window.
 *
 * Sentences end at . ! ? 。 and line breaks. Clauses also end at commas and the like, brackets,
 * quotes, emoji that carry no word, and at a space between two Chinese characters (Chinese chat
 * often separates clauses with a space: 已经站在桥上了 下面的水黑乎乎的).
 */
import { normalise } from './normalise.js';
import { repairWord, type Vocabulary } from './words.js';

/** What a token is. */
export type TokenKind = 'word' | 'han' | 'number';

/** One token of a message. */
export interface Token {
  text: string;
  kind: TokenKind;
  clause: number;
  sentence: number;
}

/** A message as tokens, with what is known of its clauses and sentences. */
export interface Tokens {
  list: Token[];
  /** Clauses that end with a question mark. */
  questionClauses: Set<number>;
  /** Sentences that name a work in 《》 (a book, film or song title). */
  titleSentences: Set<number>;
}

// A Chinese character; a Latin word (apostrophes and inner hyphens allowed); an emoji; sentence ends;
// spaces; anything else (punctuation) one character at a time.
// The v flag (set subtraction: letters but not Han) is in Node 20 but newer than the ES2023 target,
// so the pattern is built at run time.
const V_FLAGS: string = 'gsv';
const PIECE = new RegExp(
  String.raw`(\p{Script=Han})|([[\p{L}\p{N}\x40\x24]--\p{Script=Han}]+(?:[\x27\x2d][[\p{L}\p{N}]--\p{Script=Han}]+)*)|(\p{Extended_Pictographic}|\p{So})|([\x2e\x21\x3f。]+)|(\n)|(\s+)|(.)`,
  V_FLAGS,
);
const NOT_A_BREAK = /[%&+#=^_]/;

/** Cuts a message into tokens. The vocabulary repairs Latin words and reads emoji. Linear in length. */
export function tokenise(text: string, vocabulary: Vocabulary, emoji: Map<string, string[]>): Tokens {
  const source = normalise(text);
  const list: Token[] = [];
  const questionClauses = new Set<number>();
  const titleSentences = new Set<number>();
  let clause = 0;
  let sentence = 0;
  const push = (t: string, kind: TokenKind) => list.push({ text: t, kind, clause, sentence });
  const breakClause = () => {
    if (list.length && list[list.length - 1]!.clause === clause) clause++;
  };
  const breakSentence = () => {
    breakClause();
    if (list.length && list[list.length - 1]!.sentence === sentence) sentence++;
  };
  for (const m of source.matchAll(PIECE)) {
    const [piece, han, word, pictograph, stop, newline, space] = m;
    if (han) push(han, 'han');
    else if (word) pushWord(word, vocabulary, push);
    else if (pictograph) {
      const words = emoji.get(pictograph);
      if (words) for (const w of words) push(w, 'word');
      else breakClause();
    } else if (stop) {
      if (stop.includes('?')) questionClauses.add(clause);
      breakSentence();
    } else if (newline) breakSentence();
    else if (space) {
      // A space between two Chinese characters ends a clause.
      const before = list[list.length - 1];
      const after = source[(m.index ?? 0) + piece.length] ?? '';
      if (before?.kind === 'han' && /\p{Script=Han}/u.test(after)) breakClause();
    } else if (piece === '《') {
      titleSentences.add(sentence);
      breakClause();
    } else if (!NOT_A_BREAK.test(piece)) breakClause();
  }
  return { list, questionClauses, titleSentences };
}

/** A Latin word (or a number, or words joined by hyphens) as repaired tokens. */
function pushWord(raw: string, vocabulary: Vocabulary, push: (t: string, kind: TokenKind) => void): void {
  for (const part of raw.replace(/'/g, '').split('-')) {
    if (!part) continue;
    if (/^[0-9]+$/.test(part)) {
      push(part, 'number');
      continue;
    }
    // Letters and digits run together ("190bpm", "3x8") are several tokens, unless the digits stand
    // for letters ("k1ll"): repairWord tells.
    const repaired = repairWord(part, vocabulary);
    for (const w of repaired) {
      if (/[0-9]/.test(w) && /[a-z]/.test(w)) {
        for (const bit of w.match(/[0-9]+|[^0-9]+/g) ?? [])
          push(bit, /^[0-9]+$/.test(bit) ? 'number' : 'word');
      } else for (const bit of w.split(' ')) if (bit) push(bit, /^[0-9]+$/.test(bit) ? 'number' : 'word');
    }
  }
}

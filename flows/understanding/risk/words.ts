/**
 * Repairs of one Latin word before it is read (docs/safety.md#normalise): chat shorthand spelled out
 * ("wanna" → "want to"), digits that stand for letters ("k1ll"), stretched letters ("diiiie",
 * "beeeetter"), a typo in a long word ("suicde", "myslef") and words run together ("killmyself",
 * "wanttodie"). Every repair aims at a word the lexicons know, so a repair can only make a message
 * readable, never invent a word that is not there. Each repair is linear in the word's length.
 */

/** The words the lexicons know, and how to reach them. Built once per lexicon (`lexicon.ts`). */
export interface Vocabulary {
  /** Every whole word any term, slot or shorthand uses, plus common English words. */
  known: Set<string>;
  /** Words of the risk concepts (not of context), which a repair may aim at. */
  content: Set<string>;
  /** Wildcard stems (`kill*` → "kill") by their first three letters. */
  stems: Map<string, string[]>;
  /** Shorthand: a word and the words it stands for. */
  shorthand: Map<string, string[]>;
  /** A misspelling one edit away from a long content word, and that word. */
  typos: Map<string, string>;
}

/**
 * Common English words that are in no lexicon: known, so they are never "repaired" into something
 * else ("together" is not "to get her").
 */
export const COMMON_WORDS =
  'a an the and or but so if then than that this these those there here where when what who why how ' +
  'i me my mine you your yours he him his she her hers it its we us our they them their am is are was ' +
  'were be been being have has had do does did done to of in on at by for with from up down out over ' +
  'under about into onto off again just really very too also only still even ever never not no yes ' +
  'all any some every each much many more most less few one two three can could will would shall ' +
  'should may might must get got go going gone come came make made take took know knew think thought ' +
  'say said see saw tell told feel felt want need like love hate good bad new old day days night week ' +
  'today tonight tomorrow yesterday time now then together something someone anyone everyone nothing ' +
  'everything anything nowhere somewhere everywhere myself yourself himself herself themselves itself ' +
  'because before after while though although until since another other others same such own back ' +
  'home work job friend family mum mom dad people person life world thing things way well better best ' +
  'little long last first next right left sure okay ok sorry thanks thank please hello bye breakfast ' +
  'lunch dinner water coffee tea walk walked walking run running ran gym session exercise workout ' +
  'therapist counsellor doctor nurse hospital clinic meeting morning evening afternoon weekend deadline';

const LETTER_FOR_DIGIT: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};
const SUFFIXES = ['', 's', 'es', 'd', 'ed', 'ing', 'er', 'ers'];

/**
 * True when the vocabulary knows the word whole, or as a wildcard stem with an ending of up to four
 * letters ("suicidal" from `suicid*`). A longer tail ("killmyself" from `kill*`) is more words.
 */
export function isKnown(word: string, vocabulary: Vocabulary): boolean {
  if (vocabulary.known.has(word)) return true;
  for (const stem of vocabulary.stems.get(word.slice(0, 3)) ?? []) {
    if (word.startsWith(stem) && word.length - stem.length <= 4) return true;
  }
  return false;
}

/** Every single-edit variant of a word that a typo can produce: deletions, swaps, substitutions. */
export function typoVariants(word: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i++) {
    out.push(word.slice(0, i) + word.slice(i + 1));
    if (i + 1 < word.length) out.push(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
    if (word.length >= 7) out.push(`${word.slice(0, i)}?${word.slice(i + 1)}`);
  }
  return out;
}

/** Words spelled with digits for letters ("k1ll", "su1c1de"), when the word has letters on both sides. */
function undoLeet(word: string): string | null {
  if (!/[a-z]/.test(word) || !/[0-9@$]/.test(word)) return null;
  if (!/^[a-z0-9@$]+$/.test(word) || !/[a-z].*[0-9@$]|[0-9@$].*[a-z]/.test(word)) return null;
  const letters = word.replace(/[0-9@$]/g, (d) => LETTER_FOR_DIGIT[d] ?? d);
  return /[0-9]/.test(letters) ? null : letters;
}

/** A stretched word brought back: runs of three or more letters become two, or one ("diiiie" → "die"). */
function unstretch(word: string, vocabulary: Vocabulary): string {
  const two = word.replace(/(\p{L})\1{2,}/gu, '$1$1');
  if (isKnown(two, vocabulary)) return two;
  const one = word.replace(/(\p{L})\1{2,}/gu, '$1');
  if (isKnown(one, vocabulary)) return one;
  // "sooooo tired": a run of two left after the stretch is usually the stretch as well.
  const single = word.replace(/(\p{L})\1+/gu, '$1');
  return isKnown(single, vocabulary) ? single : one;
}

/** The content word a misspelling stands for, if it is one edit away from exactly that word. */
function correctTypo(word: string, vocabulary: Vocabulary): string | null {
  if (word.length < 5) return null;
  const direct = vocabulary.typos.get(word);
  if (direct) return direct;
  // An extra letter: dropping one gives the word.
  for (let i = 0; i < word.length; i++) {
    const shorter = word.slice(0, i) + word.slice(i + 1);
    if (shorter.length >= 6 && vocabulary.content.has(shorter)) return shorter;
  }
  for (const variant of typoVariants(word)) {
    if (!variant.includes('?')) continue;
    const hit = vocabulary.typos.get(variant);
    if (hit) return hit;
  }
  return null;
}

/**
 * Words run together ("killmyself", "iwanttodie") cut into known words, fewest pieces first. Only
 * accepted when a piece of four letters or more is a content word, so ordinary words stay whole.
 */
function splitRunTogether(word: string, vocabulary: Vocabulary): string[] | null {
  if (word.length < 6 || word.length > 40) return null;
  const n = word.length;
  // best[i]: fewest pieces covering word[0, i), with the piece that ends there.
  const best: ({ pieces: number; from: number } | null)[] = Array(n + 1).fill(null);
  best[0] = { pieces: 0, from: -1 };
  for (let i = 0; i < n; i++) {
    const at = best[i];
    if (!at || at.pieces >= 5) continue;
    for (let j = i + 1; j <= Math.min(n, i + 15); j++) {
      const piece = word.slice(i, j);
      if (piece.length === 1 && piece !== 'i' && piece !== 'u' && piece !== 'a') continue;
      if (!vocabulary.known.has(piece)) continue;
      const prev = best[j];
      if (!prev || prev.pieces > at.pieces + 1) best[j] = { pieces: at.pieces + 1, from: i };
    }
  }
  if (!best[n] || best[n].pieces < 2) return null;
  const pieces: string[] = [];
  for (let j = n; j > 0; j = best[j]!.from) pieces.unshift(word.slice(best[j]!.from, j));
  return pieces.some((p) => p.length >= 4 && vocabulary.content.has(p)) ? pieces : null;
}

// Repairs already worked out, per vocabulary (the same words come back message after message).
const repaired = new WeakMap<Vocabulary, Map<string, string[]>>();
const REMEMBERED_WORDS = 20_000;

/** One word as the lexicons spell it: one or more words. */
export function repairWord(raw: string, vocabulary: Vocabulary): string[] {
  const memo = repaired.get(vocabulary) ?? new Map<string, string[]>();
  repaired.set(vocabulary, memo);
  let words = memo.get(raw);
  if (!words) {
    words = repair(raw, vocabulary);
    if (memo.size >= REMEMBERED_WORDS) memo.clear();
    memo.set(raw, words);
  }
  return words;
}

function repair(raw: string, vocabulary: Vocabulary): string[] {
  const spelled = vocabulary.shorthand.get(raw);
  if (spelled) return spelled;
  let word = raw;
  const leet = undoLeet(word);
  if (leet) word = vocabulary.shorthand.get(leet)?.join(' ') ?? leet;
  if (isKnown(word, vocabulary)) return [word];
  if (/(\p{L})\1\1/u.test(word)) {
    word = unstretch(word, vocabulary);
    if (isKnown(word, vocabulary)) return vocabulary.shorthand.get(word) ?? [word];
  }
  const pieces = splitRunTogether(word, vocabulary);
  if (pieces) return pieces;
  return [correctTypo(word, vocabulary) ?? word];
}

/** Every form a wildcard stem stands for in run-together words ("harm*" → harm, harms, harming ...). */
export function stemForms(stem: string): string[] {
  return SUFFIXES.map((s) => stem + s);
}

/**
 * Look-ups over a scene's hits that stay fast however long the message and however many hits it has
 * (docs/safety.md: the reader is linear in the message length). Built once per scene, on first use.
 */
import type { Concept } from './lexicon.js';
import type { Hit } from './match.js';
import type { Tokens } from './tokens.js';

/** What the indexes are built over: a scene (`context.ts`), named here so neither imports the other. */
interface Scene {
  tokens: Tokens;
  hits: Hit[];
  byConcept: Map<Concept, Hit[]>;
}

/** How many hits of one concept a look-up walks past, at most, before it gives up. */
export const WALK_LIMIT = 48;

/** A scene's indexes. */
export interface SceneIndex {
  /** Clause ids in which each concept has a hit. */
  clausesWith: Map<Concept, Set<number>>;
  /** Sentence ids in which each concept has a hit. */
  sentencesWith: Map<Concept, Set<number>>;
  /** For each token, true when a hit of any of the concepts in `covering` covers it. */
  covered: Map<string, Uint8Array>;
  /** Words before each token (a Chinese character is half a word): distances in O(1). */
  words: Float64Array;
  /** Chinese characters before each token. */
  han: Uint32Array;
  /** Latin words and numbers before each token. */
  latin: Uint32Array;
  /** Clauses that start with a question word ("is it normal", 为什么). */
  questionStartClauses: Set<number>;
  /** Clauses that end with a question particle (吗). */
  questionEndClauses: Set<number>;
}

const indexes = new WeakMap<Scene, SceneIndex>();

/** The indexes of a scene. */
export function indexOf(scene: Scene): SceneIndex {
  let index = indexes.get(scene);
  if (!index) {
    const clausesWith = new Map<Concept, Set<number>>();
    const sentencesWith = new Map<Concept, Set<number>>();
    for (const h of scene.hits) {
      const c = clausesWith.get(h.concept) ?? new Set<number>();
      c.add(h.clause);
      clausesWith.set(h.concept, c);
      const s = sentencesWith.get(h.concept) ?? new Set<number>();
      s.add(h.sentence);
      sentencesWith.set(h.concept, s);
    }
    const list = scene.tokens.list;
    const n = list.length;
    const words = new Float64Array(n + 1);
    const han = new Uint32Array(n + 1);
    const latin = new Uint32Array(n + 1);
    for (let k = 0; k < n; k++) {
      const isHan = list[k]!.kind === 'han';
      words[k + 1] = words[k]! + (isHan ? 0.5 : 1);
      han[k + 1] = han[k]! + (isHan ? 1 : 0);
      latin[k + 1] = latin[k]! + (isHan ? 0 : 1);
    }
    const questionStartClauses = new Set<number>();
    for (const q of scene.byConcept.get('questionStart') ?? []) {
      if (q.start === 0 || list[q.start - 1]!.clause !== q.clause) questionStartClauses.add(q.clause);
    }
    const questionEndClauses = new Set<number>();
    for (const q of scene.byConcept.get('questionEnd') ?? []) {
      if (q.end === n || list[q.end]!.clause !== q.clause) questionEndClauses.add(q.clause);
    }
    index = {
      clausesWith,
      sentencesWith,
      covered: new Map(),
      words,
      han,
      latin,
      questionStartClauses,
      questionEndClauses,
    };
    indexes.set(scene, index);
  }
  return index;
}

/** True when any of the concepts has a hit in the clause. */
export function inClauseOf(scene: Scene, concepts: readonly Concept[], clause: number): boolean {
  const { clausesWith } = indexOf(scene);
  return concepts.some((c) => clausesWith.get(c)?.has(clause) ?? false);
}

/** True when any of the concepts has a hit in the sentence. */
export function inSentenceOf(scene: Scene, concepts: readonly Concept[], sentence: number): boolean {
  const { sentencesWith } = indexOf(scene);
  return concepts.some((c) => sentencesWith.get(c)?.has(sentence) ?? false);
}

/** Per token: covered by a hit whose concept passes the test (cached under `key`). */
export function coveredBy(scene: Scene, key: string, test: (h: Hit) => boolean): Uint8Array {
  const index = indexOf(scene);
  let cover = index.covered.get(key);
  if (!cover) {
    cover = new Uint8Array(scene.tokens.list.length);
    for (const h of scene.hits) if (test(h)) cover.fill(1, h.start, h.end);
    index.covered.set(key, cover);
  }
  return cover;
}

/** Words strictly between two token positions (a Chinese character is half a word). */
export function wordsBetween(scene: Scene, from: number, to: number): number {
  if (to <= from) return 0;
  const { words } = indexOf(scene);
  return words[to]! - words[from]!;
}

/** Chinese characters and Latin words strictly between two token positions. */
export function tokensBetween(scene: Scene, from: number, to: number): { han: number; latin: number } {
  if (to <= from) return { han: 0, latin: 0 };
  const { han, latin } = indexOf(scene);
  return { han: han[to]! - han[from]!, latin: latin[to]! - latin[from]! };
}

/** The position of the first hit in `sorted` (by start) that starts at or after `token`. */
export function firstStartingAt(sorted: readonly Hit[], token: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.start < token) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

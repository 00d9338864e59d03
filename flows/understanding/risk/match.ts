/**
 * Finds every concept term in a tokenised message (docs/safety.md#concepts): from each token, the
 * trie is walked as far as the clause allows. Each step is a map look-up, a gap looks at most a few
 * tokens ahead, and no term is longer than a few words, so the work is linear in the message length.
 *
 * Idioms come out of the same walk ("this workout is killing me", 笑死我了, 累死了, 想死你了): any other
 * hit that overlaps an idiom and is not longer than it is dropped, so the words inside an idiom mean
 * nothing to the rules.
 */
import type { Concept, Person, TermEnd, TrieNode } from './lexicon.js';
import type { Token } from './tokens.js';

/** One term found in a message: tokens [start, end) in one clause. */
export interface Hit {
  concept: Concept;
  start: number;
  end: number;
  person: Person | null;
  clause: number;
  sentence: number;
  term: string;
}

/** The longest gap `…` bridges: this many Latin words, or twice as many Chinese characters. */
export const GAP_WORDS = 3;

/** Every hit in the tokens, idioms applied. Hits come in order of their start, longest first. */
export function findHits(tokens: Token[], trie: TrieNode): Hit[] {
  const hits: Hit[] = [];
  const seen = new Set<number>();
  const n = tokens.length;
  // The walk's frontier: trie nodes and the token each is at.
  const nodes: TrieNode[] = [];
  const at: number[] = [];
  for (let i = 0; i < n; i++) {
    const first = tokens[i]!;
    const clause = first.clause;
    nodes.push(trie);
    at.push(i);
    while (nodes.length) {
      const node = nodes.pop()!;
      const j = at.pop()!;
      if (j > i) {
        if (node.ends.length) record(node.ends, i, j);
        if (node.clauseEnds.length && (j === n || tokens[j]!.clause !== clause))
          record(node.clauseEnds, i, j);
      }
      const next = j < n ? tokens[j]! : null;
      if (next && next.clause === clause) {
        const exact = node.exact.get(next.text);
        if (exact) {
          nodes.push(exact);
          at.push(j + 1);
        }
        if (node.stems.size) {
          const bucket = node.stems.get(next.text.slice(0, 3));
          if (bucket) {
            for (const pair of bucket) {
              if (next.text.startsWith(pair[0])) {
                nodes.push(pair[1]);
                at.push(j + 1);
              }
            }
          }
        }
      }
      if (node.gap && j > i) {
        let width = 0;
        for (let k = j; k <= n; k++) {
          nodes.push(node.gap);
          at.push(k);
          const skipped = tokens[k];
          if (!skipped || skipped.clause !== clause) break;
          width += skipped.kind === 'han' ? 0.5 : 1;
          if (width > GAP_WORDS) break;
        }
      }
    }
  }

  function record(ends: TermEnd[], start: number, end: number): void {
    for (const e of ends) {
      const key = (start * 64 + (end - start)) * 1024 + e.key;
      if (seen.has(key)) continue;
      seen.add(key);
      const t = tokens[start]!;
      hits.push({
        concept: e.concept,
        start,
        end,
        person: e.person,
        clause: t.clause,
        sentence: t.sentence,
        term: e.term,
      });
    }
  }

  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  return dropInsideIdioms(hits);
}

/** Hits without those an idiom covers (an idiom blanks the words inside it). Hits are sorted by start. */
function dropInsideIdioms(hits: Hit[]): Hit[] {
  const idioms = hits.filter((h) => h.concept === 'idiom');
  if (!idioms.length) return hits;
  // Idioms are short: any idiom overlapping a hit starts at most this many tokens before it.
  const longest = Math.max(...idioms.map((i) => i.end - i.start));
  let first = 0;
  return hits.filter((h) => {
    if (h.concept === 'idiom') return true;
    while (first < idioms.length && idioms[first]!.start < h.start - longest) first++;
    for (let k = first; k < idioms.length && idioms[k]!.start < h.end; k++) {
      const i = idioms[k]!;
      const overlaps = h.start < i.end && i.start < h.end;
      const containsLonger = h.start <= i.start && h.end >= i.end && h.end - h.start > i.end - i.start;
      if (overlaps && !containsLonger) return false;
    }
    return true;
  });
}

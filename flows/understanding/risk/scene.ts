/**
 * A message read once into a scene: normalised, cut into tokens, every concept term found. The three
 * readers (self-harm, red flags, use) read the same scene; the last one is kept, so reading one
 * message three times costs one pass.
 */
import type { RiskLexicon } from '../../content/risk.js';
import type { Scene } from './context.js';
import { type Concept, compiled } from './lexicon.js';
import { findHits, type Hit } from './match.js';
import { type Token, tokenise } from './tokens.js';

let last: { text: string; lexicon: RiskLexicon; scene: Scene } | null = null;

/** A count of pills this large is a lethal amount ("took 30 of my pills", "40 tablets"). */
export const LETHAL_COUNT = 10;

/**
 * Hits with a `lethalAmount` added for each written number of ten or more that counts means a few
 * words later ("just took 30 of my mum's sleeping pills"): numbers are not terms a lexicon can list.
 */
function withCountedAmounts(tokens: Token[], hits: Hit[]): Hit[] {
  const means = hits.filter((h) => h.concept === 'means' || h.concept === 'lethalMeans');
  if (!means.length) return hits;
  const added: Hit[] = [];
  for (const [i, t] of tokens.entries()) {
    if (t.kind !== 'number' || Number(t.text) < LETHAL_COUNT || Number(t.text) > 1000) continue;
    if (means.some((m) => m.clause === t.clause && m.start > i && m.start - i <= 5)) {
      added.push({
        concept: 'lethalAmount',
        start: i,
        end: i + 1,
        person: null,
        clause: t.clause,
        sentence: t.sentence,
        term: t.text,
      });
    }
  }
  return added.length ? [...hits, ...added].sort((a, b) => a.start - b.start || b.end - a.end) : hits;
}

/** The scene of a message. */
export function sceneOf(text: string, lexicon: RiskLexicon): Scene {
  if (last && last.text === text && last.lexicon === lexicon) return last.scene;
  const { trie, vocabulary, emoji } = compiled(lexicon);
  const tokens = tokenise(text, vocabulary, emoji);
  const hits = withCountedAmounts(tokens.list, findHits(tokens.list, trie));
  const byConcept = new Map<Concept, Hit[]>();
  for (const h of hits) {
    const list = byConcept.get(h.concept);
    if (list) list.push(h);
    else byConcept.set(h.concept, [h]);
  }
  const scene = { tokens, hits, byConcept };
  last = { text, lexicon, scene };
  return scene;
}

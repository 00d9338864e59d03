/**
 * A message read once into a scene: normalised, cut into tokens, every concept term found. The three
 * readers (self-harm, red flags, use) read the same scene; the last one is kept, so reading one
 * message three times costs one pass.
 */
import type { RiskLexicon } from '../../content/risk.js';
import type { Scene } from './context.js';
import { type Concept, compiled } from './lexicon.js';
import { findHits, type Hit } from './match.js';
import { tokenise } from './tokens.js';

let last: { text: string; lexicon: RiskLexicon; scene: Scene } | null = null;

/** The scene of a message. */
export function sceneOf(text: string, lexicon: RiskLexicon): Scene {
  if (last && last.text === text && last.lexicon === lexicon) return last.scene;
  const { trie, vocabulary, emoji } = compiled(lexicon);
  const tokens = tokenise(text, vocabulary, emoji);
  const hits = findHits(tokens.list, trie);
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

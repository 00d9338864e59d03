/**
 * How a rule finds its concepts together (docs/safety.md#rules): a pattern names the concepts it
 * needs (each need one concept, or any of several) and how close they must be. The first need is
 * the anchor; every other need takes the nearest acceptable hit in scope. Linear in the number of
 * hits for each anchor, and hits are few.
 */
import { hitsOf, type Scene } from './context.js';
import type { Concept } from './lexicon.js';
import type { Hit } from './match.js';

/** One need: a concept, or any of several. */
export type Need<C extends Concept> = C | readonly C[];

/** How close the needs must be: one clause, one sentence, anywhere, or within so many words. */
export type Scope = 'clause' | 'sentence' | 'message' | number;

/** What a rule looks for. */
export interface Pattern<C extends Concept> {
  needs: readonly Need<C>[];
  within: Scope;
}

const conceptsOf = <C extends Concept>(need: Need<C>): readonly C[] =>
  typeof need === 'string' ? [need as C] : (need as readonly C[]);

/** Words between two hits (0 when they touch or overlap); a Chinese character is half a word. */
export function gapBetween(scene: Scene, a: Hit, b: Hit): number {
  const [first, second] = a.start <= b.start ? [a, b] : [b, a];
  let d = 0;
  for (let k = first.end; k < second.start; k++) d += scene.tokens.list[k]!.kind === 'han' ? 0.5 : 1;
  return d;
}

function inScope(scene: Scene, anchor: Hit, other: Hit, within: Scope): boolean {
  if (within === 'message') return true;
  if (within === 'clause') return anchor.clause === other.clause;
  if (anchor.sentence !== other.sentence) return false;
  return within === 'sentence' || gapBetween(scene, anchor, other) <= within;
}

/**
 * Every way the pattern is found in the scene: one array of hits per anchor, the anchor first.
 * `accept` turns hits away (a negated hit is not there).
 */
export function findMatches<C extends Concept>(
  scene: Scene,
  pattern: Pattern<C>,
  accept: (h: Hit) => boolean,
): Hit[][] {
  const [first, ...rest] = pattern.needs;
  if (!first) return [];
  const matches: Hit[][] = [];
  for (const anchor of hitsOf(scene, ...conceptsOf(first))) {
    if (!accept(anchor)) continue;
    const match = [anchor];
    for (const need of rest) {
      let best: Hit | null = null;
      let bestGap = Number.POSITIVE_INFINITY;
      for (const h of hitsOf(scene, ...conceptsOf(need))) {
        if (h === anchor || !inScope(scene, anchor, h, pattern.within) || !accept(h)) continue;
        const gap = gapBetween(scene, anchor, h) + (h.sentence === anchor.sentence ? 0 : 1000);
        if (gap < bestGap) {
          best = h;
          bestGap = gap;
        }
      }
      if (!best) break;
      match.push(best);
    }
    if (match.length === pattern.needs.length) matches.push(match);
  }
  return matches;
}

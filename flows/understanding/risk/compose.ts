/**
 * How a rule finds its concepts together (docs/safety.md#rules): a pattern names the concepts it
 * needs (each need one concept, or any of several) and how close they must be. The first need is
 * the anchor; every other need takes the nearest acceptable hit in scope, looked for outwards from the
 * anchor (at most `WALK_LIMIT` hits each way), so each anchor costs a bounded amount of work.
 */
import type { Scene } from './context.js';
import type { Concept } from './lexicon.js';
import type { Hit } from './match.js';
import { firstStartingAt, WALK_LIMIT, wordsBetween } from './sceneIndex.js';

/** One need: a concept, or any of several. */
export type Need<C extends Concept> = C | readonly C[];

/**
 * How close the needs must be: one clause, one sentence, the same or the next sentence ("got the rope
 * in the car. tonight once everyone's asleep"), anywhere, or within so many words of one sentence.
 */
export type Scope = 'clause' | 'sentence' | 'nearby' | 'message' | number;

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
  return wordsBetween(scene, first.end, second.start);
}

/** Whether a partner in this direction, and every one further, is out of scope (so the walk stops). */
function beyondScope(anchor: Hit, other: Hit, within: Scope): boolean {
  if (within === 'message') return false;
  if (within === 'clause') return anchor.clause !== other.clause;
  if (within === 'nearby') return Math.abs(anchor.sentence - other.sentence) > 1;
  return anchor.sentence !== other.sentence;
}

function inScope(scene: Scene, anchor: Hit, other: Hit, within: Scope): boolean {
  if (beyondScope(anchor, other, within)) return false;
  return typeof within !== 'number' || gapBetween(scene, anchor, other) <= within;
}

/** The nearest acceptable hit of a concept in scope of the anchor, and how far it is. */
function nearestPartner(
  scene: Scene,
  anchor: Hit,
  concept: Concept,
  within: Scope,
  accept: (h: Hit) => boolean,
): [Hit, number] | null {
  const list = scene.byConcept.get(concept);
  if (!list) return null;
  let best: [Hit, number] | null = null;
  const from = firstStartingAt(list, anchor.start);
  for (const step of [1, -1]) {
    let k = step > 0 ? from : from - 1;
    for (let walked = 0; k >= 0 && k < list.length && walked < WALK_LIMIT; k += step, walked++) {
      const h = list[k]!;
      if (beyondScope(anchor, h, within)) break;
      // A partner is other words than the anchor: one term that is in two concepts is not two.
      if (h.start < anchor.end && anchor.start < h.end) continue;
      if (!inScope(scene, anchor, h, within) || !accept(h)) continue;
      const gap = gapBetween(scene, anchor, h) + (h.sentence === anchor.sentence ? 0 : 1000);
      if (!best || gap < best[1]) best = [h, gap];
      break;
    }
  }
  return best;
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
  for (const concept of conceptsOf(first)) {
    for (const anchor of scene.byConcept.get(concept) ?? []) {
      if (!accept(anchor)) continue;
      const match = [anchor];
      for (const need of rest) {
        let best: [Hit, number] | null = null;
        for (const c of conceptsOf(need)) {
          const found = nearestPartner(scene, anchor, c, pattern.within, accept);
          if (found && (!best || found[1] < best[1])) best = found;
        }
        if (!best) break;
        match.push(best[0]);
      }
      if (match.length === pattern.needs.length) matches.push(match);
    }
  }
  return matches;
}

/**
 * Reads a message for reported use (docs/safety.md#reported-use): a clear report of a use (the lapse
 * flow), words that may tell of a use (the confirm question), or a wish to use (craving help).
 * "I used to run", "crystal clear", 吸猫, 冰奶茶 are idioms and mean nothing here.
 */
import type { RiskLexicon, UseConcept } from '../../content/risk.js';
import { findMatches, type Pattern } from './compose.js';
import { isFiction, isNegated, isQuestion, pastFrame, type Scene, speakerOf } from './context.js';
import type { Hit } from './match.js';
import type { UseReading } from './reading.js';
import { sceneOf } from './scene.js';
import { coveredBy } from './sceneIndex.js';

/** One rule for reported use. */
export interface UseRule extends Pattern<UseConcept> {
  name: string;
  outcome: Exclude<UseReading['outcome'], 'none'>;
}

/** The rules, the clearest report first. */
export const USE_RULES: readonly UseRule[] = [
  { name: 'use reported', outcome: 'lapse', needs: ['lapse'], within: 'clause' },
  { name: 'used + the drug', outcome: 'lapse', needs: ['useVerb', 'drug'], within: 6 },
  { name: 'may have used + the drug', outcome: 'lapse', needs: ['possibleLapse', 'drug'], within: 6 },
  { name: 'may have used', outcome: 'possibleLapse', needs: ['possibleLapse'], within: 'clause' },
  { name: 'craving named', outcome: 'craving', needs: ['craving'], within: 'clause' },
  { name: 'wants the drug or to use', outcome: 'craving', needs: ['wantTo', ['drug', 'useVerb']], within: 5 },
];

/** The use reading of a scene. */
export function readUseScene(scene: Scene): UseReading {
  // A use that is wished for ("want to smoke ice", 想起吸冰的感觉) is a craving, not a report.
  const wanted = coveredBy(scene, 'wanted', (w) => w.concept === 'wantTo' || w.concept === 'craving');
  const wished = (h: Hit) => {
    for (let k = Math.max(0, h.start - 2); k <= h.start; k++) {
      if (wanted[k] && scene.tokens.list[k]!.clause === h.clause) return true;
    }
    return false;
  };
  const accept = (h: Hit) => !isNegated(scene, h) && !(h.concept === 'useVerb' && wished(h));
  for (const rule of USE_RULES) {
    for (const match of findMatches(scene, rule, accept)) {
      const speaker = speakerOf(scene, match);
      if (speaker === 'other' || speaker === 'generic') continue;
      if (speaker !== 'self' && (isQuestion(scene, match[0]!) || isFiction(scene, match))) continue;
      if (pastFrame(scene, match) !== 'present') continue;
      return { outcome: rule.outcome, rule: rule.name };
    }
  }
  return { outcome: 'none', rule: null };
}

/** Reads a message for reported use, in both languages. */
export function readUse(text: string, lexicon: RiskLexicon): UseReading {
  return readUseScene(sceneOf(text, lexicon));
}

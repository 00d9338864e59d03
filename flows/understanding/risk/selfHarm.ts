/**
 * Reads a message for self-harm language (docs/safety.md): the rules of `rules.ts` find what is
 * said, context decides whether it counts and whose it is.
 */
import { type RiskLexicon, SELF_HARM_CONCEPTS } from '../../content/risk.js';
import type { RiskModel } from '../../content/riskModel.js';
import { findMatches } from './compose.js';
import {
  inSentence,
  isFiction,
  isLaughing,
  isNegated,
  isQuestion,
  pastFrame,
  type Scene,
  speakerOf,
} from './context.js';
import type { Hit } from './match.js';
import { withModel } from './model.js';
import type { SelfHarmReading } from './reading.js';
import { SELF_HARM_RULES, type SelfHarmRule } from './rules.js';
import { sceneOf } from './scene.js';
import { coveredBy } from './sceneIndex.js';

const SEVERITY = { none: 0, possible: 1, thirdParty: 2, risk: 3 } as const;

const CONTENT_CONCEPTS = new Set<string>(SELF_HARM_CONCEPTS);

/** True when the words are part of a phrase some concept already stands for (judged by its own rule). */
function explainedElsewhere(scene: Scene, hit: Hit): boolean {
  const cover = coveredBy(
    scene,
    'selfHarm',
    (h) => h.concept !== 'riskWord' && CONTENT_CONCEPTS.has(h.concept),
  );
  for (let k = hit.start; k < hit.end; k++) if (cover[k]) return true;
  return false;
}

/** What one match of a rule means, context applied. */
function outcomeOf(
  scene: Scene,
  rule: SelfHarmRule,
  match: Parameters<typeof speakerOf>[1],
): SelfHarmReading['outcome'] {
  if (rule.unless && inSentence(scene, match, rule.unless)) return 'none';
  const named = match.find((h) => h.person)?.person;
  const speaker = rule.ownWords ? (named ?? 'self') : speakerOf(scene, match);
  if (speaker === 'generic') return 'none';
  if (rule.safetyNet && (speaker === 'other' || explainedElsewhere(scene, match[0]!))) return 'none';
  if (speaker !== 'self' && isFiction(scene, match)) return 'none';
  const past = pastFrame(scene, match);
  if (speaker === 'other') {
    // Someone else's risk, burden, or despair they speak of ("my mum keeps saying life is pointless").
    const worrying =
      rule.strength === 'risk' || rule.category === 'burden' || inSentence(scene, match, ['speech']);
    return worrying && past === 'present' && !isQuestion(scene, match[0]!) ? 'thirdParty' : 'none';
  }
  let outcome: SelfHarmReading['outcome'] = rule.strength;
  if (speaker !== 'self' && isQuestion(scene, match[0]!)) {
    if (!rule.questionIsPossible) return 'none';
    outcome = 'possible';
  }
  if (past === 'recovered') return 'none';
  if (past === 'past') outcome = 'possible';
  if (outcome === 'risk' && rule.hyperbole && isLaughing(scene, match)) outcome = 'possible';
  return outcome;
}

/** The self-harm reading of a scene. */
export function readSelfHarmScene(scene: Scene): SelfHarmReading {
  let best: SelfHarmReading = { outcome: 'none', category: null, rule: null };
  const accept = (h: Parameters<typeof isNegated>[1]) => !isNegated(scene, h);
  for (const rule of SELF_HARM_RULES) {
    for (const match of findMatches(scene, rule, accept)) {
      const outcome = outcomeOf(scene, rule, match);
      if (SEVERITY[outcome] > SEVERITY[best.outcome]) {
        best = {
          outcome,
          category: outcome === 'thirdParty' ? 'thirdParty' : rule.category,
          rule: rule.name,
        };
        if (outcome === 'risk') return best;
      }
    }
  }
  return best;
}

/**
 * Reads a message for self-harm language, in both languages whatever the patient's locale, the
 * whole message whatever its length. With `model` (`content.riskModel`), the statistical net stands
 * behind the rules: a `none` it scores high becomes `possible` (docs/safety.md#the-statistical-net);
 * it never lowers a `risk` or changes a `thirdParty`.
 */
export function readSelfHarm(
  text: string,
  lexicon: RiskLexicon,
  model: RiskModel | null = null,
): SelfHarmReading {
  const reading = readSelfHarmScene(sceneOf(text, lexicon));
  return model ? withModel(reading, text, model) : reading;
}

/**
 * The self-harm rules, as a clinician would say them (docs/safety.md#rules). Each rule names the
 * concepts it needs (`flows/content/risk.json`), how close they must be, and what it means. Context
 * (`context.ts`) then decides whether it counts: negated, someone else's words, a question about the
 * topic, the past, fiction, a joke.
 *
 * `risk` rules earn the crisis reply at once; `possible` rules the direct question. Said of someone
 * else, a `risk` rule (and burden, and despair someone is reported to speak of) is a third-party
 * reading. When several rules match, the most severe outcome wins, and among equals the rule listed
 * first names the category.
 */
import type { SelfHarmConcept } from '../../content/risk.js';
import type { Pattern } from './compose.js';
import type { SelfHarmCategory } from './reading.js';

/** One self-harm rule. */
export interface SelfHarmRule extends Pattern<SelfHarmConcept> {
  /** The rule in words (shown by the evaluation and in tests). */
  name: string;
  category: SelfHarmCategory;
  strength: 'risk' | 'possible';
  /** Concepts that, in the same sentence, mean the rule does not apply ("as prescribed", "for the tent"). */
  unless?: readonly SelfHarmConcept[];
  /**
   * The words are the patient's by their nature ("tell my daughter I loved her", "they'd be better
   * off without me"): no third party, unless a slot in them names someone else ("without him").
   */
  ownWords?: boolean;
  /** A joke in the sentence makes it a question rather than a crisis (平板支撑撑到想死 哈哈). */
  hyperbole?: boolean;
  /** Asked as a question, it still earns the direct question ("what's the point?", lethal doses). */
  questionIsPossible?: boolean;
  /**
   * The safety net: only words no other concept explains (a word inside a negated or idiomatic phrase
   * was judged already), and only in the patient's own voice.
   */
  safetyNet?: boolean;
}

const EVERYDAY_MEANS = ['prescribed', 'benignPurpose'] as const;

/** The rules, most specific first. */
export const SELF_HARM_RULES: readonly SelfHarmRule[] = [
  // A plan: a method, a means at hand, a place, a time.
  {
    name: 'method of suicide named',
    category: 'plan',
    strength: 'risk',
    needs: ['lethalAct'],
    within: 'clause',
    unless: ['benignPurpose'],
  },
  {
    name: 'method + intent, means, place or a lethal amount',
    category: 'plan',
    strength: 'risk',
    needs: ['methodAct', ['intent', 'means', 'lethalMeans', 'place', 'lethalAmount']],
    within: 'sentence',
    unless: EVERYDAY_MEANS,
  },
  {
    name: 'means + intent or a lethal amount',
    category: 'plan',
    strength: 'risk',
    needs: [
      ['means', 'lethalMeans'],
      ['intent', 'lethalAmount'],
    ],
    within: 'nearby',
    unless: EVERYDAY_MEANS,
  },
  {
    name: 'at the place, now',
    category: 'plan',
    strength: 'risk',
    needs: ['place', 'presence'],
    within: 3,
    unless: ['benignPurpose'],
  },
  {
    name: 'place + intent',
    category: 'plan',
    strength: 'risk',
    needs: ['place', 'intent'],
    within: 'sentence',
    unless: ['benignPurpose'],
  },
  {
    name: 'working out how',
    category: 'plan',
    strength: 'risk',
    needs: ['howTo'],
    within: 'clause',
    questionIsPossible: true,
  },
  // Preparatory acts.
  {
    name: 'preparatory act (note, will, funeral)',
    category: 'preparatory',
    strength: 'risk',
    needs: ['prepAct'],
    within: 'clause',
  },
  {
    name: 'saving up means',
    category: 'preparatory',
    strength: 'risk',
    needs: ['hoard', ['means', 'lethalMeans']],
    within: 'sentence',
    unless: ['prescribed'],
  },
  {
    name: 'getting means',
    category: 'preparatory',
    strength: 'risk',
    needs: ['acquire', 'lethalMeans'],
    within: 8,
    unless: EVERYDAY_MEANS,
  },
  {
    name: 'looking up how',
    category: 'preparatory',
    strength: 'risk',
    needs: ['research', ['howTo', 'death', 'lethalAct']],
    within: 'sentence',
  },
  {
    name: 'giving things away + finality',
    category: 'preparatory',
    strength: 'risk',
    needs: ['giveAway', ['afterMe', 'finality', 'lastWords']],
    within: 'message',
  },
  {
    name: 'putting things in order + finality',
    category: 'preparatory',
    strength: 'risk',
    needs: ['tidyUp', ['afterMe', 'finality', 'lastWords']],
    within: 'message',
  },
  {
    name: 'speaks of after their death',
    category: 'preparatory',
    strength: 'risk',
    needs: ['afterMe'],
    within: 'clause',
  },
  // Self-injury, past or present.
  {
    name: 'self-injury named',
    category: 'selfInjury',
    strength: 'risk',
    needs: ['selfInjury'],
    within: 'clause',
    unless: ['accident'],
  },
  {
    name: 'self-injury verb + own body',
    category: 'selfInjury',
    strength: 'risk',
    needs: ['injuryVerb', ['selfObject', 'bodyPart']],
    within: 4,
    unless: ['accident'],
  },
  {
    name: 'injury marks on own body, or again',
    category: 'selfInjury',
    strength: 'risk',
    needs: ['injuryNoun', ['injuryMarker', 'bodyPart']],
    within: 'clause',
    unless: ['accident'],
  },
  {
    name: 'self-injury verb + again or relief',
    category: 'selfInjury',
    strength: 'risk',
    needs: ['injuryVerb', 'injuryMarker'],
    within: 3,
    unless: ['accident'],
  },
  {
    name: 'blade + relief',
    category: 'selfInjury',
    strength: 'risk',
    needs: [['means', 'lethalMeans'], 'injuryMarker'],
    within: 'sentence',
    unless: ['accident', 'benignPurpose', 'prescribed'],
  },
  // Goodbyes and finality.
  {
    name: 'finality (won’t be here)',
    category: 'goodbye',
    strength: 'risk',
    needs: ['finality'],
    within: 'clause',
    unless: ['continuation'],
  },
  {
    name: 'message for those left behind',
    category: 'goodbye',
    strength: 'risk',
    needs: ['tellOthers', 'farewellWords'],
    within: 'sentence',
    ownWords: true,
  },
  {
    name: 'goodbye + finality, love, sorry or despair',
    category: 'goodbye',
    strength: 'risk',
    needs: ['goodbye', ['finality', 'lastWords', 'farewellWords', 'afterMe', 'hopeless']],
    within: 'message',
    unless: ['continuation'],
  },
  {
    name: 'last words + love or sorry',
    category: 'goodbye',
    strength: 'risk',
    needs: ['lastWords', 'farewellWords'],
    within: 'message',
    unless: ['continuation'],
  },
  // Burden.
  {
    name: 'better off without me',
    category: 'burden',
    strength: 'risk',
    needs: ['betterWithout'],
    within: 'clause',
    ownWords: true,
  },
  {
    name: 'others better off without me',
    category: 'burden',
    strength: 'risk',
    needs: ['withoutMe', 'othersBetter'],
    within: 'sentence',
    ownWords: true,
  },
  {
    name: 'not worthy of living',
    category: 'burden',
    strength: 'risk',
    needs: ['unworthy'],
    within: 'clause',
  },
  {
    name: 'burden + absence',
    category: 'burden',
    strength: 'risk',
    needs: ['burden', ['death', 'deathWish', 'afterMe', 'finality', 'withoutMe']],
    within: 'message',
  },
  // A wish to be dead, and suicidal thoughts.
  {
    name: 'wish to be dead',
    category: 'deathWish',
    strength: 'risk',
    needs: ['deathWish'],
    within: 'clause',
    hyperbole: true,
    questionIsPossible: true,
  },
  {
    name: 'wish + death',
    category: 'deathWish',
    strength: 'risk',
    needs: ['wish', 'death'],
    within: 5,
    hyperbole: true,
  },
  {
    name: 'suicide named',
    category: 'ideation',
    strength: 'risk',
    needs: ['suicide'],
    within: 'clause',
    questionIsPossible: true,
  },
  {
    name: 'self + kill or end life',
    category: 'ideation',
    strength: 'risk',
    needs: ['selfKill'],
    within: 'clause',
    hyperbole: true,
    questionIsPossible: true,
  },
  {
    name: 'thinking of how',
    category: 'ideation',
    strength: 'risk',
    needs: ['thinking', ['howTo', 'lethalAct']],
    within: 'sentence',
  },
  // Indirect: ask directly.
  {
    name: 'thinking of death',
    category: 'ideation',
    strength: 'possible',
    needs: ['thinking', 'deathTopic'],
    within: 'clause',
  },
  { name: 'burden', category: 'burden', strength: 'possible', needs: ['burden'], within: 'clause' },
  {
    name: 'last words',
    category: 'goodbye',
    strength: 'possible',
    needs: ['lastWords'],
    within: 'clause',
    unless: ['continuation'],
  },
  {
    name: 'giving things away with love or sorry',
    category: 'preparatory',
    strength: 'possible',
    needs: ['giveAway', 'farewellWords'],
    within: 'message',
  },
  {
    name: 'asking for the crisis line',
    category: 'indirect',
    strength: 'possible',
    needs: ['helpline', 'selfNeed'],
    within: 'message',
  },
  {
    name: 'hopelessness',
    category: 'indirect',
    strength: 'possible',
    needs: ['hopeless'],
    within: 'clause',
    questionIsPossible: true,
  },
  // The safety net under the rules: words of death or harm in the patient's own voice that no rule
  // above explains still earn the direct question (never the crisis reply on their own).
  {
    name: 'death or harm words in their own voice',
    category: 'indirect',
    strength: 'possible',
    needs: ['riskWord'],
    within: 'clause',
    unless: ['prescribed', 'benignPurpose', 'accident', 'continuation'],
    safetyNet: true,
  },
];

/**
 * What surrounds a match, read from the context concepts (docs/safety.md#context): is it negated,
 * whose words are they (the patient's, someone else's, people in general), is it a question about
 * the topic, a memory of the past, a book, film, song or the news, or a joke. Rules decide what they
 * found; context decides whether it counts. Every look-up is indexed or bounded (`sceneIndex.ts`), so
 * reading stays linear however many hits a message has.
 */
import type { Concept } from './lexicon.js';
import type { Hit } from './match.js';
import {
  firstStartingAt,
  inClauseOf,
  indexOf,
  inSentenceOf,
  tokensBetween,
  WALK_LIMIT,
  wordsBetween,
} from './sceneIndex.js';
import type { Tokens } from './tokens.js';

/** A message read into tokens and hits, with the hits by concept (each list in order of start). */
export interface Scene {
  tokens: Tokens;
  hits: Hit[];
  byConcept: Map<Concept, Hit[]>;
}

/** Whose words a match speaks of. `implicit`: no one is named, so the patient (Chinese drops "I"). */
export type Speaker = 'self' | 'other' | 'generic' | 'implicit';

/**
 * How far before a hit a negator reaches, in words ("I'm not going to kill myself") or Chinese
 * characters (我不会去自杀; longer Chinese forms are negators of their own: 从来没想过要).
 */
export const NEGATION_REACH = { words: 4, han: 1 };
/** No negator, person or marker term is longer than this many tokens. */
const LONGEST_MARKER = 8;

/** The hits of any of the concepts. */
export function hitsOf(scene: Scene, ...concepts: Concept[]): Hit[] {
  if (concepts.length === 1) return scene.byConcept.get(concepts[0]!) ?? [];
  return concepts.flatMap((c) => scene.byConcept.get(c) ?? []);
}

/** Hits of a concept that start in [from, to). */
function startingBetween(scene: Scene, concept: Concept, from: number, to: number): Hit[] {
  const list = scene.byConcept.get(concept);
  if (!list) return [];
  const out: Hit[] = [];
  for (let k = firstStartingAt(list, Math.max(0, from)); k < list.length && list[k]!.start < to; k++)
    out.push(list[k]!);
  return out;
}

/**
 * True when a negator stands shortly before the hit in its clause (not one that says something goes
 * on: "the room won't stop spinning"), with no "but" and no new "I" between: "I don't want to die",
 * "no plans to harm myself", 我不会自杀, 不想死. A negator inside the hit's own words (不想活, "don't
 * want to live") is part of its meaning and does not count.
 */
export function isNegated(scene: Scene, hit: Hit): boolean {
  const from = hit.start - NEGATION_REACH.words - LONGEST_MARKER;
  for (const concept of ['negator', 'negatorAdjacent'] as const) {
    for (const neg of startingBetween(scene, concept, from, hit.start)) {
      if (neg.clause !== hit.clause || neg.end > hit.start) continue;
      if (concept === 'negatorAdjacent') {
        if (neg.end !== hit.start) continue;
      } else {
        const between = tokensBetween(scene, neg.end, hit.start);
        if (between.latin > NEGATION_REACH.words || between.han > NEGATION_REACH.han) continue;
      }
      const persisting = startingBetween(scene, 'persisting', neg.start - LONGEST_MARKER, neg.start + 1);
      if (persisting.some((p) => p.start <= neg.start && p.end >= neg.end)) continue;
      const cut = (c: Concept) =>
        startingBetween(scene, c, neg.end, hit.start).some((h) => h.end <= hit.start);
      if (cut('contrast') || cut('firstPerson')) continue;
      return true;
    }
  }
  return false;
}

/**
 * Whose words these are. A slot in the matched words decides ("himself", "my life"); then the nearest
 * person named before them in their clause: "I", a pronoun ("he", 她) or a person ("my friend", 我妈;
 * but not one who is told, asked or given something: "told my sister", 跟我妈说). Earlier clauses of the
 * sentence count only when the words are reported speech ("my nephew hid in his room, says life is
 * pointless", 我侄子…说活着没用, "my mate texted me 'gonna kms'"). Nobody named: the patient.
 */
export function speakerOf(scene: Scene, match: Hit[]): Speaker {
  for (const h of match) if (h.person) return h.person;
  const start = Math.min(...match.map((h) => h.start));
  const end = Math.max(...match.map((h) => h.end));
  const { clause, sentence } = scene.tokens.list[start]!;
  // "I" inside the words ("take me now", 把我收走) is the patient.
  if (startingBetween(scene, 'firstPerson', start, end).some((f) => f.end <= end)) return 'self';
  const addressed = (m: Hit) =>
    startingBetween(scene, 'addressee', m.start - LONGEST_MARKER, m.start).some(
      (a) => a.end <= m.start && wordsBetween(scene, a.end, m.start) <= 1.5,
    );
  const nearest = (sameClauseOnly: boolean): Hit | null => {
    let best: Hit | null = null;
    for (const concept of ['firstPerson', 'thirdPerson', 'genericPerson'] as const) {
      const list = scene.byConcept.get(concept) ?? [];
      for (
        let k = firstStartingAt(list, start) - 1, walked = 0;
        k >= 0 && walked < WALK_LIMIT;
        k--, walked++
      ) {
        const m = list[k]!;
        if (m.sentence !== sentence || (sameClauseOnly && m.clause !== clause)) break;
        if (m.end > start || addressed(m)) continue;
        if (!best || m.end > best.end || (m.end === best.end && m.start < best.start)) best = m;
        break;
      }
    }
    return best;
  };
  let best = nearest(true);
  if (!best) {
    const speech = scene.byConcept.get('speech') ?? [];
    const k = firstStartingAt(speech, start) - 1;
    const reported = k >= 0 && speech[k]!.sentence === sentence && speech[k]!.end <= start;
    if (reported) best = nearest(false);
  }
  if (!best) return 'implicit';
  return best.concept === 'firstPerson' ? 'self' : best.concept === 'thirdPerson' ? 'other' : 'generic';
}

/**
 * True when the hit's clause asks a question (a question mark, "is it normal ...", 吗 at its end), or
 * its sentence says it is only asking ("just wondering", 就问问).
 */
export function isQuestion(scene: Scene, hit: Hit): boolean {
  const index = indexOf(scene);
  return (
    scene.tokens.questionClauses.has(hit.clause) ||
    index.questionStartClauses.has(hit.clause) ||
    index.questionEndClauses.has(hit.clause) ||
    inSentenceOf(scene, ['justAsking'], hit.sentence)
  );
}

/**
 * How the past frames a match, in its own clause: `recovered` when it is told as over ("back in rehab
 * I wanted to die, now I look forward to mornings"; 以前真的很想死 现在觉得活着真好), `past` when told
 * of the past alone, `present` otherwise, or when "again" or "still" brings it into the present.
 */
export function pastFrame(scene: Scene, match: Hit[]): 'present' | 'past' | 'recovered' {
  if (!match.some((h) => inClauseOf(scene, ['past'], h.clause))) return 'present';
  if (match.some((h) => inClauseOf(scene, ['still'], h.clause))) return 'present';
  return hitsOf(scene, 'recoveryNow').length ? 'recovered' : 'past';
}

/** True when the match sits in a clause about a book, film, song, game or the news (or names a 《title》). */
export function isFiction(scene: Scene, match: Hit[]): boolean {
  return match.some(
    (h) => scene.tokens.titleSentences.has(h.sentence) || inClauseOf(scene, ['fiction'], h.clause),
  );
}

/** True when the sentence laughs ("lol", 哈哈, 😂): a hyperbole, not a wish. */
export function isLaughing(scene: Scene, match: Hit[]): boolean {
  return match.some((h) => inSentenceOf(scene, ['laughter'], h.sentence));
}

/** True when any of the concepts is found in the sentences of the match. */
export function inSentence(scene: Scene, match: Hit[], concepts: readonly Concept[]): boolean {
  return concepts.length > 0 && match.some((h) => inSentenceOf(scene, concepts, h.sentence));
}

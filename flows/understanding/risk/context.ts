/**
 * What surrounds a match, read from the context concepts (docs/safety.md#context): is it negated,
 * whose words are they (the patient's, someone else's, people in general), is it a question about
 * the topic, a memory of the past, a book, film, song or the news, or a joke. Rules decide what they
 * found; context decides whether it counts.
 */
import type { Concept } from './lexicon.js';
import type { Hit } from './match.js';
import type { Tokens } from './tokens.js';

/** A message read into tokens and hits, with the hits by concept. */
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

/** The hits of any of the concepts. */
export function hitsOf(scene: Scene, ...concepts: Concept[]): Hit[] {
  if (concepts.length === 1) return scene.byConcept.get(concepts[0]!) ?? [];
  return concepts.flatMap((c) => scene.byConcept.get(c) ?? []);
}

/** Tokens strictly between two positions, counted as words (a Chinese character is half a word). */
function distance(scene: Scene, from: number, to: number): number {
  let d = 0;
  for (let k = from; k < to; k++) d += scene.tokens.list[k]!.kind === 'han' ? 0.5 : 1;
  return d;
}

/** True when the tokens between two positions are within the negation reach. */
function withinNegationReach(scene: Scene, from: number, to: number): boolean {
  let words = 0;
  let han = 0;
  for (let k = from; k < to; k++) {
    if (scene.tokens.list[k]!.kind === 'han') han++;
    else words++;
  }
  return words <= NEGATION_REACH.words && han <= NEGATION_REACH.han;
}

/**
 * True when a negator stands shortly before the hit in its clause (not one that says something goes
 * on: "the room won't stop spinning"), with no "but" and no new "I"
 * between: "I don't want to die", "no plans to harm myself", 我不会自杀, 不想死. A negator inside the
 * hit's own words (不想活, "don't want to live") is part of its meaning and does not count.
 */
export function isNegated(scene: Scene, hit: Hit): boolean {
  const persisting = hitsOf(scene, 'persisting');
  for (const neg of hitsOf(scene, 'negator', 'negatorAdjacent')) {
    if (neg.clause !== hit.clause || neg.end > hit.start) continue;
    // "won't stop", "can't catch", 停不下来: a negation that says it goes on.
    if (persisting.some((p) => p.start <= neg.start && p.end >= neg.end)) continue;
    if (
      neg.concept === 'negatorAdjacent'
        ? neg.end !== hit.start
        : !withinNegationReach(scene, neg.end, hit.start)
    ) {
      continue;
    }
    const between = (h: Hit) => h.start >= neg.end && h.end <= hit.start;
    if (hitsOf(scene, 'contrast', 'firstPerson').some(between)) continue;
    return true;
  }
  return false;
}

/**
 * Whose words these are. A slot in the matched words decides ("himself", "my life"); then the nearest
 * person named before them in their clause: "I", a pronoun ("he", 她) or a person ("my friend", 我妈;
 * but not one who is told, asked or given something: "told my sister", 跟我妈说). Earlier clauses of the
 * sentence count only when the words are reported speech ("my nephew hid in his room, says life is
 * pointless", 我侄子…说活着没用, "my mate texted me 'gonna kms'"). Nobody named: the patient (Chinese drops "I"; "doing it tonight").
 */
export function speakerOf(scene: Scene, match: Hit[]): Speaker {
  for (const h of match) if (h.person) return h.person;
  const start = Math.min(...match.map((h) => h.start));
  const end = Math.max(...match.map((h) => h.end));
  const { clause, sentence } = scene.tokens.list[start]!;
  // "I" inside the words ("take me now", 把我收走) is the patient.
  if (hitsOf(scene, 'firstPerson').some((f) => f.start >= start && f.end <= end)) return 'self';
  const markers = hitsOf(scene, 'firstPerson', 'thirdPerson', 'genericPerson');
  const addressees = hitsOf(scene, 'addressee');
  const nearest = (inScope: (m: Hit) => boolean): Hit | null => {
    let best: Hit | null = null;
    for (const m of markers) {
      if (m.end > start || !inScope(m)) continue;
      // Someone told, asked or given something is not who speaks ("told my sister", 给我发消息).
      if (addressees.some((a) => a.end <= m.start && distance(scene, a.end, m.start) <= 1.5)) continue;
      if (!best || m.end > best.end || (m.end === best.end && m.start < best.start)) best = m;
    }
    return best;
  };
  let best = nearest((m) => m.clause === clause);
  if (!best) {
    const reported = hitsOf(scene, 'speech').some((v) => v.sentence === sentence && v.end <= start);
    if (reported) best = nearest((m) => m.sentence === sentence);
  }
  if (!best) return 'implicit';
  return best.concept === 'firstPerson' ? 'self' : best.concept === 'thirdPerson' ? 'other' : 'generic';
}

/**
 * True when the hit's clause asks a question (a question mark, "is it normal ...", 吗 at its end), or
 * its sentence says it is only asking ("just wondering", 就问问).
 */
export function isQuestion(scene: Scene, hit: Hit): boolean {
  if (scene.tokens.questionClauses.has(hit.clause)) return true;
  if (hitsOf(scene, 'justAsking').some((j) => j.sentence === hit.sentence)) return true;
  const list = scene.tokens.list;
  const clauseStart = (() => {
    let k = hit.start;
    while (k > 0 && list[k - 1]!.clause === hit.clause) k--;
    return k;
  })();
  if (hitsOf(scene, 'questionStart').some((q) => q.start === clauseStart)) return true;
  return hitsOf(scene, 'questionEnd').some(
    (q) => q.clause === hit.clause && (q.end === list.length || list[q.end]!.clause !== hit.clause),
  );
}

/**
 * How the past frames a match, in its own clause: `recovered` when it is told as over ("back in rehab I wanted to die,
 * now I look forward to mornings"; 以前真的很想死 现在觉得活着真好), `past` when told of the past alone,
 * `present` otherwise, or when "again" or "still" brings it into the present.
 */
export function pastFrame(scene: Scene, match: Hit[]): 'present' | 'past' | 'recovered' {
  const clauses = new Set(match.map((h) => h.clause));
  if (!hitsOf(scene, 'past').some((p) => clauses.has(p.clause))) return 'present';
  if (hitsOf(scene, 'still').some((s) => clauses.has(s.clause))) return 'present';
  return hitsOf(scene, 'recoveryNow').length ? 'recovered' : 'past';
}

/** True when the match sits in a clause about a book, film, song, game or the news (or names a 《title》). */
export function isFiction(scene: Scene, match: Hit[]): boolean {
  for (const h of match) if (scene.tokens.titleSentences.has(h.sentence)) return true;
  const clauses = new Set(match.map((h) => h.clause));
  return hitsOf(scene, 'fiction').some((f) => clauses.has(f.clause));
}

/** True when the sentence laughs ("lol", 哈哈, 😂): a hyperbole, not a wish. */
export function isLaughing(scene: Scene, match: Hit[]): boolean {
  const sentences = new Set(match.map((h) => h.sentence));
  return hitsOf(scene, 'laughter').some((l) => sentences.has(l.sentence));
}

/** True when any of the concepts is found in the sentences of the match. */
export function inSentence(scene: Scene, match: Hit[], concepts: readonly Concept[]): boolean {
  if (!concepts.length) return false;
  const sentences = new Set(match.map((h) => h.sentence));
  return hitsOf(scene, ...concepts).some((h) => sentences.has(h.sentence));
}

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

/** How far before a hit a negator reaches: "I'm not going to kill myself", 我从来没想过要结束自己. */
export const NEGATION_REACH = 4;
/** Sentences back that "who is speaking of whom" may be looked for. */
const SPEAKER_LOOKBACK_SENTENCES = 1;

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

/**
 * True when a negator stands shortly before the hit in its clause, with no "but" and no new "I"
 * between: "I don't want to die", "no plans to harm myself", 我不会自杀, 不想死. A negator inside the
 * hit's own words (不想活, "don't want to live") is part of its meaning and does not count.
 */
export function isNegated(scene: Scene, hit: Hit): boolean {
  for (const neg of hitsOf(scene, 'negator', 'negatorAdjacent')) {
    if (neg.clause !== hit.clause || neg.end > hit.start) continue;
    const gap = distance(scene, neg.end, hit.start);
    if (gap > (neg.concept === 'negatorAdjacent' ? 0 : NEGATION_REACH)) continue;
    const between = (h: Hit) => h.start >= neg.end && h.end <= hit.start;
    if (hitsOf(scene, 'contrast', 'firstPerson').some(between)) continue;
    return true;
  }
  return false;
}

/**
 * Whose words these are. A slot in the matched words decides ("himself", "my life"); otherwise the
 * nearest person named before them in the sentence (or the sentence before): "my friend said he
 * wants to die" is someone else, "my friend left and I want to die" the patient. A person who is
 * told, asked or given something ("told my sister", 跟我妈说) is not the one speaking.
 */
export function speakerOf(scene: Scene, match: Hit[]): Speaker {
  for (const h of match) if (h.person) return h.person;
  const start = Math.min(...match.map((h) => h.start));
  const sentence = scene.tokens.list[start]!.sentence;
  const markers = hitsOf(scene, 'firstPerson', 'thirdPerson', 'genericPerson');
  const addressees = hitsOf(scene, 'addressee');
  let best: Hit | null = null;
  for (const m of markers) {
    if (m.end > start || m.sentence < sentence - SPEAKER_LOOKBACK_SENTENCES || m.sentence > sentence)
      continue;
    if (match.some((h) => m.start >= h.start && m.end <= h.end)) continue;
    if (
      m.concept !== 'firstPerson' &&
      addressees.some((a) => a.end <= m.start && distance(scene, a.end, m.start) <= 1.5)
    ) {
      continue;
    }
    if (!best || m.end > best.end || (m.end === best.end && m.start < best.start)) best = m;
  }
  if (!best) return 'implicit';
  return best.concept === 'firstPerson' ? 'self' : best.concept === 'thirdPerson' ? 'other' : 'generic';
}

/** True when the hit's clause asks a question (a question mark, "is it normal ...", 吗 at its end). */
export function isQuestion(scene: Scene, hit: Hit): boolean {
  if (scene.tokens.questionClauses.has(hit.clause)) return true;
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
 * How the past frames a match: `recovered` when it is told as over ("back in rehab I wanted to die,
 * now I look forward to mornings"; 以前真的很想死 现在觉得活着真好), `past` when told of the past alone,
 * `present` otherwise, or when "again" or "still" brings it into the present.
 */
export function pastFrame(scene: Scene, match: Hit[]): 'present' | 'past' | 'recovered' {
  const sentences = new Set(match.map((h) => h.sentence));
  const clauses = new Set(match.map((h) => h.clause));
  if (!hitsOf(scene, 'past').some((p) => sentences.has(p.sentence))) return 'present';
  if (hitsOf(scene, 'still').some((s) => clauses.has(s.clause))) return 'present';
  return hitsOf(scene, 'recoveryNow').length ? 'recovered' : 'past';
}

/** True when the match sits in a sentence about a book, film, song, game or the news. */
export function isFiction(scene: Scene, match: Hit[]): boolean {
  const sentences = new Set(match.map((h) => h.sentence));
  for (const s of sentences) if (scene.tokens.titleSentences.has(s)) return true;
  return hitsOf(scene, 'fiction').some((f) => sentences.has(f.sentence));
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

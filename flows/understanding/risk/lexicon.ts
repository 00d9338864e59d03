/**
 * The concept lexicons (`flows/content/risk.json`) compiled once into a token trie and a vocabulary
 * (docs/safety.md#concepts). Compiling is pure and cached per lexicon object: content is loaded once
 * at start-up and never changes.
 */
import {
  CONTEXT_CONCEPTS,
  type ContextConcept,
  RED_FLAG_CONCEPTS,
  type RedFlagConcept,
  type RiskLexicon,
  SELF_HARM_CONCEPTS,
  type SelfHarmConcept,
  USE_CONCEPTS,
  type UseConcept,
} from '../../content/risk.js';
import { normalise } from './normalise.js';
import { COMMON_WORDS, stemForms, typoVariants, type Vocabulary } from './words.js';

/** Any concept of any section. */
export type Concept = SelfHarmConcept | RedFlagConcept | UseConcept | ContextConcept;

/** Whose words a term speaks of, when a slot tells: the patient's, or someone else's. */
export type Person = 'self' | 'other';

/** A term that ends at a trie node. */
export interface TermEnd {
  concept: Concept;
  person: Person | null;
  /** The term as written in the lexicon (for the evaluation's miss listing). */
  term: string;
  /** A small number for this concept and person, so a hit's identity is one number. */
  key: number;
}

/** A node of the token trie. */
export interface TrieNode {
  exact: Map<string, TrieNode>;
  /** Wildcard words by their first three letters: [stem, next node]. */
  stems: Map<string, [string, TrieNode][]>;
  /** After a gap `…`. */
  gap: TrieNode | null;
  ends: TermEnd[];
  /** Terms ending in `$`: only where a clause ends. */
  clauseEnds: TermEnd[];
}

/** A compiled lexicon. */
export interface CompiledLexicon {
  trie: TrieNode;
  vocabulary: Vocabulary;
  emoji: Map<string, string[]>;
}

type Step =
  | { kind: 'exact'; text: string }
  | { kind: 'stem'; text: string }
  | { kind: 'gap' }
  | { kind: 'end' };

const node = (): TrieNode => ({ exact: new Map(), stems: new Map(), gap: null, ends: [], clauseEnds: [] });

const cache = new WeakMap<RiskLexicon, CompiledLexicon>();

/** The compiled form of a lexicon (compiled on first use). */
export function compiled(lexicon: RiskLexicon): CompiledLexicon {
  let c = cache.get(lexicon);
  if (!c) {
    c = compile(lexicon);
    cache.set(lexicon, c);
  }
  return c;
}

function compile(lexicon: RiskLexicon): CompiledLexicon {
  const shorthand = new Map(Object.entries(lexicon.shorthand).map(([k, v]) => [k, v.split(' ')]));
  const emoji = new Map(
    Object.entries(lexicon.emoji).map(([k, v]) => [
      normalise(k).trim(),
      v.split(' ').flatMap(spell(shorthand)),
    ]),
  );
  const trie = node();
  const known = new Set(COMMON_WORDS.split(' '));
  const content = new Set<string>();
  const stems = new Map<string, string[]>();
  const sections: [Record<string, { en: string[]; 'zh-CN': string[] }>, readonly string[], boolean][] = [
    [lexicon.selfHarm, SELF_HARM_CONCEPTS, true],
    [lexicon.redFlag, RED_FLAG_CONCEPTS, true],
    [lexicon.use, USE_CONCEPTS, true],
    [lexicon.context, CONTEXT_CONCEPTS, false],
  ];
  const seen = new Set<string>();
  const keys = new Map<string, number>();
  const keyOf = (concept: string, person: Person | null) => {
    const k = `${concept}:${person}`;
    const known = keys.get(k);
    if (known !== undefined) return known;
    keys.set(k, keys.size);
    return keys.size - 1;
  };
  for (const [terms, names, isContent] of sections) {
    for (const name of names) {
      if (seen.has(name)) throw new Error(`Risk lexicon: concept "${name}" is named twice; rename one.`);
      seen.add(name);
      const entry = terms[name];
      if (!entry) throw new Error(`Risk lexicon: concept "${name}" is missing from risk.json; add it.`);
      for (const written of [...entry.en, ...entry['zh-CN']]) {
        for (const [text, person] of expandSlots(written, lexicon.slots)) {
          const steps = parse(text, shorthand);
          insert(trie, steps, { concept: name as Concept, person, term: written, key: keyOf(name, person) });
          for (const s of steps) {
            if (s.kind === 'exact' && /^[a-z]+$/.test(s.text)) {
              known.add(s.text);
              if (isContent && s.text.length >= 4) content.add(s.text);
            } else if (s.kind === 'stem') {
              const bucket = stems.get(s.text.slice(0, 3)) ?? [];
              if (!bucket.includes(s.text)) bucket.push(s.text);
              stems.set(s.text.slice(0, 3), bucket);
              for (const f of stemForms(s.text)) {
                known.add(f);
                if (isContent) content.add(f);
              }
            }
          }
        }
      }
    }
  }
  for (const words of shorthand.values()) for (const w of words) known.add(w);
  const typos = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const word of content) {
    if (word.length < 6) continue;
    for (const v of typoVariants(word)) {
      if (known.has(v) || ambiguous.has(v)) continue;
      const before = typos.get(v);
      if (before && before !== word) {
        typos.delete(v);
        ambiguous.add(v);
      } else typos.set(v, word);
    }
  }
  return { trie, vocabulary: { known, content, stems, shorthand, typos }, emoji };
}

/** Every way a term's slots can be filled, with whose words they are. */
function expandSlots(term: string, slots: RiskLexicon['slots']): [string, Person | null][] {
  const m = term.match(/\{([a-z]+)\}/);
  if (!m) return [[term, null]];
  const slot = slots[m[1]!];
  if (!slot)
    throw new Error(`Risk lexicon: term "${term}" names slot {${m[1]}}, which "slots" does not define.`);
  const out: [string, Person | null][] = [];
  for (const person of ['self', 'other'] as const) {
    for (const word of slot[person]) {
      for (const [rest, p] of expandSlots(term.replace(m[0], word), slots)) out.push([rest, p ?? person]);
    }
  }
  return out;
}

const spell = (shorthand: Map<string, string[]>) => (w: string) => shorthand.get(w) ?? [w];

/** A term as steps: words, characters, wildcards, gaps and a clause end. */
function parse(term: string, shorthand: Map<string, string[]>): Step[] {
  const steps: Step[] = [];
  const pieces = term.split('…');
  for (const [i, piece] of pieces.entries()) {
    if (i > 0) steps.push({ kind: 'gap' });
    for (const m of normalise(piece).matchAll(
      /(\p{Script=Han})|((?:(?!\p{Script=Han})[\p{L}\p{N}'-])+)(\*?)|(\$)/gu,
    )) {
      if (m[1]) steps.push({ kind: 'exact', text: m[1] });
      else if (m[2]) {
        const words = m[2].replace(/'/g, '').split('-').filter(Boolean).flatMap(spell(shorthand));
        for (const [j, w] of words.entries()) {
          const last = j === words.length - 1;
          steps.push(last && m[3] ? { kind: 'stem', text: w } : { kind: 'exact', text: w });
        }
      } else if (m[4]) steps.push({ kind: 'end' });
    }
  }
  return steps;
}

function insert(root: TrieNode, steps: Step[], end: TermEnd): void {
  let at = root;
  let clauseEnd = false;
  for (const s of steps) {
    if (s.kind === 'exact') {
      const next = at.exact.get(s.text) ?? node();
      at.exact.set(s.text, next);
      at = next;
    } else if (s.kind === 'stem') {
      const key = s.text.slice(0, 3);
      const bucket = at.stems.get(key) ?? [];
      let pair = bucket.find(([stem]) => stem === s.text);
      if (!pair) {
        pair = [s.text, node()];
        bucket.push(pair);
      }
      at.stems.set(key, bucket);
      at = pair[1];
    } else if (s.kind === 'gap') {
      at.gap ??= node();
      at = at.gap;
    } else clauseEnd = true;
  }
  if (at === root) return;
  (clauseEnd ? at.clauseEnds : at.ends).push(end);
}

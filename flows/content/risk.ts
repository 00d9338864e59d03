/**
 * The shape of `flows/content/risk.json`: the concept lexicons the risk reader composes
 * (docs/safety.md). A concept is a named family of terms in both languages ("means": pills, rope,
 * 安眠药, 绳子 ...); the reader's rules (`flows/understanding/risk/rules.ts`) combine concepts, so every
 * concept a rule names must be here, and start-up fails naming the one that is missing.
 *
 * A term is written as a person would type it, in lower case, simplified Chinese, without
 * apostrophes mattering ("don't" and "dont" are one word). Inside a term:
 * - `word*` is any word that starts with `word` (three letters at least): `kill*` is kill, kills,
 *   killed, killing;
 * - `…` is a short gap within one clause (up to 3 words, or up to 6 Chinese characters):
 *   `结束…生命` is 结束生命 and 结束自己的生命;
 * - `$` at the end means the clause ends there: `end* it$` is "I want to end it." but not
 *   "end it with my girlfriend";
 * - `{slot}` is any word of that slot (see `slots`), and tells whose the words are: `kill* {refl}`
 *   is "kill myself" (the patient) and "kill himself" (someone else).
 */
import { z } from 'zod';

/** Concepts of self-harm language (the reader's rules name them). */
export const SELF_HARM_CONCEPTS = [
  'suicide',
  'selfKill',
  'deathWish',
  'wish',
  'death',
  'lethalAct',
  'methodAct',
  'means',
  'lethalMeans',
  'place',
  'intent',
  'lethalAmount',
  'presence',
  'research',
  'howTo',
  'hoard',
  'acquire',
  'prepAct',
  'giveAway',
  'tidyUp',
  'afterMe',
  'finality',
  'lastWords',
  'goodbye',
  'continuation',
  'tellOthers',
  'farewellWords',
  'burden',
  'betterWithout',
  'withoutMe',
  'othersBetter',
  'unworthy',
  'selfInjury',
  'injuryVerb',
  'bodyPart',
  'selfObject',
  'injuryNoun',
  'injuryMarker',
  'thinking',
  'deathTopic',
  'hopeless',
  'riskWord',
  'helpline',
  'selfNeed',
  'benignPurpose',
  'accident',
  'prescribed',
] as const;

/** Concepts of medical red flags. */
export const RED_FLAG_CONCEPTS = [
  'chestPain',
  'chest',
  'chestFeeling',
  'radiating',
  'faint',
  'breathless',
  'palpitations',
  'heart',
  'racing',
  'dizzy',
  'confusion',
  'fine',
  'mild',
  'emotionCause',
] as const;

/** Concepts of reported use. */
export const USE_CONCEPTS = ['drug', 'useVerb', 'lapse', 'possibleLapse', 'craving', 'wantTo'] as const;

/** Concepts of context: who speaks of whom, negation, questions, the past, fiction, idioms. */
export const CONTEXT_CONCEPTS = [
  'negator',
  'negatorAdjacent',
  'contrast',
  'persisting',
  'firstPerson',
  'thirdPerson',
  'genericPerson',
  'addressee',
  'speech',
  'questionStart',
  'questionEnd',
  'justAsking',
  'past',
  'still',
  'recoveryNow',
  'fiction',
  'laughter',
  'idiom',
] as const;

export type SelfHarmConcept = (typeof SELF_HARM_CONCEPTS)[number];
export type RedFlagConcept = (typeof RED_FLAG_CONCEPTS)[number];
export type UseConcept = (typeof USE_CONCEPTS)[number];
export type ContextConcept = (typeof CONTEXT_CONCEPTS)[number];

const term = z
  .string()
  .min(1)
  .refine((t) => t.trim() === t, 'no spaces at either end')
  .refine((t) => t === t.toLowerCase(), 'write terms in lower case')
  .refine(
    (t) => t.split('…').every((piece) => piece.trim().length > 0),
    'a gap "…" needs words on both sides, one "…" at a time',
  )
  .refine((t) => !/(^|[\s…])\p{L}{0,2}\*/u.test(t), 'a wildcard needs three letters before "*"');

const conceptTerms = z.object({
  /** What the concept means, for whoever edits the file. */
  $means: z.string().optional(),
  en: z.array(term),
  'zh-CN': z.array(term),
});
/** One concept: its terms in both languages. */
export type ConceptTerms = z.infer<typeof conceptTerms>;

const section = <T extends readonly [string, ...string[]]>(names: T) => z.record(z.enum(names), conceptTerms);

const slot = z.object({
  /** Words that point at the patient ("myself", "my"). */
  self: z.array(term).min(1),
  /** Words that point at someone else ("himself", "her"). */
  other: z.array(term).min(1),
});

export const riskSchema = z.object({
  /** Person slots for terms: `{refl}` in a term is any of its words. */
  slots: z.record(z.string().regex(/^[a-z]+$/), slot),
  /** Chat shorthand spelled out before reading: "wanna" → "want to", "u" → "you", "rn" → "right now". */
  shorthand: z.record(z.string().min(1), z.string().min(1)),
  /** Emoji that carry a word: 💊 → "pills", 🔪 → "knife". */
  emoji: z.record(z.string().min(1), z.string().min(1)),
  selfHarm: section(SELF_HARM_CONCEPTS),
  redFlag: section(RED_FLAG_CONCEPTS),
  use: section(USE_CONCEPTS),
  context: section(CONTEXT_CONCEPTS),
});

/** The risk lexicons, as validated at start-up. */
export type RiskLexicon = z.infer<typeof riskSchema>;

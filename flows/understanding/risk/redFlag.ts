/**
 * Reads a message for medical red flags during exercise (docs/safety.md#red-flags): chest pain or
 * pressure, fainting, severe breathlessness, palpitations, severe dizziness, confusion, in everyday
 * words. A symptom told as fine ("out of breath but feeling great"), as an emotion ("my heart is
 * racing, I got the job"), negated, of someone else, or as a question about the topic is not a flag.
 */
import type { RedFlagConcept, RiskLexicon } from '../../content/risk.js';
import { findMatches, type Pattern } from './compose.js';
import { inSentence, isFiction, isNegated, isQuestion, pastFrame, type Scene, speakerOf } from './context.js';
import type { RedFlagCategory, RedFlagReading } from './reading.js';
import { sceneOf } from './scene.js';

/** One red-flag rule. */
export interface RedFlagRule extends Pattern<RedFlagConcept> {
  name: string;
  category: RedFlagCategory;
  /** Said to be mild ("a bit out of breath", 有点晕), it is what exercise does, not a red flag. */
  mildIsFine?: boolean;
}

/** The red-flag rules, by category. */
export const RED_FLAG_RULES: readonly RedFlagRule[] = [
  { name: 'chest pain named', category: 'chestPain', needs: ['chestPain'], within: 'clause' },
  {
    name: 'chest + pain, tightness or pressure',
    category: 'chestPain',
    needs: ['chest', 'chestFeeling'],
    within: 4,
  },
  { name: 'pain spreading to arm or jaw', category: 'chestPain', needs: ['radiating'], within: 'clause' },
  { name: 'fainting', category: 'fainting', needs: ['faint'], within: 'clause' },
  {
    name: 'severe breathlessness',
    category: 'breathless',
    needs: ['breathless'],
    within: 'clause',
    mildIsFine: true,
  },
  {
    name: 'palpitations named',
    category: 'palpitations',
    needs: ['palpitations'],
    within: 'clause',
    mildIsFine: true,
  },
  {
    name: 'heart + racing or pounding',
    category: 'palpitations',
    needs: ['heart', 'racing'],
    within: 5,
    mildIsFine: true,
  },
  { name: 'severe dizziness', category: 'dizziness', needs: ['dizzy'], within: 'clause', mildIsFine: true },
  { name: 'confusion', category: 'confusion', needs: ['confusion'], within: 'clause' },
];

const REASSURED = ['fine', 'emotionCause', 'laughter'] as const;

/** The red-flag reading of a scene. */
export function readRedFlagScene(scene: Scene): RedFlagReading {
  const accept = (h: Parameters<typeof isNegated>[1]) => !isNegated(scene, h);
  for (const rule of RED_FLAG_RULES) {
    for (const match of findMatches(scene, rule, accept)) {
      if (inSentence(scene, match, REASSURED)) continue;
      if (rule.mildIsFine && inSentence(scene, match, ['mild'])) continue;
      const speaker = speakerOf(scene, match);
      if (speaker === 'other' || speaker === 'generic') continue;
      if (speaker !== 'self' && (isQuestion(scene, match[0]!) || isFiction(scene, match))) continue;
      if (pastFrame(scene, match) !== 'present') continue;
      return { outcome: 'redFlag', category: rule.category, rule: rule.name };
    }
  }
  return { outcome: 'none', category: null, rule: null };
}

/** Reads a message for medical red flags, in both languages. */
export function readRedFlag(text: string, lexicon: RiskLexicon): RedFlagReading {
  return readRedFlagScene(sceneOf(text, lexicon));
}

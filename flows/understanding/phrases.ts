/**
 * Crude keyword detection (CLINICAL.md: better a false alarm than a miss): self-harm words, medical
 * red flags, "I want to use", "I used". Both languages are always checked, whatever the patient's locale.
 */
import type { FlowContent } from '../content/schema.js';
import { normaliseWidth } from './numbers.js';

/** Which list a text matches. */
export type PhraseKind = keyof FlowContent['phrases'];

/** Lower-cased text with width, zero-width characters and curly quotes normalised. */
export function normaliseForMatch(text: string): string {
  return normaliseWidth(text)
    .toLowerCase()
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ');
}

/** True when any phrase of `kind` (in either language) occurs in `text`. */
export function mentions(text: string, kind: PhraseKind, phrases: FlowContent['phrases']): boolean {
  const t = normaliseForMatch(text);
  const list = phrases[kind];
  return [...list.en, ...list['zh-CN']].some((p) => t.includes(p.toLowerCase()));
}

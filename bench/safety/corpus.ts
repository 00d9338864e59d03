/**
 * The labelled safety corpus (`tests/safety/corpus/<half>/<list>.<locale>.jsonl`, docs/safety.md#the-labelled-corpus).
 * The `tune` half is what lexicons are changed against; the `check` half is never looked at line by
 * line, only measured.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The two halves of the corpus. */
export const HALVES = ['tune', 'check'] as const;
export type Half = (typeof HALVES)[number];
/** The lists of the corpus. */
export const LISTS = ['selfHarm', 'negatives', 'redFlag', 'use'] as const;
export type List = (typeof LISTS)[number];
/** The languages of the corpus. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** One labelled message. */
export interface CorpusRow {
  text: string;
  expected: string;
  category: string;
  explicit?: boolean;
}

/** Where the corpus lives. */
export const CORPUS_DIR = join(import.meta.dirname, '..', '..', 'tests', 'safety', 'corpus');

/** The rows of one list in one language and half. */
export function loadRows(half: Half, list: List, locale: Locale, dir = CORPUS_DIR): CorpusRow[] {
  const file = join(dir, half, `${list}.${locale}.jsonl`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      const row = JSON.parse(line) as CorpusRow;
      if (
        typeof row.text !== 'string' ||
        typeof row.expected !== 'string' ||
        typeof row.category !== 'string'
      ) {
        throw new Error(`${file}:${i + 1}: a corpus line needs text, expected and category.`);
      }
      return row;
    });
}

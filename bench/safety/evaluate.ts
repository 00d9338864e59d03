/**
 * Measures the risk reader on one half of the labelled corpus (docs/safety.md#the-evaluation):
 * recall of `risk`, of `risk or possible`, third parties handled, false alarms on hard negatives,
 * red-flag recall and false alarms, reported-use accuracy, and the mean time to read a message.
 */
import type { RiskLexicon } from '../../flows/content/risk.js';
import type { RiskModel } from '../../flows/content/riskModel.js';
import { readRedFlag, readSelfHarm, readUse } from '../../flows/understanding/risk/index.js';
import { type CorpusRow, type Half, type List, LOCALES, type Locale, loadRows } from './corpus.js';

/** A count and how many of it were right, with the rate (null when there is nothing to count). */
export interface Rate {
  hit: number;
  of: number;
  rate: number | null;
}

const rate = (hit: number, of: number): Rate => ({ hit, of, rate: of ? hit / of : null });

/** Self-harm figures for one language. */
export interface SelfHarmFigures {
  /** `risk` lines read as `risk`. */
  riskRecall: Rate;
  /** `risk` lines marked explicit read as `risk`. */
  explicitRecall: Rate;
  /** `risk` and `possible` lines read as `risk` or `possible`. */
  riskOrPossible: Rate;
  /** `possible` lines read as `risk` or `possible`. */
  possibleAsked: Rate;
  /** Third-party lines read as `thirdParty`. */
  thirdPartyHandled: Rate;
  /** Per category: risk recall and risk-or-possible recall over that category's lines. */
  byCategory: Record<string, { lines: number; risk: Rate; riskOrPossible: Rate; thirdParty: Rate }>;
}

/** False alarms on hard negatives for one language. */
export interface NegativeFigures {
  lines: number;
  risk: Rate;
  possible: Rate;
  thirdParty: Rate;
  byCategory: Record<string, { lines: number; risk: number; possible: number; thirdParty: number }>;
}

/** Red-flag figures for one language. */
export interface RedFlagFigures {
  recall: Rate;
  falseAlarms: Rate;
  byCategory: Record<string, Rate>;
}

/** Reported-use figures for one language. */
export interface UseFigures {
  accuracy: Rate;
  byOutcome: Record<string, Rate>;
  falseAlarms: Rate;
}

/** All figures for one language of one half. */
export interface LocaleFigures {
  selfHarm: SelfHarmFigures;
  negatives: NegativeFigures;
  redFlag: RedFlagFigures;
  use: UseFigures;
  messages: number;
}

/** All figures of one half, with the mean time to read a message (all three readers). */
export interface HalfFigures {
  locales: Record<Locale, LocaleFigures>;
  meanMicroseconds: number;
}

/** A line the reader got wrong (listed for the tune half only). */
export interface Miss {
  list: List;
  locale: Locale;
  row: CorpusRow;
  got: string;
  rule: string | null;
}

const bump = (r: Rate, ok: boolean) => {
  r.of++;
  if (ok) r.hit++;
  r.rate = r.hit / r.of;
};
const empty = (): Rate => rate(0, 0);
/** The entry of a record, made on first use. */
function entry<T>(record: Record<string, T>, key: string, make: () => T): T {
  record[key] ??= make();
  return record[key];
}

function selfHarmFigures(
  rows: CorpusRow[],
  lexicon: RiskLexicon,
  model: RiskModel | null,
  misses: Miss[] | null,
  locale: Locale,
) {
  const f: SelfHarmFigures = {
    riskRecall: empty(),
    explicitRecall: empty(),
    riskOrPossible: empty(),
    possibleAsked: empty(),
    thirdPartyHandled: empty(),
    byCategory: {},
  };
  for (const row of rows) {
    const reading = readSelfHarm(row.text, lexicon, model);
    const got = reading.outcome;
    const asked = got === 'risk' || got === 'possible';
    const cat = entry(f.byCategory, row.category, () => ({
      lines: 0,
      risk: empty(),
      riskOrPossible: empty(),
      thirdParty: empty(),
    }));
    cat.lines++;
    if (row.expected === 'risk') {
      bump(f.riskRecall, got === 'risk');
      bump(cat.risk, got === 'risk');
      if (row.explicit) bump(f.explicitRecall, got === 'risk');
    }
    if (row.expected === 'risk' || row.expected === 'possible') {
      bump(f.riskOrPossible, asked);
      bump(cat.riskOrPossible, asked);
    }
    if (row.expected === 'possible') bump(f.possibleAsked, asked);
    if (row.expected === 'thirdParty') {
      bump(f.thirdPartyHandled, got === 'thirdParty');
      bump(cat.thirdParty, got === 'thirdParty');
    }
    if (misses && got !== row.expected)
      misses.push({ list: 'selfHarm', locale, row, got, rule: reading.rule });
  }
  return f;
}

function negativeFigures(
  rows: CorpusRow[],
  lexicon: RiskLexicon,
  model: RiskModel | null,
  misses: Miss[] | null,
  locale: Locale,
) {
  const f: NegativeFigures = {
    lines: rows.length,
    risk: empty(),
    possible: empty(),
    thirdParty: empty(),
    byCategory: {},
  };
  for (const row of rows) {
    const reading = readSelfHarm(row.text, lexicon, model);
    const cat = entry(f.byCategory, row.category, () => ({ lines: 0, risk: 0, possible: 0, thirdParty: 0 }));
    cat.lines++;
    for (const o of ['risk', 'possible', 'thirdParty'] as const) {
      bump(f[o], reading.outcome === o);
      if (reading.outcome === o) cat[o]++;
    }
    if (misses && reading.outcome !== 'none') {
      misses.push({ list: 'negatives', locale, row, got: reading.outcome, rule: reading.rule });
    }
  }
  return f;
}

function redFlagFigures(rows: CorpusRow[], lexicon: RiskLexicon, misses: Miss[] | null, locale: Locale) {
  const f: RedFlagFigures = { recall: empty(), falseAlarms: empty(), byCategory: {} };
  for (const row of rows) {
    const reading = readRedFlag(row.text, lexicon);
    if (row.expected === 'redFlag') {
      bump(f.recall, reading.outcome === 'redFlag');
      bump(entry(f.byCategory, row.category, empty), reading.outcome === 'redFlag');
    } else bump(f.falseAlarms, reading.outcome !== 'none');
    if (misses && reading.outcome !== row.expected) {
      misses.push({ list: 'redFlag', locale, row, got: reading.outcome, rule: reading.rule });
    }
  }
  return f;
}

function useFigures(rows: CorpusRow[], lexicon: RiskLexicon, misses: Miss[] | null, locale: Locale) {
  const f: UseFigures = { accuracy: empty(), byOutcome: {}, falseAlarms: empty() };
  for (const row of rows) {
    const reading = readUse(row.text, lexicon);
    const ok = reading.outcome === row.expected;
    bump(f.accuracy, ok);
    bump(entry(f.byOutcome, row.expected, empty), ok);
    if (row.expected === 'none') bump(f.falseAlarms, reading.outcome !== 'none');
    if (misses && !ok) misses.push({ list: 'use', locale, row, got: reading.outcome, rule: reading.rule });
  }
  return f;
}

/**
 * The figures of one half. `misses`, when given, collects every line read wrongly: pass it for the
 * tune half only (the check half is measured, never read line by line). `model`, when given, is the
 * statistical net behind the rules (docs/safety.md#the-statistical-net), as the engine reads.
 */
export function evaluateHalf(
  half: Half,
  lexicon: RiskLexicon,
  {
    misses = null,
    timing = true,
    model = null,
  }: { misses?: Miss[] | null; timing?: boolean; model?: RiskModel | null } = {},
): HalfFigures {
  if (half === 'check' && misses)
    throw new Error('Misses are listed for the tune half only; never tune on check.');
  const locales = {} as Record<Locale, LocaleFigures>;
  const all: string[] = [];
  for (const locale of LOCALES) {
    const rows = (list: List) => {
      const r = loadRows(half, list, locale);
      all.push(...r.map((x) => x.text));
      return r;
    };
    const selfHarm = selfHarmFigures(rows('selfHarm'), lexicon, model, misses, locale);
    const negatives = negativeFigures(rows('negatives'), lexicon, model, misses, locale);
    const redFlag = redFlagFigures(rows('redFlag'), lexicon, misses, locale);
    const use = useFigures(rows('use'), lexicon, misses, locale);
    locales[locale] = { selfHarm, negatives, redFlag, use, messages: 0 };
  }
  for (const locale of LOCALES) {
    const l = locales[locale];
    l.messages = l.selfHarm.riskOrPossible.of + l.selfHarm.thirdPartyHandled.of + l.negatives.lines;
    l.messages += l.redFlag.recall.of + l.redFlag.falseAlarms.of + l.use.accuracy.of;
  }
  return { locales, meanMicroseconds: timing ? meanMicroseconds(all, lexicon, model) : 0 };
}

/**
 * Mean CPU time to read a message with all three readers, after a warm-up pass (lexicon compiled).
 * CPU time, not wall-clock: the figure should not depend on what else the machine is doing.
 */
export function meanMicroseconds(
  texts: string[],
  lexicon: RiskLexicon,
  model: RiskModel | null = null,
  rounds = 3,
): number {
  const readAll = (t: string) => {
    readSelfHarm(t, lexicon, model);
    readRedFlag(t, lexicon);
    readUse(t, lexicon);
  };
  for (const t of texts) readAll(t);
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    // A fresh string each time, so the reader's one-message memo cannot answer.
    for (const t of texts) readAll(`${t} `);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / texts.length);
  }
  return Math.round(best * 10) / 10;
}

/**
 * The spreadsheet half of a data export: the check-ins and rescue sessions, one row each, oldest
 * first, headed and worded in the reader's language (numbers stay numbers). RFC 4180 quoting, a
 * byte-order mark so spreadsheet programs read the Chinese as UTF-8, and no cell that a
 * spreadsheet would run as a formula.
 */
import type { Locale } from '../engine/types.js';
import type { I18n } from '../i18n.js';
import type { PatientExport } from './exportSchema.js';

/** The columns, in order (their headers are `export.csv.<column>`). */
export const CSV_COLUMNS = [
  'time',
  'type',
  'craving',
  'peak',
  'mood',
  'sleep',
  'exerciseMinutes',
  'exerciseType',
  'use',
  'session',
  'sessionMinutes',
  'before',
  'after',
  'completed',
] as const;

type Column = (typeof CSV_COLUMNS)[number];

/** One cell, quoted when it must be; a leading `= + - @` (a formula to a spreadsheet) is defused. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The CSV of a record's check-ins and sessions in `locale`. */
export function exportCsv(record: PatientExport, i18n: I18n, locale: Locale): string {
  const t = (key: string) => i18n.t(locale, `export.csv.${key}`);
  const yesNo = (b: boolean) => t(b ? 'yes' : 'no');
  const rows: Partial<Record<Column, string | number>>[] = [];
  for (const e of record.history) {
    if (e.t === 'checkin')
      rows.push({
        time: e.at,
        type: t('checkin'),
        craving: e.craving,
        peak: e.peak,
        mood: e.mood,
        sleep: typeof e.sleep === 'number' ? e.sleep : t(`sleep.${e.sleep}`),
        exerciseMinutes: e.exerciseMin,
        exerciseType: e.exerciseType ? t(`modality.${e.exerciseType}`) : undefined,
        use: yesNo(e.use),
      });
    else if (e.t === 'session')
      rows.push({
        time: e.at,
        type: t('session'),
        session: e.sessionId,
        exerciseType: t(`modality.${e.modality}`),
        sessionMinutes: e.minutes,
        before: e.before,
        after: e.after,
        completed: yesNo(e.completed),
      });
  }
  const lines = [
    CSV_COLUMNS.map((c) => csvCell(t(`column.${c}`))).join(','),
    ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

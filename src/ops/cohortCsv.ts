/**
 * The cohort CSV (docs/program.md#dose-and-outcome): one row per patient and program week, for the
 * clinic's own evaluation. De-identified: the pseudonymous patient code is the only identifier (no
 * name, no platform id, no dates); the rest is numbers and plan names. Pure over the store's ports.
 */
import type { HistoryEntry } from '../../flows/history.js';
import { buildOutcomeReport } from '../charts/outcomeReport.js';
import type { ProgramReader } from '../engine/programView.js';
import type { PatientStore } from '../store/ports.js';

/** The CSV's columns, in order. */
export const COHORT_COLUMNS = [
  'code',
  'week',
  'plan',
  'workouts_planned',
  'workouts_done',
  'minutes_planned',
  'minutes_done',
  'aerobic_min',
  'resistance_min',
  'mindbody_min',
  'dose_min',
  'intensity_level',
  'outcome',
  'craving_avg',
  'craving_peak',
  'phq_total',
  'phq_form',
  'checkins',
  'uses',
  'rescue_sessions',
] as const;

/** A value as a CSV field (quoted when it holds a comma, a quote or a line break). */
export function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows of one patient: one per program week, the week under way last. */
export function cohortRows(
  code: string,
  history: readonly HistoryEntry[],
  view: NonNullable<ReturnType<ProgramReader>>,
  now: number,
): (string | number | null)[][] {
  const report = buildOutcomeReport(history, view, { now });
  return report.weeks.map((w) => [
    code,
    w.week,
    w.plan,
    w.planned,
    w.done,
    w.plannedMinutes,
    w.minutes,
    w.mix.aerobic,
    w.mix.resistance,
    w.mix.mindbody,
    w.dose,
    w.level,
    w.outcome,
    w.craving?.average ?? null,
    w.craving?.peak ?? null,
    w.phq?.total ?? null,
    w.phq ? (w.phq.full ? 'PHQ-9' : 'PHQ-2') : null,
    w.checkins,
    w.lapses,
    w.sessions,
  ]);
}

/**
 * The whole CSV: every stored patient whose program has begun, in code order. Patients whose
 * document cannot be read are left out (and counted in `skipped`).
 */
export async function cohortCsv(
  store: Pick<PatientStore, 'listPatientIds' | 'loadPatient' | 'getHistory'>,
  programOf: ProgramReader,
  now: number,
): Promise<{ csv: string; patients: number; skipped: number }> {
  const rows: { code: string; lines: string[] }[] = [];
  let skipped = 0;
  for (const id of await store.listPatientIds()) {
    const loaded = await store.loadPatient(id);
    if (loaded.status !== 'ok') {
      if (loaded.status === 'corrupt') skipped++;
      continue;
    }
    const view = programOf(loaded.doc);
    if (!view) continue;
    const history = await store.getHistory(id);
    rows.push({
      code: loaded.doc.code,
      lines: cohortRows(loaded.doc.code, history, view, now).map((r) => r.map(csvField).join(',')),
    });
  }
  rows.sort((a, b) => a.code.localeCompare(b.code));
  const csv = [COHORT_COLUMNS.join(','), ...rows.flatMap((r) => r.lines)].join('\n');
  return { csv: `${csv}\n`, patients: rows.length, skipped };
}

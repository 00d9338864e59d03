/**
 * The record of earlier benchmark runs (`bench/history.json`), which `docs/benchmarks.md` shows
 * beside the latest figures. A full `npm run bench` adds the run it replaces in
 * `bench/results.json`, so the history grows by itself; the rows from before that were transcribed
 * from the README of their time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { BenchResults } from './report.js';

/** Where the history is kept. */
export const HISTORY_FILE = fileURLToPath(new URL('./history.json', import.meta.url));

/** One figure: a value, a value with a word on its circumstances, or a range of runs. */
const figureSchema = z.union([
  z.number(),
  z.object({ value: z.number(), note: z.string() }),
  z.object({ from: z.number(), to: z.number() }),
]);
/** One figure of a run (see {@link figureSchema}). */
export type Figure = z.infer<typeof figureSchema>;

const fullRunSchema = z.object({
  machine: z.string(),
  date: z.string().optional(),
  commit: z.string(),
  turnCost: z.array(figureSchema).optional(),
  openLoopP99Ms: z.array(figureSchema).optional(),
  fanout: z.array(figureSchema).optional(),
  storageBytes: z.number().optional(),
  storageMet: z.boolean().optional(),
  memoryRatio: z.number().optional(),
  memoryMet: z.boolean().optional(),
  loadAverageAtStart: z.number().optional(),
  note: z.string().optional(),
});
/** One full run of all four benchmarks, as the history keeps it. */
export type FullRun = z.infer<typeof fullRunSchema>;

const historySchema = z.object({
  $about: z.string(),
  fullRuns: z.array(fullRunSchema),
  /** The spread of the memory ratios over the full runs whose single ratios were not kept. */
  memoryRatioRange: z.tuple([z.number(), z.number()]),
  heapRatioRange: z.tuple([z.number(), z.number()]),
  turnRuns: z.array(z.object({ machine: z.string(), code: z.string(), ratios: z.array(figureSchema) })),
});
/** The whole history file. */
export type BenchHistory = z.infer<typeof historySchema>;

/** Reads and validates the history; a malformed file names itself and the field. */
export function readHistory(file = HISTORY_FILE): BenchHistory {
  const parsed = historySchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${file}: ${issue.path.join('.')}: ${issue.message}. Fix the file and run again.`);
  }
  return parsed.data;
}

/** A full run's figures as a history row (a run missing a benchmark leaves its columns empty). */
export function historyRow(r: BenchResults): FullRun {
  const m = r.machine;
  return {
    machine: `${m.cpus} × ${m.cpuModel}`,
    date: m.date.slice(0, 10),
    commit: m.commit,
    ...(r.turnCost
      ? { turnCost: [r.turnCost.fullStackVsEcho.ratio], openLoopP99Ms: [r.turnCost.openLoop.p99Ms] }
      : {}),
    ...(r.fanout ? { fanout: [r.fanout.fractionOfApiLimit] } : {}),
    ...(r.storage ? { storageBytes: r.storage.bytesPerPatient } : {}),
    ...(r.memory ? { memoryRatio: r.memory.ratio } : {}),
    loadAverageAtStart: m.loadAverageAtStart,
  };
}

/** Adds the run being replaced in `bench/results.json` to the history (once per commit and date). */
export function keepInHistory(replaced: BenchResults, file = HISTORY_FILE): void {
  const history = readHistory(file);
  const row = historyRow(replaced);
  if (history.fullRuns.some((r) => r.commit === row.commit && r.date === row.date)) return;
  history.fullRuns.push(row);
  writeFileSync(file, `${JSON.stringify(history, null, 2)}\n`);
}

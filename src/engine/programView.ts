/**
 * Reads the exercise program out of a patient's stored document (docs/program.md#dose-and-outcome):
 * for the dose in `/progress` and the weekly summary, the counsellor's `/patient`, the outcome
 * report and the cohort CSV. Never throws: a document without a readable program gives null.
 */
import type { FlowContent, PlanId, StageId } from '../../flows/content/schema.js';
import type { HistoryEntry } from '../../flows/history.js';
import type { ProgramState } from '../../flows/machine/programTypes.js';
import { type WeekDose, weekDose } from '../../flows/rules/dose.js';
import { localDay } from '../../flows/rules/localTime.js';
import { fitDose, planRange } from '../../flows/rules/program.js';
import { daysSince, stageFor } from '../../flows/rules/stage.js';
import type { PatientDoc } from '../store/records.js';
import { contextSchema } from './snapshot.js';

/** A patient's program as views read it. */
export interface ProgramView {
  program: ProgramState;
  stage: StageId;
  plan: PlanId;
  daysSinceUse: number;
  /** Minutes and intensity level of a workout today (fitted into today's plan). */
  dose: { minutes: number; level: number };
  timezone: string;
  /** What onboarding found: the craving rated then, and the PHQ items answered. */
  baseline: { craving: number | null; phq: number[] };
  /** This program week's dose against the prescription. */
  week: (history: readonly HistoryEntry[]) => WeekDose;
}

/** Reads a patient's program from their document; null before it started or when unreadable. */
export type ProgramReader = (doc: Pick<PatientDoc, 'snapshot'>) => ProgramView | null;

/** Builds the {@link ProgramReader} over the flow content and the clock. */
export function createProgramReader(content: FlowContent, now: () => number): ProgramReader {
  return (doc) => {
    const parsed = contextSchema.safeParse((doc.snapshot as { context?: unknown } | null)?.context);
    if (!parsed.success || !parsed.data.program) return null;
    const { program, profile } = parsed.data;
    const t = now();
    const daysSinceUse = daysSince(profile.lastUseAt ?? t, t);
    const stage = stageFor(daysSinceUse, content.thresholds);
    const range = planRange(stage, profile.cleared, content);
    let today: string;
    try {
      today = localDay(t, profile.timezone);
    } catch {
      today = localDay(t, 'UTC');
    }
    return {
      program,
      stage,
      plan: range.id,
      daysSinceUse,
      dose: fitDose(program.dose, range),
      timezone: profile.timezone,
      baseline: { craving: profile.baselineCraving, phq: profile.phq },
      week: (history) => weekDose(program, range, history, today, content),
    };
  };
}

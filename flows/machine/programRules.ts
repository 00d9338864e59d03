/**
 * Small rules of the exercise program's conversation (docs/program.md): the workout-day presets and
 * how chosen days are read and said, when the PHQ and the PAR-Q+ are due again, and the rest after
 * a red flag. Pure.
 */
import type { FlowContent } from '../content/schema.js';
import { daysBetween } from '../rules/program.js';
import type { PatientContext } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Workout-day presets offered as buttons (ISO weekdays as digits); any days may be typed too. */
export const DAY_PRESETS = ['135', '246', '367', '1245', '12345'] as const;

/** Days as the machine keeps them, from an answer like `135` (typed days are read into that form). */
export function daysFromAnswer(v: unknown): number[] | null {
  if (typeof v !== 'string' || !/^[1-7]{1,7}$/.test(v)) return null;
  return [...new Set([...v].map(Number))].sort((a, b) => a - b);
}

/** The `{d1}`…`{dn}` params naming chosen weekdays (`program.days.chosen.<n>`). */
export function daysText(days: readonly number[]) {
  const params: Record<string, string> = {};
  days.forEach((d, i) => {
    params[`d${i + 1}`] = `@program.weekday.${d}`;
  });
  return { key: `program.days.chosen.${days.length}`, params };
}

/** Within `restAfterRedFlagHours` of a red flag: no workout. */
export function resting(context: PatientContext, content: FlowContent, now: number): boolean {
  return (
    context.redFlagAt != null && now - context.redFlagAt < content.thresholds.restAfterRedFlagHours * HOUR
  );
}

/** True when the PHQ is due: `phqEveryDays` since the last one. */
export function phqDue(context: PatientContext, content: FlowContent, today: string): boolean {
  const p = context.program;
  return !!p && daysBetween(p.phq.day, today) >= content.reassessment.phqEveryDays;
}

/** True when the PAR-Q+ is due: `parqEveryDays` since the last one, or a red flag since. */
export function parqDue(context: PatientContext, content: FlowContent, now: number): boolean {
  const p = context.program;
  if (!p) return false;
  return now - p.parqAt >= content.reassessment.parqEveryDays * DAY || (context.redFlagAt ?? -1) > p.parqAt;
}

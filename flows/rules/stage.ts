/** Stage of withdrawal from days since last use (docs/clinical-protocol.md#stages-of-withdrawal). */
import type { FlowContent, StageId } from '../content/schema.js';

const DAY = 86_400_000;

/** Whole days between the last use and `now` (never negative). */
export function daysSince(lastUseAt: number, now: number): number {
  return Math.max(0, Math.floor((now - lastUseAt) / DAY));
}

/** The stage for a number of days since last use: acute 0–14, early 15–90, maintenance 91+ by default. */
export function stageFor(days: number, thresholds: FlowContent['thresholds']): StageId {
  for (const s of thresholds.stages) if (s.maxDaysSinceUse === null || days <= s.maxDaysSinceUse) return s.id;
  return 'maintenance';
}

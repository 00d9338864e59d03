/** PHQ-2 / PHQ-9 scoring (docs/clinical-protocol.md#mood-phq-2-and-phq-9 and #assessment). */
import type { FlowContent } from '../content/schema.js';

/** Sum of item scores. */
export const phqTotal = (items: readonly number[]): number => items.reduce((a, b) => a + b, 0);

/** True when the PHQ-2 total calls for the full PHQ-9. */
export function needsFullPhq9(phq2: readonly number[], t: FlowContent['thresholds']): boolean {
  return phqTotal(phq2) >= t.phq2FullScreenAt;
}

/** The PHQ-9 severity band name for a total (minimal, mild, moderate, moderatelySevere, severe). */
export function phq9Band(total: number, t: FlowContent['thresholds']): string {
  let band = t.phq9Bands[0]!.band;
  for (const b of t.phq9Bands) if (total >= b.from) band = b.band;
  return band;
}

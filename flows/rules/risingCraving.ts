/**
 * The rising-craving rule (docs/clinical-protocol.md#rising-craving-and-rescue-sessions): craving is rising
 * when the latest rating is ≥ 7, or ≥ 3 above the median of the seven ratings before it, or it has gone up on
 * three ratings in a row (three consecutive rises, i.e. four ratings each higher than the one before).
 */
import type { FlowContent } from '../content/schema.js';

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Which part of the rule fired, or null. `ratings` is oldest first, the latest last. */
export function risingReason(
  ratings: readonly number[],
  rule: FlowContent['thresholds']['rising'],
): 'high' | 'aboveMedian' | 'risesInRow' | null {
  const latest = ratings.at(-1);
  if (latest === undefined) return null;
  if (latest >= rule.atLeast) return 'high';
  const before = ratings.slice(0, -1).slice(-rule.medianWindow);
  if (before.length > 0 && latest >= median(before) + rule.aboveMedian) return 'aboveMedian';
  const tail = ratings.slice(-(rule.risesInRow + 1));
  if (tail.length === rule.risesInRow + 1 && tail.every((v, i) => i === 0 || v > tail[i - 1]!))
    return 'risesInRow';
  return null;
}

/** True when craving is rising by {@link risingReason}. */
export function isRising(ratings: readonly number[], rule: FlowContent['thresholds']['rising']): boolean {
  return risingReason(ratings, rule) !== null;
}

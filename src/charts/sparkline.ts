/**
 * Text sparklines: a 0–10 series as block characters (`▁▂▃▄▅▆▇█`). They stand in for the chart
 * wherever an image cannot be sent, and show the recent craving trend in counsellor alerts.
 */

/** The eight levels, lowest first. */
export const SPARK_LEVELS = '▁▂▃▄▅▆▇█';

/** Shown for a missing value (a day without a rating). */
export const SPARK_GAP = '·';

/** The level character for one 0–10 value (clamped), or the gap mark for a non-finite one. */
function sparkChar(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return SPARK_GAP;
  const v = Math.min(10, Math.max(0, value));
  return SPARK_LEVELS[Math.round((v * 7) / 10)]!;
}

/**
 * A sparkline for a list of 0–10 values, one character each: 0 → `▁`, 10 → `█`, values outside
 * 0–10 are clamped and non-numbers (NaN, Infinity) become `·`, so bad input never throws.
 *
 * @example sparkline([2, 3, 3, 5, 6, 8, 8]) === '▂▃▃▅▆▇▇'
 */
export function sparkline(values: number[]): string {
  return values.map(sparkChar).join('');
}

/** Like {@link sparkline}, for a daily series where `null` marks a day without data (`·`). */
export function sparklineWithGaps(values: (number | null)[]): string {
  return values.map(sparkChar).join('');
}

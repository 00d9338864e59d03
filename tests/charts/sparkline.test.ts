import { describe, expect, it } from 'vitest';
import { SPARK_GAP, sparkline, sparklineWithGaps } from '../../src/charts/sparkline.js';

describe('sparkline', () => {
  it.each([
    [0, '▁'],
    [1, '▂'],
    [2, '▂'],
    [3, '▃'],
    [4, '▄'],
    [5, '▅'],
    [6, '▅'],
    [7, '▆'],
    [8, '▇'],
    [9, '▇'],
    [10, '█'],
  ])('draws %i as %s', (value, expected) => {
    expect(sparkline([value])).toBe(expected);
  });

  it('draws one character per value, in order', () => {
    expect(sparkline([2, 3, 3, 5, 6, 8, 8])).toBe('▂▃▃▅▅▇▇');
    expect(sparkline([0, 10, 0])).toBe('▁█▁');
  });

  it('clamps values outside 0–10 and never throws on bad numbers', () => {
    expect(sparkline([-3, 42])).toBe('▁█');
    expect(sparkline([Number.NaN, Number.POSITIVE_INFINITY])).toBe(SPARK_GAP + SPARK_GAP);
    expect(sparkline([])).toBe('');
  });

  it('marks days without a value', () => {
    expect(sparklineWithGaps([4, null, 6])).toBe(`▄${SPARK_GAP}▅`);
  });
});

import { describe, expect, it } from 'vitest';
import { risingReason } from '../../flows/rules/risingCraving.js';
import { loadContent } from '../../src/content.js';

const rule = loadContent().thresholds.rising;

describe('craving is rising when (clinical protocol, rising craving)', () => {
  it.each([
    { ratings: [7], expected: 'high', why: 'the latest rating is 7' },
    { ratings: [2, 2, 10], expected: 'high', why: 'the latest rating is 10' },
    { ratings: [2, 2, 2, 5], expected: 'aboveMedian', why: '5 is 3 above the median 2' },
    { ratings: [1, 5, 5, 5, 5, 5, 5, 5, 4], expected: null, why: '4 is not 3 above the median 5' },
    {
      ratings: [5, 5, 5, 5, 5, 5, 5, 1, 1, 1, 1, 1, 1, 1, 4],
      expected: 'aboveMedian',
      why: 'only the last seven count (median 1)',
    },
    { ratings: [1, 2, 3, 4], expected: 'risesInRow', why: 'three rises in a row' },
    { ratings: [1, 2, 3], expected: null, why: 'only two rises' },
    { ratings: [3, 2, 3, 4, 5], expected: 'risesInRow', why: 'the last three ratings each went up' },
    { ratings: [4, 4, 4, 4], expected: null, why: 'flat' },
    { ratings: [4, 5, 5, 6], expected: null, why: 'a repeat breaks the run and 6 is not 3 above 5' },
    { ratings: [], expected: null, why: 'no ratings' },
    { ratings: [6], expected: null, why: 'a single 6' },
  ])('$why → $expected', ({ ratings, expected }) => {
    expect(risingReason(ratings, rule)).toBe(expected);
  });
});

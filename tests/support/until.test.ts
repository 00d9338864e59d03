/** The one polling helper: it waits for what it is told, and a failure names it. */
import { describe, expect, it } from 'vitest';
import { until } from './until.js';

describe('until', () => {
  it('resolves once the predicate holds, sync or async', async () => {
    let n = 0;
    await until(() => ++n >= 3, 'the third check');
    expect(n).toBe(3);
    let m = 0;
    await until(async () => ++m >= 2, 'the second check');
    expect(m).toBe(2);
  });

  it('fails naming what it waited for, not as an anonymous test timeout', async () => {
    await expect(until(() => false, 'the consent question', 30)).rejects.toThrow(
      'timed out after 30 ms waiting for the consent question',
    );
  });

  it('asks a described wait how far things got when it fails', async () => {
    const seen = [1, 2];
    await expect(
      until(
        () => seen.length >= 5,
        () => `5 turns (${seen.length} so far)`,
        30,
      ),
    ).rejects.toThrow('waiting for 5 turns (2 so far)');
  });

  it("fails at once with the predicate's own error", async () => {
    await expect(
      until(() => {
        throw new Error('the listener closed');
      }, 'readiness'),
    ).rejects.toThrow('the listener closed');
  });
});

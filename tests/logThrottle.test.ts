/**
 * A repeated error is logged the first time, then at most once per period with how many were not
 * logged on their own: an outage costs a few lines a minute, not thousands.
 */
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/log.js';
import { throttledLog } from '../src/logThrottle.js';

let lines: Record<string, unknown>[];
let logs: PassThrough;

beforeEach(() => {
  vi.useFakeTimers();
  lines = [];
  logs = new PassThrough();
  logs.on('data', (chunk: Buffer) => {
    for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
  });
});

afterEach(() => {
  vi.useRealTimers();
});

/** Back to real time, and a moment for pino's writes to reach the stream. */
async function settle() {
  vi.useRealTimers();
  await new Promise((r) => setImmediate(r));
}

describe('throttledLog', () => {
  it('logs the first occurrence at once', async () => {
    const report = throttledLog(createLogger('info', logs), 'error', 'worker error');
    report({ err: 'connect ECONNREFUSED' });
    await settle();
    expect(lines).toMatchObject([{ level: 50, msg: 'worker error', err: 'connect ECONNREFUSED' }]);
    expect(lines[0]).not.toHaveProperty('suppressed');
  });

  it('four a second for 70 s make one line per 10 s, each counting what it stands for', async () => {
    const report = throttledLog(createLogger('info', logs), 'warn', 'worker error', 10_000);
    for (let ms = 0; ms < 70_000; ms += 250) {
      report({ err: `attempt ${ms / 250}` });
      await vi.advanceTimersByTimeAsync(250);
    }
    await vi.runOnlyPendingTimersAsync();
    await settle();
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(lines.length).toBeGreaterThanOrEqual(7);
    // Every occurrence is accounted for: one line each, or counted in a later line.
    const accounted = lines.reduce((n, l) => n + (Number(l.suppressed) || 1), 0);
    expect(accounted).toBe(280);
    expect(lines.at(-1)?.err).toBe('attempt 279');
  });

  it('after a quiet period the next occurrence is logged at once again', async () => {
    const report = throttledLog(createLogger('info', logs), 'warn', 'connection error', 10_000);
    report({ n: 1 });
    await vi.advanceTimersByTimeAsync(30_000);
    report({ n: 2 });
    await settle();
    expect(lines.map((l) => l.n)).toEqual([1, 2]);
    expect(lines.every((l) => l.suppressed === undefined)).toBe(true);
  });

  it('without a logger it swallows the error (a listener must exist, even with nothing to log to)', () => {
    expect(() => throttledLog(undefined, 'error', 'x')({ err: 'boom' })).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import type { DueJob } from '../../src/scheduling/scheduler.js';
import { schedulerContract } from './schedulerContract.js';

schedulerContract('in-process', async () => {
  const clock = new ManualClock();
  return {
    clock,
    scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
    cleanup: async () => {},
  };
});

describe('in-process scheduler timer loop', () => {
  it('runs due jobs by itself once started', async () => {
    const clock = new ManualClock();
    const scheduler = new InProcessScheduler(clock, undefined, { pollMs: 5 });
    const fired = new Promise<DueJob>((resolve) => {
      void scheduler.start(async (job) => resolve(job));
    });
    const job: DueJob = { target: 'alert', patientId: 'p', alertId: 'a' };
    await scheduler.scheduleOnce('p', 'k', clock.now() + 1000, job);
    clock.advance(1000);
    expect(await fired).toEqual(job);
    await scheduler.stop();
  });
});

/**
 * A plan stored before plans carried their reminder delay takes the delay the flow content sets
 * now. The content is given an unusual 75 minutes here, so that a fixed two hours would fail.
 */
import { describe, expect, it, vi } from 'vitest';
import type { FlowContent } from '../../flows/content/schema.js';
import { ManualClock } from '../../src/clock.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import type { DueJob } from '../../src/scheduling/scheduler.js';

vi.mock('../../src/content.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/content.js')>();
  return {
    ...real,
    loadContent: (...args: Parameters<typeof real.loadContent>): FlowContent => {
      const content = real.loadContent(...args);
      return { ...content, thresholds: { ...content.thresholds, checkinReminderAfterMinutes: 75 } };
    },
  };
});

describe('a check-in plan stored without its reminder delay', () => {
  it("reminds after the flow content's delay", async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0)); // 12:00 in Shanghai
    const scheduler = new InProcessScheduler(clock, undefined, { timer: false });
    const seen: { type: string; at: number }[] = [];
    await scheduler.start(async (job: DueJob) => {
      if (job.target === 'patient') seen.push({ type: job.event.type, at: clock.now() });
    });
    await scheduler.setDailyCheckin('p1', { time: '21:00', timezone: 'Asia/Shanghai', pausedUntil: null });
    for (let i = 0; i < 12 * 60; i++) {
      clock.advance(60_000);
      await scheduler.runDue();
    }
    const due = seen.find((s) => s.type === 'CHECKIN_DUE')!;
    const reminder = seen.find((s) => s.type === 'CHECKIN_REMINDER')!;
    expect(reminder.at - due.at).toBe(75 * 60_000);
    await scheduler.stop();
  });
});

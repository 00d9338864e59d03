import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { loadContent } from '../../src/content.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import type { DueJob } from '../../src/scheduling/scheduler.js';

describe('the check-in reminder delay comes from the flow content', () => {
  it('is two hours by default (clinical protocol, daily check-in)', () => {
    expect(loadContent().thresholds.checkinReminderAfterMinutes).toBe(120);
  });

  it.each([
    [120, 120],
    [45, 45],
  ])('a plan with %s minutes reminds %d minutes after the check-in', async (planned, minutes) => {
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0)); // 12:00 in Shanghai
    const scheduler = new InProcessScheduler(clock, undefined, { timer: false });
    const seen: { type: string; at: number }[] = [];
    await scheduler.start(async (job: DueJob) => {
      if (job.target === 'patient') seen.push({ type: job.event.type, at: clock.now() });
    });
    await scheduler.setDailyCheckin('p1', {
      time: '21:00',
      timezone: 'Asia/Shanghai',
      pausedUntil: null,
      reminderAfterMinutes: planned,
    });
    for (let i = 0; i < 12 * 60; i++) {
      clock.advance(60_000);
      await scheduler.runDue();
    }
    const due = seen.find((s) => s.type === 'CHECKIN_DUE')!;
    const reminder = seen.find((s) => s.type === 'CHECKIN_REMINDER')!;
    expect(reminder.at - due.at).toBe(minutes * 60_000);
    await scheduler.stop();
  });
});

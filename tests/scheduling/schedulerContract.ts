/**
 * The scheduler contract, run against the in-process and the BullMQ schedulers. Time moves by a
 * ManualClock; `runDue()` runs what is due at the clock's now and resolves when it is done.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import type { DueJob, Scheduler } from '../../src/scheduling/scheduler.js';

/** A scheduler tests can drive. */
export interface DrivableScheduler extends Scheduler {
  runDue(): Promise<number>;
}

/** What a contract run needs: a fresh scheduler on a shared manual clock, and a clean-up. */
export interface SchedulerHarness {
  clock: ManualClock;
  scheduler: DrivableScheduler;
  /** A second scheduler instance on the same backing (another process), when there is one. */
  twin?: () => Promise<DrivableScheduler>;
  cleanup(): Promise<void>;
}

const HOUR = 3_600_000;
const SH = 'Asia/Shanghai';
// ManualClock starts at 2026-01-05 12:00 UTC = 20:00 in Shanghai.
const T0 = Date.UTC(2026, 0, 5, 12);

function describeJob(j: DueJob): string {
  if (j.target === 'patient') {
    const e = j.event;
    return `${j.patientId}:${e.type}${'day' in e ? `:${e.day}` : ''}`;
  }
  if (j.target === 'alert') return `${j.patientId}:alert:${j.alertId}`;
  return 'digest';
}

/** Registers the contract suite for one implementation. */
export function schedulerContract(name: string, make: () => Promise<SchedulerHarness>): void {
  describe(`Scheduler contract: ${name}`, () => {
    let h: SchedulerHarness;
    let seen: string[];
    let failNext: number;
    /** Runs inside the handler, after the job is recorded (as a turn scheduling its next timer). */
    let whileRunning: ((job: DueJob) => Promise<void>) | null;

    const advanceTo = async (ms: number) => {
      h.clock.set(ms);
      await h.scheduler.runDue();
    };

    beforeEach(async () => {
      h = await make();
      h.clock.set(T0);
      seen = [];
      failNext = 0;
      whileRunning = null;
      await h.scheduler.start(async (job) => {
        if (failNext > 0) {
          failNext--;
          throw new Error('handler failed (test)');
        }
        seen.push(describeJob(job));
        await whileRunning?.(job);
      });
    });

    afterEach(async () => {
      await h.scheduler.stop();
      await h.cleanup();
    });

    it('sends the check-in at the local time, the reminder two hours later, and ends the day at midnight', async () => {
      await h.scheduler.setDailyCheckin('p1', { time: '21:00', timezone: SH, pausedUntil: null });
      await advanceTo(T0 + 0.5 * HOUR);
      expect(seen).toEqual([]);
      await advanceTo(T0 + HOUR); // 21:00 local
      expect(seen).toEqual(['p1:CHECKIN_DUE:2026-01-05']);
      await advanceTo(T0 + 3 * HOUR - 1);
      expect(seen).toHaveLength(1);
      await advanceTo(T0 + 3 * HOUR); // 23:00 local
      expect(seen.at(-1)).toBe('p1:CHECKIN_REMINDER:2026-01-05');
      await advanceTo(T0 + 4 * HOUR); // local midnight
      expect(seen.at(-1)).toBe('p1:CHECKIN_DAY_END:2026-01-05');
      await advanceTo(T0 + 25 * HOUR); // the next day at 21:00
      expect(seen.at(-1)).toBe('p1:CHECKIN_DUE:2026-01-06');
      expect(seen).toHaveLength(4);
    });

    it('skips the days of a pause', async () => {
      const pausedUntil = Date.UTC(2026, 0, 7, 0);
      await h.scheduler.setDailyCheckin('p1', { time: '21:00', timezone: SH, pausedUntil });
      await advanceTo(T0 + 24 * HOUR + 4 * HOUR);
      expect(seen).toEqual([]);
      await advanceTo(T0 + 49 * HOUR); // 2026-01-07 21:00 local
      expect(seen).toEqual(['p1:CHECKIN_DUE:2026-01-07']);
    });

    it('replaces the plan when the time changes, without a second check-in that day', async () => {
      await h.scheduler.setDailyCheckin('p1', { time: '21:00', timezone: SH, pausedUntil: null });
      await h.scheduler.setDailyCheckin('p1', { time: '20:30', timezone: SH, pausedUntil: null });
      await advanceTo(T0 + 0.5 * HOUR);
      expect(seen).toEqual(['p1:CHECKIN_DUE:2026-01-05']);
      // after today's check-in went out, moving the time later today does not send it again
      await h.scheduler.setDailyCheckin('p1', { time: '21:30', timezone: SH, pausedUntil: null });
      await advanceTo(T0 + 1.5 * HOUR);
      expect(seen).toEqual(['p1:CHECKIN_DUE:2026-01-05']);
      await advanceTo(T0 + 25.5 * HOUR);
      expect(seen.filter((s) => s.includes('CHECKIN_DUE'))).toEqual([
        'p1:CHECKIN_DUE:2026-01-05',
        'p1:CHECKIN_DUE:2026-01-06',
      ]);
    });

    it('collapses duplicate plans into one check-in per day', async () => {
      const plan = { time: '21:00', timezone: SH, pausedUntil: null };
      await h.scheduler.setDailyCheckin('p1', plan);
      await h.scheduler.setDailyCheckin('p1', plan);
      if (h.twin) await (await h.twin()).setDailyCheckin('p1', plan);
      await advanceTo(T0 + 1.5 * HOUR);
      expect(seen).toEqual(['p1:CHECKIN_DUE:2026-01-05']);
    });

    it('keeps DST right: New York 02:30 on the spring-forward day fires once, at 03:30 EDT', async () => {
      h.clock.set(Date.UTC(2026, 2, 7, 12)); // 7 March, 07:00 EST: today's 02:30 has passed
      await h.scheduler.setDailyCheckin('ny', {
        time: '02:30',
        timezone: 'America/New_York',
        pausedUntil: null,
      });
      await advanceTo(Date.UTC(2026, 2, 8, 7, 29)); // 8 March, 03:29 EDT
      expect(seen).toEqual([]);
      await advanceTo(Date.UTC(2026, 2, 8, 7, 30)); // 03:30 EDT
      expect(seen).toEqual(['ny:CHECKIN_DUE:2026-03-08']);
      await advanceTo(Date.UTC(2026, 2, 9, 6, 30)); // 9 March, 02:30 EDT
      expect(seen.filter((s) => s.includes('DUE'))).toEqual([
        'ny:CHECKIN_DUE:2026-03-08',
        'ny:CHECKIN_DUE:2026-03-09',
      ]);
    });

    it('does not send a burst of stale check-ins after being down for days', async () => {
      await h.scheduler.setDailyCheckin('p1', { time: '21:00', timezone: SH, pausedUntil: null });
      await advanceTo(T0 + 72 * HOUR); // 2026-01-08 20:00 local
      expect(seen.filter((s) => s.includes('DUE'))).toEqual(['p1:CHECKIN_DUE:2026-01-05']);
      await advanceTo(T0 + 73 * HOUR);
      expect(seen.at(-1)).toBe('p1:CHECKIN_DUE:2026-01-08');
    });

    it('runs a one-off job at its time, replaces it by key, and cancels it', async () => {
      const job: DueJob = { target: 'patient', patientId: 'p2', event: { type: 'SESSION_TIMER', step: 1 } };
      await h.scheduler.scheduleOnce('p2', 'session', T0 + 10 * 60_000, job);
      await h.scheduler.scheduleOnce('p2', 'session', T0 + 20 * 60_000, {
        ...job,
        event: { type: 'SESSION_TIMER', step: 2 },
      });
      await h.scheduler.scheduleOnce('p2', 'other', T0 + 5 * 60_000, {
        target: 'alert',
        patientId: 'p2',
        alertId: 'a1',
      });
      await h.scheduler.cancel('p2', 'other');
      await advanceTo(T0 + 15 * 60_000);
      expect(seen).toEqual([]);
      await advanceTo(T0 + 20 * 60_000);
      expect(seen).toEqual(['p2:SESSION_TIMER']);
    });

    it('a job may schedule its own key again while it runs (a re-alert, a session step): the next one comes', async () => {
      const at = (m: number) => T0 + m * 60_000;
      const alert: DueJob = { target: 'alert', patientId: 'p9', alertId: 'a9' };
      let n = 0;
      whileRunning = async () => {
        if (++n < 4) await h.scheduler.scheduleOnce('p9', 'realert:a9', at(15 * (n + 1)), alert);
      };
      await h.scheduler.scheduleOnce('p9', 'realert:a9', at(15), alert);
      for (const m of [15, 30, 45, 60, 75]) await advanceTo(at(m));
      expect(seen).toEqual(Array.from({ length: 4 }, () => 'p9:alert:a9'));
      // …and cancelling the key stops the one now pending.
      n = 0;
      await h.scheduler.scheduleOnce('p9', 'realert:a9', at(90), alert);
      whileRunning = async () => {
        await h.scheduler.scheduleOnce('p9', 'realert:a9', at(105), alert);
        await h.scheduler.cancel('p9', 'realert:a9');
      };
      await advanceTo(at(90));
      await advanceTo(at(120));
      expect(seen).toHaveLength(5);
    });

    it('runs jobs that came due while it was behind, earliest first', async () => {
      const at = (m: number) => T0 + m * 60_000;
      await h.scheduler.scheduleOnce('p3', 'b', at(2), { target: 'alert', patientId: 'p3', alertId: 'b' });
      await h.scheduler.scheduleOnce('p3', 'a', at(1), { target: 'alert', patientId: 'p3', alertId: 'a' });
      await advanceTo(at(3));
      expect(seen).toEqual(['p3:alert:a', 'p3:alert:b']);
    });

    it('cancelAll removes every job of the patient and no one else’s', async () => {
      const plan = { time: '21:00', timezone: SH, pausedUntil: null };
      await h.scheduler.setDailyCheckin('gone', plan);
      await h.scheduler.setDailyCheckin('stays', plan);
      await h.scheduler.scheduleOnce('gone', 'x', T0 + 60_000, {
        target: 'alert',
        patientId: 'gone',
        alertId: 'x',
      });
      await h.scheduler.cancelAll('gone');
      await advanceTo(T0 + 1 * HOUR);
      await advanceTo(T0 + 25 * HOUR);
      expect(seen.some((s) => s.startsWith('gone'))).toBe(false);
      expect(seen.filter((s) => s.startsWith('stays:CHECKIN_DUE'))).toHaveLength(2);
    });

    it('cancelAll with keep leaves the named one-off jobs, which can still be replaced and cancelled', async () => {
      const plan = { time: '21:00', timezone: SH, pausedUntil: null };
      const alert = (alertId: string): DueJob => ({ target: 'alert', patientId: 'quiet', alertId });
      await h.scheduler.setDailyCheckin('quiet', plan);
      await h.scheduler.scheduleOnce('quiet', 'realert:a1', T0 + 2 * HOUR, alert('a1'));
      await h.scheduler.scheduleOnce('quiet', 'realert:a2', T0 + 3 * HOUR, alert('a2'));
      await h.scheduler.scheduleOnce('quiet', 'session', T0 + 60_000, {
        target: 'patient',
        patientId: 'quiet',
        event: { type: 'SESSION_TIMER', step: 1 },
      });
      await h.scheduler.cancelAll('quiet', { keep: ['realert:a1', 'realert:a2', 'never-scheduled'] });
      await h.scheduler.scheduleOnce('quiet', 'realert:a2', T0 + 4 * HOUR, alert('a2'));
      await advanceTo(T0 + 3 * HOUR);
      expect(seen).toEqual(['quiet:alert:a1']);
      await h.scheduler.cancel('quiet', 'realert:a2');
      await advanceTo(T0 + 26 * HOUR);
      // No check-in (21:00 Shanghai came twice), no session step, no replaced or cancelled re-alert.
      expect(seen).toEqual(['quiet:alert:a1']);
    });

    it('retries a job whose handler failed', async () => {
      await h.scheduler.scheduleOnce('p4', 'k', T0 + 60_000, {
        target: 'alert',
        patientId: 'p4',
        alertId: 'r',
      });
      failNext = 1;
      await advanceTo(T0 + 60_000);
      expect(seen).toEqual([]);
      await advanceTo(T0 + 30 * 60_000);
      expect(seen).toEqual(['p4:alert:r']);
    });

    it('sends the routine-alert digest daily at its local time', async () => {
      await h.scheduler.setDailyDigest('09:00', SH); // 01:00 UTC
      await advanceTo(Date.UTC(2026, 0, 6, 1));
      expect(seen).toEqual(['digest']);
      await advanceTo(Date.UTC(2026, 0, 6, 12));
      expect(seen).toEqual(['digest']);
      await advanceTo(Date.UTC(2026, 0, 7, 1));
      expect(seen).toEqual(['digest', 'digest']);
    });
  });
}

import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { BullmqScheduler } from '../../src/scheduling/bullmqScheduler.js';
import type { DueJob } from '../../src/scheduling/scheduler.js';
import { createRedisConnection } from '../../src/store/redisConnection.js';
import {
  adminConnection,
  deleteUnder,
  keysUnder,
  REDIS_URL,
  uniquePrefix,
  valuesOf,
} from '../store/redisTestKit.js';
import { schedulerContract } from './schedulerContract.js';

const admin = adminConnection();
afterAll(async () => {
  await admin.quit();
});

function open(prefix: string, clock: ManualClock) {
  const connection = createRedisConnection(REDIS_URL, 'bullmq');
  const scheduler = new BullmqScheduler(connection, clock, { prefix });
  return {
    scheduler,
    close: async () => {
      await scheduler.stop();
      await connection.quit();
    },
  };
}

schedulerContract('BullMQ', async () => {
  const clock = new ManualClock();
  const prefix = uniquePrefix('bullmqScheduler');
  const main = open(prefix, clock);
  const extra: { close(): Promise<void> }[] = [];
  return {
    clock,
    scheduler: main.scheduler,
    twin: async () => {
      const t = open(prefix, clock);
      extra.push(t);
      return t.scheduler;
    },
    cleanup: async () => {
      for (const e of extra) await e.close();
      await main.close().catch(() => undefined);
      await deleteUnder(admin, prefix);
    },
  };
});

describe('BullMQ scheduler across processes', () => {
  const HOUR = 3_600_000;
  const T0 = Date.UTC(2026, 0, 5, 12);
  const plan = { time: '21:00', timezone: 'Asia/Shanghai', pausedUntil: null };

  it('sends one check-in per patient and day with three workers, and loses nothing on restart', async () => {
    const clock = new ManualClock(T0);
    const prefix = uniquePrefix('bullmqWorkers');
    const seen: string[] = [];
    const onDue = async (job: DueJob) => {
      if (job.target === 'patient') seen.push(`${job.patientId}:${job.event.type}`);
    };
    const first = [open(prefix, clock), open(prefix, clock), open(prefix, clock)];
    for (const i of first) await i.scheduler.setDailyCheckin('p1', plan);
    // all instances restart before the check-in is due
    for (const i of first) await i.close();
    const second = [open(prefix, clock), open(prefix, clock), open(prefix, clock)];
    for (const i of second) await i.scheduler.start(onDue);
    clock.set(T0 + HOUR);
    await Promise.all(second.map((i) => i.scheduler.runDue()));
    expect(seen).toEqual(['p1:CHECKIN_DUE']);
    for (const i of second) await i.close();
    await deleteUnder(admin, prefix);
  });

  it('a one-off key leaves no entry behind once its job ran', async () => {
    const clock = new ManualClock(T0);
    const prefix = uniquePrefix('bullmqOnce');
    const a = open(prefix, clock);
    try {
      await a.scheduler.start(async () => undefined);
      await a.scheduler.scheduleOnce('p1', 'session', T0 + 60_000, {
        target: 'patient',
        patientId: 'p1',
        event: { type: 'SESSION_TIMER', step: 1 },
      });
      expect((await keysUnder(admin, prefix)).some((k) => k.startsWith(`${prefix}so:`))).toBe(true);
      clock.set(T0 + 60_000);
      await a.scheduler.runDue();
      expect((await keysUnder(admin, prefix)).some((k) => k.startsWith(`${prefix}so:`))).toBe(false);
    } finally {
      await a.close();
      await deleteUnder(admin, prefix);
    }
  });

  it('cancelAll leaves no job and no trace of the patient in Redis', async () => {
    const clock = new ManualClock(T0);
    const prefix = uniquePrefix('bullmqErase');
    const s = open(prefix, clock);
    await s.scheduler.start(async () => {});
    const id = 'telegram:5550123';
    await s.scheduler.setDailyCheckin(id, plan);
    await s.scheduler.scheduleOnce(id, 'session', T0 + 60_000, {
      target: 'patient',
      patientId: id,
      event: { type: 'SESSION_TIMER', step: 1 },
    });
    clock.set(T0 + HOUR); // the day's check-in runs and is kept as completed
    expect(await s.scheduler.runDue()).toBe(2);
    const before = await Promise.all((await keysUnder(admin, prefix)).map((k) => valuesOf(admin, k)));
    expect(before.flat().some((v) => v.includes(id))).toBe(true);
    await s.scheduler.cancelAll(id);
    for (const key of await keysUnder(admin, prefix)) {
      expect(key).not.toContain(id);
      const values = await valuesOf(admin, key);
      for (const v of values) expect(String(v), key).not.toContain(id);
    }
    await s.close();
    await deleteUnder(admin, prefix);
  });
});

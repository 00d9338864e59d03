/**
 * The retention sweep on both stores (memory, and the real Redis under a unique prefix): a patient
 * silent for the retention period is erased as an erasure by the flows does it, one who wrote
 * since is kept, even when they write while the sweep waits for their lock, and two instances
 * sweeping at once erase each patient once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../flows/history.js';
import { ManualClock } from '../../src/clock.js';
import { realertKey } from '../../src/escalation/alertService.js';
import { createLogger, type Logger } from '../../src/log.js';
import { RetentionSweep } from '../../src/ops/retentionSweep.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import type { AlertRecord, OutboxItem, Store } from '../../src/store/store.js';
import { adminConnection, deleteUnder, openStore, uniquePrefix } from '../store/redisTestKit.js';
import { testDoc } from '../store/storeContract.js';

const DAY = 86_400_000;
const RETENTION_DAYS = 180;

interface Backing {
  store: Store;
  /** A second instance's store on the same data (the memory store has only one). */
  twin(): Store;
  close(): Promise<void>;
}

const backings: Record<string, (clock: ManualClock) => Backing> = {
  memory: (clock) => {
    const store = new MemoryStore(clock, RETENTION_DAYS);
    return { store, twin: () => store, close: async () => {} };
  },
  redis: (clock) => {
    const prefix = uniquePrefix('retentionSweep');
    const admin = adminConnection();
    const opened = [openStore(prefix, clock, { retentionDays: RETENTION_DAYS })];
    return {
      store: opened[0]!,
      twin: () => {
        const s = openStore(prefix, clock, { retentionDays: RETENTION_DAYS });
        opened.push(s);
        return s;
      },
      async close() {
        await deleteUnder(admin, prefix);
        await Promise.all(opened.map((s) => s.close()));
        await admin.quit();
      },
    };
  },
};

/** A logger that records its lines (level, fields, message). */
function recordingLogger(): { log: Logger; lines: { level: string; fields: object; msg: string }[] } {
  const lines: { level: string; fields: object; msg: string }[] = [];
  const log = createLogger('silent');
  for (const level of ['info', 'warn', 'error', 'debug'] as const)
    (log as unknown as Record<string, unknown>)[level] = (fields: object, msg: string) =>
      lines.push({ level, fields, msg });
  return { log, lines };
}

const checkin = (at: number): HistoryEntry => ({
  t: 'checkin',
  at,
  day: '2026-01-05',
  craving: 3,
  peak: 5,
  mood: 6,
  sleep: 'ok',
  exerciseMin: 20,
  exerciseType: 'aerobic',
  use: false,
});

const alert = (
  id: string,
  patientId: string,
  code: string,
  over: Partial<AlertRecord> = {},
): AlertRecord => ({
  id,
  patientId,
  code,
  level: 'urgent',
  reason: 'selfHarm',
  toldPatient: [],
  at: 1,
  sentTo: [],
  repeats: 0,
  ...over,
});

for (const [name, open] of Object.entries(backings)) {
  describe(`retention sweep: ${name} store`, () => {
    let clock: ManualClock;
    let backing: Backing;
    let store: Store;
    let scheduler: InProcessScheduler;
    let logged: ReturnType<typeof recordingLogger>;
    let erasedCounts: number[];
    const sweepOn = (s: Store) =>
      new RetentionSweep({
        store: s,
        scheduler,
        clock,
        log: logged.log,
        retentionDays: RETENTION_DAYS,
        onErased: (n) => erasedCounts.push(n),
        batchSize: 2,
      });

    /** A patient whose last message was `at`, with history, a pending outbox item and a check-in plan. */
    const patient = async (id: string, at: number) => {
      const doc = testDoc(id, 1, { lastMessageAt: at, createdAt: at });
      const pending: OutboxItem = {
        id: `${id}-m`,
        kind: 'message',
        address: doc.address,
        message: { text: 'hello' },
      };
      await store.commitTurn({ doc, expectedRevision: 0, history: [checkin(at)], outbox: [pending] });
      await scheduler.setDailyCheckin(id, { time: '21:00', timezone: 'Asia/Shanghai', pausedUntil: null });
      await store.appendAudit({ at, kind: 'alert', patientCode: doc.code, detail: 'urgent' });
      return doc;
    };

    beforeEach(() => {
      clock = new ManualClock(Date.UTC(2026, 0, 5, 12));
      backing = open(clock);
      store = backing.store;
      scheduler = new InProcessScheduler(clock, undefined, { timer: false });
      logged = recordingLogger();
      erasedCounts = [];
    });
    afterEach(async () => {
      await backing.close();
    });

    it('erases a patient silent for the retention period as an erasure does, and keeps one who wrote since', async () => {
      const t0 = clock.now();
      const silent = await patient('silent', t0);
      const recent = await patient('recent', t0 + 2 * DAY);
      // Alerts: an open urgent one stays (with its re-alert); acknowledged and routine ones go.
      await store.saveAlert(alert('open-1', 'silent', silent.code));
      await scheduler.scheduleOnce('silent', realertKey('open-1'), t0 + 181 * DAY, {
        target: 'alert',
        patientId: 'silent',
        alertId: 'open-1',
      });
      await store.saveAlert(
        alert('acked-1', 'silent', silent.code, {
          acknowledgedBy: { name: 'Dr Li', at: 2, via: { channel: 'telegram', conversationId: '-1' } },
        }),
      );
      await store.saveAlert(
        alert('routine-1', 'silent', silent.code, { level: 'routine', reason: 'missed' }),
      );
      await scheduler.scheduleOnce('silent', 'session', t0 + 181 * DAY, {
        target: 'patient',
        patientId: 'silent',
        event: { type: 'SESSION_TIMER', step: 1 },
      });

      // Day 179 after the last message: nobody is erased yet.
      clock.set(t0 + 179 * DAY);
      expect(await sweepOn(store).sweep()).toEqual({ erased: 0, active: 0, gone: 0, failed: 0 });
      expect((await store.loadPatient('silent')).status).toBe('ok');

      clock.set(t0 + 180 * DAY + 60_000);
      expect(await sweepOn(store).sweep()).toEqual({ erased: 1, active: 0, gone: 0, failed: 0 });
      expect(await store.loadPatient('silent')).toEqual({ status: 'missing' });
      expect(await store.getHistory('silent')).toEqual([]);
      expect(await store.pendingOutbox('silent')).toEqual([]);
      expect(await store.findPatientByCode(silent.code)).toBeNull();
      expect(await store.listPatientIds()).toEqual(['recent']);
      expect(await store.recentPatients(10)).toEqual({ ids: ['recent'], total: 1 });
      expect(await store.patientsWithPendingOutbox()).toEqual(['recent']);
      expect((await store.listAlerts({ patientId: 'silent' })).map((a) => a.id)).toEqual(['open-1']);
      // Only the kept alert's re-alert is still scheduled: no check-in, no session step.
      expect(scheduler.pending('silent').map((j) => j.job.target)).toEqual(['alert']);
      // The audit keeps its entries without the code, and records the erasure.
      const audit = await store.listAudit();
      expect(audit.map((e) => e.patientCode)).toEqual(['erased', recent.code, undefined]);
      expect(audit.at(-1)).toEqual({ at: clock.now(), kind: 'erase', detail: 'retention' });
      // The other patient is untouched.
      expect((await store.loadPatient('recent')).status).toBe('ok');
      expect(await store.getHistory('recent')).toHaveLength(1);
      expect(scheduler.pending('recent').length).toBeGreaterThan(0);
      // One info line with counts only.
      const info = logged.lines.filter((l) => l.level === 'info');
      expect(info).toEqual([
        {
          level: 'info',
          fields: { erased: 1, active: 0, gone: 0, failed: 0, retentionDays: RETENTION_DAYS },
          msg: 'retention sweep',
        },
      ]);
      expect(erasedCounts).toEqual([1]);
    });

    it('keeps a patient who writes while the sweep waits for their lock', async () => {
      const t0 = clock.now();
      const doc = await patient('writer', t0);
      clock.set(t0 + 200 * DAY);
      // The sweep's store tells when the sweep, having read the index, asks for the lock.
      let asked!: () => void;
      const askedForLock = new Promise<void>((resolve) => (asked = resolve));
      const watched = new Proxy(store, {
        get(target, prop) {
          const value = Reflect.get(target, prop, target) as unknown;
          if (prop === 'withPatientLock')
            return (id: string, fn: () => Promise<unknown>) => {
              asked();
              return target.withPatientLock(id, fn);
            };
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      let sweeping: Promise<unknown> | undefined;
      await store.withPatientLock('writer', async () => {
        // The sweep reads the index now (the patient is silent) and then waits for the lock.
        sweeping = sweepOn(watched).sweep();
        await askedForLock;
        await store.commitTurn({
          doc: { ...doc, revision: 2, lastMessageAt: clock.now() },
          expectedRevision: 1,
          history: [],
          outbox: [],
        });
      });
      expect(await sweeping).toEqual({ erased: 0, active: 1, gone: 0, failed: 0 });
      expect((await store.loadPatient('writer')).status).toBe('ok');
      expect(scheduler.pending('writer').length).toBeGreaterThan(0);
    });

    it('two instances sweeping at once erase each patient once', async () => {
      const t0 = clock.now();
      for (const id of ['a1', 'a2', 'a3', 'a4', 'a5']) await patient(id, t0);
      await patient('kept', t0 + 100 * DAY);
      clock.set(t0 + 181 * DAY);
      const [one, two] = await Promise.all([sweepOn(store).sweep(), sweepOn(backing.twin()).sweep()]);
      expect(one.erased + two.erased).toBe(5);
      expect(one.failed + two.failed).toBe(0);
      expect(await store.listPatientIds()).toEqual(['kept']);
      expect((await store.listAudit()).filter((e) => e.kind === 'erase')).toHaveLength(5);
    });
  });
}

/**
 * History in Redis: compact (90 days of check-ins and sessions within the 4 KB per-patient budget),
 * expiring after the retention period, validated on read; an instance appends to the value it
 * wrote without reading it back, and never loses what another instance wrote meanwhile.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { HistoryEntry } from '../../flows/history.js';
import { openStore, storeUnderTest } from './redisTestKit.js';
import { testDoc } from './storeContract.js';

const { admin, prefix, clock, store, close } = storeUnderTest('history', { retentionDays: 180 });
const DAY = 86_400_000;

afterAll(close);

/** A deterministic pseudo-random sequence (no flakiness, realistic entropy). */
function rng(seed: number) {
  let s = seed;
  return (n: number) => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s % n;
  };
}

/** A snapshot of roughly the size the patient machine persists. */
const snapshot = {
  status: 'active',
  value: { active: 'idle' },
  historyValue: {},
  context: {
    profile: {
      modalities: ['aerobic', 'mindbody'],
      indoors: true,
      checkinTime: '21:00',
      timezone: 'Asia/Shanghai',
    },
    screening: { parq: [false, false, false, false, false, false, false], phq9: 6, cleared: true },
    plan: { level: 2, weeklyMinutes: 150, sessionMinutes: 25 },
    streak: { missed: 0, lastCheckinDay: '2026-04-04' },
    lastAskId: 'k3f9',
    pendingSessionId: null,
  },
  children: {},
};

describe('history in Redis', () => {
  it('keeps a patient within 4 KB of Redis memory after 90 days of check-ins and sessions', async () => {
    const r = rng(7);
    const id = 'telegram:123456789';
    let rev = 0;
    for (let d = 0; d < 90; d++) {
      const at = clock.now() + r(3_600_000);
      const day = new Date(at + 8 * 3_600_000).toISOString().slice(0, 10);
      const entries: HistoryEntry[] = [
        {
          t: 'checkin',
          at,
          day,
          craving: r(11),
          peak: r(11),
          mood: r(11),
          sleep: (['poor', 'ok', 'good'] as const)[r(3)]!,
          exerciseMin: r(60),
          exerciseType: 'aerobic',
          use: r(20) === 0,
        },
        { t: 'craving', at, value: r(11), source: 'checkin' },
      ];
      if (d % 2 === 0) {
        const s = at + 3_600_000 + r(600_000);
        entries.push(
          {
            t: 'session',
            at: s,
            sessionId: `s${d}`,
            modality: 'aerobic',
            minutes: 20,
            before: 6,
            after: 3,
            completed: true,
          },
          { t: 'craving', at: s + 1_200_000 + r(60_000), value: r(11), source: 'session-after' },
        );
      }
      const doc = testDoc(id, rev + 1, { code: 'P-7F3K', snapshot, lastMessageAt: at });
      await store.commitTurn({ doc, expectedRevision: rev, history: entries, outbox: [] });
      rev++;
      clock.advance(DAY);
    }
    expect(await store.getHistory(id)).toHaveLength(270);
    const keys = [store.keys.doc(id), store.keys.history(id), store.keys.code('P-7F3K')];
    let bytes = 0;
    for (const k of keys) bytes += Number(await admin.call('MEMORY', 'USAGE', k, 'SAMPLES', '0'));
    expect(bytes).toBeLessThanOrEqual(4096);
  });

  it('expires history the retention period after the last message', async () => {
    const doc = testDoc('ttl', 1, { lastMessageAt: clock.now() - 10 * DAY });
    await store.commitTurn({
      doc,
      expectedRevision: 0,
      history: [{ t: 'lapse', at: clock.now() }],
      outbox: [],
    });
    const ttl = await admin.pttl(store.keys.history('ttl'));
    expect(ttl).toBeGreaterThan(169 * DAY);
    expect(ttl).toBeLessThanOrEqual(170 * DAY);
    // a turn without history still refreshes it from the new last message
    await store.commitTurn({
      doc: { ...doc, revision: 2, lastMessageAt: clock.now() },
      expectedRevision: 1,
      history: [],
      outbox: [],
    });
    expect(await admin.pttl(store.keys.history('ttl'))).toBeGreaterThan(179 * DAY);
  });

  it('reads a damaged history as empty, never throwing, and replaces it on the next write', async () => {
    await store.commitTurn({ doc: testDoc('dmg', 1), expectedRevision: 0, history: [], outbox: [] });
    await admin.set(store.keys.history('dmg'), 'garbage');
    expect(await store.getHistory('dmg')).toEqual([]);
    const e: HistoryEntry = { t: 'lapse', at: clock.now() };
    await store.commitTurn({ doc: testDoc('dmg', 2), expectedRevision: 1, history: [e], outbox: [] });
    expect(await store.getHistory('dmg')).toEqual([e]);
  });

  it('appends to the value it wrote itself without reading it back', async () => {
    const id = 'own-writes';
    const e1: HistoryEntry = { t: 'lapse', at: clock.now() };
    const e2: HistoryEntry = { t: 'craving', at: clock.now() + 1_000, value: 5, source: 'report' };
    await store.commitTurn({ doc: testDoc(id, 1), expectedRevision: 0, history: [e1], outbox: [] });
    const reads = vi.spyOn((store as unknown as { redis: { getBuffer: () => unknown } }).redis, 'getBuffer');
    try {
      await store.commitTurn({ doc: testDoc(id, 2), expectedRevision: 1, history: [e2], outbox: [] });
      expect(reads).not.toHaveBeenCalled();
    } finally {
      reads.mockRestore();
    }
    expect(await store.getHistory(id)).toEqual([e1, e2]);
  });

  it('keeps what another instance appended meanwhile (its own copy is checked, then re-read)', async () => {
    const other = openStore(prefix, clock, { retentionDays: 180 });
    try {
      const id = 'two-instances';
      const at = clock.now();
      const e = (n: number): HistoryEntry => ({ t: 'craving', at: at + n, value: n, source: 'report' });
      await store.commitTurn({ doc: testDoc(id, 1), expectedRevision: 0, history: [e(1)], outbox: [] });
      await other.commitTurn({ doc: testDoc(id, 2), expectedRevision: 1, history: [e(2)], outbox: [] });
      // `store` still holds the value it wrote; the commit script sees it is stale.
      await store.commitTurn({ doc: testDoc(id, 3), expectedRevision: 2, history: [e(3)], outbox: [] });
      expect(await other.getHistory(id)).toEqual([e(1), e(2), e(3)]);
      expect((await store.loadPatient(id)).status === 'ok').toBe(true);
    } finally {
      await other.close();
    }
  });
});

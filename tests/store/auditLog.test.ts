/**
 * The audit log as counsellors and the clinic read it (issue 23), on both stores: pages newest
 * first, by patient or by the chat that acted; a retention in days instead of a fixed number of
 * entries; every entry from a date on, oldest first; erasure keeps the entries with the code
 * replaced. On Redis it is a stream, and the list kept before it is still read.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import type { RedisStore } from '../../src/store/redisStore.js';
import type { AuditEntry, Store } from '../../src/store/store.js';
import { adminConnection, deleteUnder, openStore, uniquePrefix, valuesOf } from './redisTestKit.js';
import { testDoc } from './storeContract.js';

const DAY = 86_400_000;
const RETENTION_DAYS = 10;
const admin = adminConnection();
const filePrefix = uniquePrefix('auditLog');
const opened: { store: Store; prefix?: string }[] = [];
let n = 0;

// One scan of the shared Redis for the whole file: it may hold millions of other keys.
afterAll(async () => {
  await deleteUnder(admin, filePrefix);
  await admin.quit();
}, 120_000);

afterEach(async () => {
  for (const { store } of opened.splice(0)) await store.close();
});

function memory(clock: ManualClock): Store {
  const store = new MemoryStore(clock, 30, RETENTION_DAYS);
  opened.push({ store });
  return store;
}

function redis(clock: ManualClock): RedisStore {
  const prefix = `${filePrefix}${n++}:`;
  const store = openStore(prefix, clock, { auditRetentionDays: RETENTION_DAYS });
  opened.push({ store, prefix });
  return store;
}

async function all(iterable: AsyncIterable<AuditEntry>): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

describe.each([
  ['memory', memory],
  ['redis', redis],
] as const)('the audit log (%s)', (_name, open) => {
  it('pages one patient’s entries newest first, and says when there are more', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    const t0 = clock.now();
    for (let i = 0; i < 25; i++)
      await store.appendAudit({
        at: t0 + i,
        kind: 'alert',
        patientCode: i % 2 ? 'P-ODD1' : 'P-EVN2',
        detail: `${i}`,
      });
    const first = await store.auditPage({ patientCode: 'P-ODD1' }, { skip: 0, limit: 5 });
    expect(first.entries.map((e) => e.detail)).toEqual(['23', '21', '19', '17', '15']);
    expect(first.more).toBe(true);
    const last = await store.auditPage({ patientCode: 'P-ODD1' }, { skip: 10, limit: 5 });
    expect(last.entries.map((e) => e.detail)).toEqual(['3', '1']);
    expect(last.more).toBe(false);
    expect((await store.auditPage({ patientCode: 'P-NONE' }, { skip: 0, limit: 5 })).entries).toEqual([]);
  });

  it('pages one chat’s own actions', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    const t0 = clock.now();
    await store.appendAudit({
      at: t0,
      kind: 'ack',
      actor: 'counsellor in telegram#aaa',
      patientCode: 'P-AAAA',
    });
    await store.appendAudit({
      at: t0 + 1,
      kind: 'relay',
      actor: 'counsellor in telegram#bbb',
      patientCode: 'P-AAAA',
    });
    await store.appendAudit({
      at: t0 + 2,
      kind: 'clearance',
      actor: 'counsellor in telegram#aaa',
      patientCode: 'P-BBBB',
    });
    const page = await store.auditPage({ actor: 'counsellor in telegram#aaa' }, { skip: 0, limit: 10 });
    expect(page.entries.map((e) => [e.kind, e.patientCode])).toEqual([
      ['clearance', 'P-BBBB'],
      ['ack', 'P-AAAA'],
    ]);
  });

  it('keeps an entry for the retention in days, whatever the number of entries', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    const t0 = clock.now();
    await store.appendAudit({ at: t0, kind: 'enrol', detail: 'old' });
    clock.advance(RETENTION_DAYS * DAY - 1);
    await store.appendAudit({ at: clock.now(), kind: 'enrol', detail: 'new' });
    expect((await store.listAudit()).map((e) => e.detail)).toEqual(['old', 'new']);
    clock.advance(2);
    await store.appendAudit({ at: clock.now(), kind: 'enrol', detail: 'newer' });
    expect((await store.listAudit()).map((e) => e.detail)).toEqual(['new', 'newer']);
    expect((await store.auditPage({}, { skip: 0, limit: 10 })).entries.map((e) => e.detail)).toEqual([
      'newer',
      'new',
    ]);
  });

  it('gives every entry from a date on, oldest first, across many', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    const t0 = clock.now();
    for (let i = 0; i < 450; i++)
      await store.appendAudit({ at: t0 + i * 1000, kind: 'alert', detail: `${i}` });
    const since = await all(store.auditSince(t0 + 100_000));
    expect(since).toHaveLength(350);
    expect(since[0]!.detail).toBe('100');
    expect(since.at(-1)!.detail).toBe('449');
  });

  it('keeps an erased patient’s entries with the code replaced, and a new patient with the same code apart', async () => {
    const clock = new ManualClock();
    const store = open(clock);
    const doc = testDoc('telegram:1234', 1, { code: 'P-SAME' });
    await store.commitTurn({ doc, expectedRevision: 0, history: [], outbox: [] });
    await store.appendAudit({ at: clock.now(), kind: 'alert', patientCode: 'P-SAME' });
    await store.deletePatient(doc.patientId);
    await store.appendAudit({ at: clock.now() + 1, kind: 'alert', patientCode: 'P-SAME' });
    expect((await store.listAudit()).map((e) => e.patientCode)).toEqual(['erased', 'P-SAME']);
    expect((await store.auditPage({ patientCode: 'P-SAME' }, { skip: 0, limit: 10 })).entries).toHaveLength(
      1,
    );
  });
});

describe('the audit log on Redis', () => {
  it('reads the list kept before the stream after it, within the retention', async () => {
    const clock = new ManualClock();
    const store = redis(clock);
    const t0 = clock.now();
    await admin.rpush(
      store.keys.audit,
      JSON.stringify({ at: t0 - (RETENTION_DAYS + 1) * DAY, kind: 'enrol', detail: 'too old' }),
      JSON.stringify({ at: t0 - 2, kind: 'ack', actor: 'counsellor in telegram#aaa', patientCode: 'P-LIST' }),
    );
    await store.appendAudit({
      at: t0,
      kind: 'relay',
      actor: 'counsellor in telegram#aaa',
      patientCode: 'P-LIST',
    });
    const page = await store.auditPage({ patientCode: 'P-LIST' }, { skip: 0, limit: 10 });
    expect(page.entries.map((e) => e.kind)).toEqual(['relay', 'ack']);
    expect((await all(store.auditSince(0))).map((e) => e.kind)).toEqual(['ack', 'relay']);
    // The first append trimmed the old list to the retention.
    expect(await admin.llen(store.keys.audit)).toBe(1);
  });

  it('names a patient in the stream by a token only, so an erasure leaves no code behind', async () => {
    const clock = new ManualClock();
    const store = redis(clock);
    const doc = testDoc('telegram:5678', 1, { code: 'P-GONE' });
    await store.commitTurn({ doc, expectedRevision: 0, history: [], outbox: [] });
    await store.appendAudit({ at: clock.now(), kind: 'export', actor: 'patient', patientCode: 'P-GONE' });
    const stream = await valuesOf(admin, store.keys.auditLog);
    expect(stream.join(' ')).not.toContain('P-GONE');
    await store.deletePatient(doc.patientId);
    // The audit's keys (a scan of the shared Redis would read millions of other keys).
    for (const key of [store.keys.auditLog, store.keys.auditCodes, store.keys.auditTokens, store.keys.audit])
      for (const v of await valuesOf(admin, key)) expect(v, key).not.toContain('P-GONE');
    expect((await store.listAudit()).map((e) => [e.kind, e.patientCode])).toEqual([['export', 'erased']]);
  });

  it('keeps ids in order when another instance’s clock ran ahead', async () => {
    const clock = new ManualClock();
    const store = redis(clock);
    await store.appendAudit({ at: clock.now() + 5_000, kind: 'enrol', detail: 'ahead' });
    await store.appendAudit({ at: clock.now(), kind: 'enrol', detail: 'behind' });
    expect((await store.listAudit()).map((e) => e.detail)).toEqual(['ahead', 'behind']);
  });
});

/**
 * The Store contract, run against the memory store and the Redis store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../flows/history.js';
import type { ManualClock } from '../../src/clock.js';
import {
  type AlertRecord,
  ConflictError,
  type OutboxItem,
  type PatientDoc,
  type Store,
} from '../../src/store/store.js';

/** What a contract run needs. */
export interface StoreHarness {
  clock: ManualClock;
  store: Store;
  /** Another store on the same backing, as a restarted or second process would open it. */
  reopen(): Promise<Store>;
  /** Writes raw text as a patient's document (to simulate corruption). */
  putRaw(patientId: string, raw: string): Promise<void>;
  retentionDays: number;
  cleanup(): Promise<void>;
}

const DAY = 86_400_000;

/** A valid document for tests. */
export function testDoc(patientId: string, revision: number, over: Partial<PatientDoc> = {}): PatientDoc {
  return {
    schemaVersion: 1,
    patientId,
    code: `P-${patientId
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(-4)}`,
    flowVersion: 1,
    snapshot: { value: 'idle', context: { n: revision } },
    revision,
    locale: 'en',
    address: { channel: 'telegram', conversationId: `chat-${patientId}` },
    createdAt: 1,
    lastMessageAt: 1,
    ...over,
  };
}

const checkin = (at: number, day: string): HistoryEntry => ({
  t: 'checkin',
  at,
  day,
  craving: 3,
  peak: 5,
  mood: 6,
  sleep: 'ok',
  exerciseMin: 20,
  exerciseType: 'aerobic',
  use: false,
});

const message = (id: string): OutboxItem => ({
  id,
  kind: 'message',
  address: { channel: 'telegram', conversationId: '42' },
  message: { text: `text ${id}`, kind: 'scale', buttons: [{ label: '0', data: 'a1:0' }] },
});

const alert = (id: string, patientId: string, at: number, acked = false): AlertRecord => ({
  id,
  patientId,
  code: 'P-AAAA',
  level: 'high',
  reason: 'rising',
  toldPatient: ['x.y'],
  at,
  sentTo: [],
  repeats: 0,
  ...(acked ? { acknowledgedBy: { name: 'C', at, via: { channel: 'telegram', conversationId: '-1' } } } : {}),
});

/** Stores one new patient per entry, each with its last message at the given time. */
async function seedLastMessages(store: Store, lastMessage: Record<string, number>): Promise<void> {
  for (const [id, at] of Object.entries(lastMessage))
    await store.commitTurn({
      doc: testDoc(id, 1, { lastMessageAt: at }),
      expectedRevision: 0,
      history: [],
      outbox: [],
    });
}

/** Registers the contract suite for one implementation. */
export function storeContract(name: string, make: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let h: StoreHarness;
    let store: Store;

    beforeEach(async () => {
      h = await make();
      store = h.store;
    });
    afterEach(async () => {
      await h.cleanup();
    });

    it('reports a patient never seen as missing', async () => {
      expect(await store.loadPatient('nobody')).toEqual({ status: 'missing' });
    });

    it('commits a new patient and reads it back, findable by code in any case', async () => {
      const doc = testDoc('alice', 1);
      await store.commitTurn({ doc, expectedRevision: 0, history: [], outbox: [] });
      expect(await store.loadPatient('alice')).toEqual({ status: 'ok', doc });
      expect(await store.listPatientIds()).toEqual(['alice']);
      expect(await store.findPatientByCode(doc.code)).toBe('alice');
      expect(await store.findPatientByCode(doc.code.toLowerCase())).toBe('alice');
      expect(await store.findPatientByCode('P-NONE')).toBeNull();
    });

    it('refuses a commit based on a stale revision', async () => {
      await store.commitTurn({ doc: testDoc('bob', 1), expectedRevision: 0, history: [], outbox: [] });
      await store.commitTurn({ doc: testDoc('bob', 2), expectedRevision: 1, history: [], outbox: [] });
      const stale = store.commitTurn({
        doc: testDoc('bob', 2, { locale: 'zh-CN' }),
        expectedRevision: 1,
        history: [checkin(5, '2026-01-01')],
        outbox: [message('m1')],
      });
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      const r = await store.loadPatient('bob');
      expect(r.status === 'ok' && r.doc.locale).toBe('en');
      expect(await store.getHistory('bob')).toEqual([]);
      expect(await store.pendingOutbox('bob')).toEqual([]);
    });

    it('appends history, filters by time, and drops entries past the retention period', async () => {
      const t0 = h.clock.now();
      const e1 = checkin(t0, '2026-01-05');
      const e2: HistoryEntry = { t: 'craving', at: t0 + 1000, value: 7, source: 'report' };
      const doc = (rev: number) => testDoc('cara', rev, { lastMessageAt: h.clock.now() });
      await store.commitTurn({ doc: doc(1), expectedRevision: 0, history: [e1], outbox: [] });
      await store.commitTurn({ doc: doc(2), expectedRevision: 1, history: [e2], outbox: [] });
      expect(await store.getHistory('cara')).toEqual([e1, e2]);
      expect(await store.getHistory('cara', t0 + 1)).toEqual([e2]);
      h.clock.advance(h.retentionDays * DAY + 500);
      const e3: HistoryEntry = { t: 'lapse', at: h.clock.now() };
      await store.commitTurn({ doc: doc(3), expectedRevision: 2, history: [e3], outbox: [] });
      expect(await store.getHistory('cara')).toEqual([e2, e3]);
    });

    it('keeps outbox items in order until each is completed', async () => {
      await store.commitTurn({
        doc: testDoc('dan', 1),
        expectedRevision: 0,
        history: [],
        outbox: [message('a'), message('b')],
      });
      await store.commitTurn({
        doc: testDoc('dan', 2),
        expectedRevision: 1,
        history: [],
        outbox: [message('c')],
      });
      expect((await store.pendingOutbox('dan')).map((i) => i.id)).toEqual(['a', 'b', 'c']);
      expect(await store.pendingOutbox('dan')).toContainEqual(message('b'));
      expect(await store.patientsWithPendingOutbox()).toEqual(['dan']);
      await store.completeOutbox('dan', 'b');
      expect((await store.pendingOutbox('dan')).map((i) => i.id)).toEqual(['a', 'c']);
      await store.completeOutbox('dan', 'a');
      await store.completeOutbox('dan', 'c');
      await store.completeOutbox('dan', 'c');
      expect(await store.pendingOutbox('dan')).toEqual([]);
      expect(await store.patientsWithPendingOutbox()).toEqual([]);
    });

    it('sends each pending outbox item once after a crash between commit and send', async () => {
      await store.commitTurn({
        doc: testDoc('eve', 1),
        expectedRevision: 0,
        history: [],
        outbox: [message('o1'), message('o2')],
      });
      // crash: nothing was performed. Two processes start and recover at the same time.
      const sent: string[] = [];
      const recover = async (s: Store) => {
        for (const pid of await s.patientsWithPendingOutbox()) {
          for (const item of await s.pendingOutbox(pid)) {
            if (!(await s.claimOnce(`outbox:${item.id}`, 60))) continue;
            sent.push(item.id);
            await s.completeOutbox(pid, item.id);
          }
        }
      };
      const [a, b] = [await h.reopen(), await h.reopen()];
      await Promise.all([recover(a), recover(b)]);
      await recover(store);
      expect(sent.sort()).toEqual(['o1', 'o2']);
      expect(await store.patientsWithPendingOutbox()).toEqual([]);
    });

    it('returns an unreadable document as corrupt with what could be salvaged, and lets a turn overwrite it', async () => {
      await h.putRaw('frank', '{not json');
      expect(await store.loadPatient('frank')).toEqual({ status: 'corrupt', partial: {} });
      const bad = { ...testDoc('frank', 4), schemaVersion: 99, snapshot: { broken: true } };
      await h.putRaw('frank', JSON.stringify(bad));
      const r = await store.loadPatient('frank');
      expect(r.status).toBe('corrupt');
      if (r.status !== 'corrupt') return;
      expect(r.partial.address).toEqual(bad.address);
      expect(r.partial.locale).toBe('en');
      expect(r.partial.code).toBe(bad.code);
      expect(r.partial.lastMessageAt).toBe(bad.lastMessageAt);
      await store.commitTurn({ doc: testDoc('frank', 1), expectedRevision: 0, history: [], outbox: [] });
      expect((await store.loadPatient('frank')).status).toBe('ok');
    });

    it('counts events under a key; a read does not count', async () => {
      expect(await store.count('enrol:x', 600, 0)).toBe(0);
      expect(await store.count('enrol:x', 600)).toBe(1);
      expect(await store.count('enrol:x', 600)).toBe(2);
      expect(await store.count('enrol:x', 600, 0)).toBe(2);
      expect(await store.count('enrol:y', 600, 0)).toBe(0);
    });

    it('claims a key once', async () => {
      expect(await store.claimOnce('update:1', 60)).toBe(true);
      expect(await store.claimOnce('update:1', 60)).toBe(false);
      expect(await store.claimOnce('update:2', 60)).toBe(true);
    });

    it('never interleaves two turns for one patient, and runs them in arrival order', async () => {
      const log: string[] = [];
      const turn = (n: number) =>
        store.withPatientLock('gina', async () => {
          log.push(`start ${n}`);
          await new Promise((r) => setTimeout(r, 2));
          log.push(`end ${n}`);
          return n;
        });
      const failing = store.withPatientLock('gina', async () => {
        log.push('start x');
        throw new Error('turn failed');
      });
      const results = await Promise.allSettled([failing, turn(1), turn(2), turn(3)]);
      expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
      expect(log).toEqual(['start x', 'start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
      // other patients are not held up
      expect(await store.withPatientLock('other', async () => 'ok')).toBe('ok');
    });

    it('deletes every trace of a patient and nothing of others', async () => {
      for (const id of ['hank', 'ivy']) {
        await store.commitTurn({
          doc: testDoc(id, 1),
          expectedRevision: 0,
          history: [checkin(h.clock.now(), '2026-01-05')],
          outbox: [message(`${id}-m`)],
        });
        await store.saveAlert(alert(`${id}-a`, id, 10));
      }
      const code = testDoc('hank', 1).code;
      await store.deletePatient('hank');
      expect(await store.loadPatient('hank')).toEqual({ status: 'missing' });
      expect(await store.getHistory('hank')).toEqual([]);
      expect(await store.pendingOutbox('hank')).toEqual([]);
      expect(await store.findPatientByCode(code)).toBeNull();
      expect(await store.listAlerts({ patientId: 'hank' })).toEqual([]);
      expect(await store.getAlert('hank-a')).toBeNull();
      expect(await store.listPatientIds()).toEqual(['ivy']);
      expect(await store.recentPatients(10)).toEqual({ ids: ['ivy'], total: 1 });
      expect(await store.countPatients()).toBe(1);
      expect(await store.patientsWithPendingOutbox()).toEqual(['ivy']);
      expect((await store.loadPatient('ivy')).status).toBe('ok');
      expect(await store.getHistory('ivy')).toHaveLength(1);
      expect(await store.listAlerts()).toHaveLength(1);
    });

    it('keeps the audit entries of an erased patient with the code replaced by erased', async () => {
      const t = h.clock.now();
      for (const id of ['kim', 'lou']) {
        await store.commitTurn({ doc: testDoc(id, 1), expectedRevision: 0, history: [], outbox: [] });
        await store.appendAudit({
          at: t + 1,
          kind: 'alert',
          patientCode: testDoc(id, 1).code,
          detail: 'urgent',
        });
      }
      await store.appendAudit({
        at: t + 2,
        kind: 'ack',
        actor: 'Dr Li',
        patientCode: testDoc('kim', 1).code,
      });
      await store.deletePatient('kim');
      expect(await store.listAudit()).toEqual([
        { at: t + 1, kind: 'alert', patientCode: 'erased', detail: 'urgent' },
        { at: t + 1, kind: 'alert', patientCode: testDoc('lou', 1).code, detail: 'urgent' },
        { at: t + 2, kind: 'ack', actor: 'Dr Li', patientCode: 'erased' },
      ]);
      // Also when the open alerts stay (a declined consent after a crisis).
      await store.appendAudit({ at: t + 3, kind: 'alert', patientCode: testDoc('lou', 1).code });
      await store.deletePatient('lou', { keepOpenAlerts: true });
      expect((await store.listAudit()).map((e) => e.patientCode)).toEqual([
        'erased',
        'erased',
        'erased',
        'erased',
      ]);
    });

    it('erasing with keepOpenAlerts keeps only the alerts still waiting for a counsellor', async () => {
      await store.commitTurn({ doc: testDoc('jill', 1), expectedRevision: 0, history: [], outbox: [] });
      await store.saveAlert(alert('jill-open', 'jill', 10));
      await store.saveAlert(alert('jill-acked', 'jill', 11, true));
      await store.saveAlert({ ...alert('jill-routine', 'jill', 12), level: 'routine' });
      await store.deletePatient('jill', { keepOpenAlerts: true });
      expect(await store.loadPatient('jill')).toEqual({ status: 'missing' });
      expect((await store.listAlerts({ patientId: 'jill' })).map((a) => a.id)).toEqual(['jill-open']);
      expect(await store.getAlert('jill-acked')).toBeNull();
      // A later erasure takes the rest.
      await store.deletePatient('jill');
      expect(await store.listAlerts({ patientId: 'jill' })).toEqual([]);
    });

    it('lists the most recently active patients first, a page at a time, with the total', async () => {
      await seedLastMessages(store, { amy: 300, ben: 100, cai: 500, dee: 200 });
      expect(await store.recentPatients(2)).toEqual({ ids: ['cai', 'amy'], total: 4 });
      // a new message moves a patient to the top
      await store.commitTurn({
        doc: testDoc('ben', 2, { lastMessageAt: 900 }),
        expectedRevision: 1,
        history: [],
        outbox: [],
      });
      expect((await store.recentPatients(10)).ids).toEqual(['ben', 'cai', 'amy', 'dee']);
      expect(await store.recentPatients(0)).toEqual({ ids: [], total: 4 });
      expect(await store.countPatients()).toBe(4);
      const other = await h.reopen();
      expect((await other.recentPatients(1)).ids).toEqual(['ben']);
    });

    it('lists the patients silent since a time, the longest silent first, from the activity index', async () => {
      await seedLastMessages(store, { amy: 300, ben: 100, cai: 500, dee: 200 });
      expect(await store.inactivePatients(300, 10)).toEqual(['ben', 'dee']);
      expect(await store.inactivePatients(1_000, 3)).toEqual(['ben', 'dee', 'amy']);
      expect(await store.inactivePatients(100, 10)).toEqual([]);
      expect(await store.inactivePatients(1_000, 0)).toEqual([]);
      // a new message takes a patient off the list; an erased one is gone from it
      await store.commitTurn({
        doc: testDoc('ben', 2, { lastMessageAt: 900 }),
        expectedRevision: 1,
        history: [],
        outbox: [],
      });
      await store.deletePatient('dee');
      expect(await store.inactivePatients(600, 10)).toEqual(['amy', 'cai']);
      const other = await h.reopen();
      expect(await other.inactivePatients(1_000, 10)).toEqual(['amy', 'cai', 'ben']);
    });

    it('keeps counsellor destinations, one per address', async () => {
      const address = { channel: 'telegram' as const, conversationId: '-100' };
      await store.addCounsellorDestination({ address, locale: 'en', source: 'config', addedAt: 1 });
      await store.addCounsellorDestination({
        address,
        locale: 'zh-CN',
        source: 'enrolled',
        addedAt: 2,
        movedFrom: '-42',
      });
      const teams = { channel: 'teams' as const, conversationId: '19:abc' };
      await store.addCounsellorDestination({ address: teams, locale: 'en', source: 'enrolled', addedAt: 3 });
      const list = await store.listCounsellorDestinations();
      expect(list).toHaveLength(2);
      expect(list.find((d) => d.address.channel === 'telegram')).toMatchObject({
        locale: 'zh-CN',
        movedFrom: '-42',
      });
      await store.removeCounsellorDestination(address);
      expect((await store.listCounsellorDestinations()).map((d) => d.address)).toEqual([teams]);
    });

    it('saves alerts and lists them by patient and by open state', async () => {
      await store.saveAlert(alert('a1', 'p1', 1));
      await store.saveAlert(alert('a2', 'p2', 2));
      await store.saveAlert(alert('a3', 'p1', 3, true));
      expect(await store.getAlert('a1')).toEqual(alert('a1', 'p1', 1));
      expect(await store.getAlert('nope')).toBeNull();
      expect((await store.listAlerts()).map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
      expect((await store.listAlerts({ patientId: 'p1' })).map((a) => a.id)).toEqual(['a1', 'a3']);
      expect((await store.listAlerts({ open: true })).map((a) => a.id)).toEqual(['a1', 'a2']);
      expect((await store.listAlerts({ open: false })).map((a) => a.id)).toEqual(['a3']);
      await store.saveAlert({ ...alert('a1', 'p1', 1), repeats: 2 });
      expect((await store.getAlert('a1'))?.repeats).toBe(2);
    });

    it('appends audit entries and lists the latest, oldest first', async () => {
      const t0 = h.clock.now();
      for (let i = 0; i < 5; i++)
        await store.appendAudit({ at: t0 + i, kind: 'alert', patientCode: 'P-AAAA' });
      expect((await store.listAudit(3)).map((e) => e.at - t0)).toEqual([2, 3, 4]);
      expect(await store.listAudit()).toHaveLength(5);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}

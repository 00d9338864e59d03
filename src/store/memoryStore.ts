/**
 * The embedded default store: everything in this process's memory. For trials, development and
 * tests; data is gone when the process stops. Same contract as the Redis store.
 */
import type { HistoryEntry } from '../../flows/history.js';
import type { Clock } from '../clock.js';
import { systemClock } from '../clock.js';
import type { Address } from '../model/address.js';
import { MemoryAuditLog } from './memoryAuditLog.js';
import { MemoryCaseloads } from './memoryCaseloads.js';
import type { AuditFilter, AuditPage } from './ports.js';
import { RecentDocs } from './recentDocs.js';
import {
  type AlertRecord,
  type AuditEntry,
  ConflictError,
  type CounsellorDestination,
  isOpenActionable,
  type LoadResult,
  type OutboxItem,
  readableDoc,
  type TurnCommit,
} from './records.js';
import type { Store } from './store.js';

const sameAddress = (a: Address, b: Address) =>
  a.channel === b.channel && a.conversationId === b.conversationId;

/** In-memory {@link Store}. Documents are kept as JSON strings so reads validate like Redis reads do. */
export class MemoryStore implements Store {
  private readonly patients = new Map<string, string>();
  /** Each patient's latest message time (the Redis store's activity index). */
  private readonly activity = new Map<string, number>();
  private readonly history = new Map<string, HistoryEntry[]>();
  private readonly outbox = new Map<string, OutboxItem[]>();
  private readonly codes = new Map<string, string>();
  private readonly claims = new Map<string, number>();
  private readonly counters = new Map<string, { n: number; until: number }>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private destinations: CounsellorDestination[] = [];
  private readonly alerts = new Map<string, AlertRecord>();
  /** The audit log, kept `auditRetentionDays` (issue 23). */
  private readonly audit: MemoryAuditLog;
  /** Which counsellor chat owns which patient (issue 23). */
  private readonly caseloads = new MemoryCaseloads();
  private readonly recent = new RecentDocs();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly retentionDays = 180,
    /** Days the audit keeps an entry (`AUDIT_RETENTION_DAYS`). */
    auditRetentionDays = 365,
  ) {
    this.audit = new MemoryAuditLog(clock, auditRetentionDays);
  }

  /** Test hook: stores raw text as a patient's document (to simulate corruption). */
  putRaw(patientId: string, raw: string): void {
    this.patients.set(patientId, raw);
  }

  async loadPatient(patientId: string): Promise<LoadResult> {
    return this.recent.read(patientId, this.patients.get(patientId));
  }

  async commitTurn({ doc, expectedRevision, history, outbox }: TurnCommit): Promise<void> {
    const current = await this.loadPatient(doc.patientId);
    const rev = current.status === 'ok' ? current.doc.revision : 0;
    if (current.status === 'ok' && rev !== expectedRevision) throw new ConflictError(doc.patientId);
    const raw = JSON.stringify(doc);
    this.patients.set(doc.patientId, raw);
    this.recent.remember(doc.patientId, raw, doc);
    this.activity.set(doc.patientId, doc.lastMessageAt);
    this.codes.set(doc.code, doc.patientId);
    if (history.length) {
      const cutoff = this.clock.now() - this.retentionDays * 86_400_000;
      const list = (this.history.get(doc.patientId) ?? []).filter((e) => e.at >= cutoff);
      list.push(...history);
      this.history.set(doc.patientId, list);
    }
    if (outbox.length) this.outbox.set(doc.patientId, [...(this.outbox.get(doc.patientId) ?? []), ...outbox]);
  }

  async deletePatient(patientId: string, opts: { keepOpenAlerts?: boolean } = {}): Promise<void> {
    const code = this.codeOf(patientId);
    this.patients.delete(patientId);
    this.activity.delete(patientId);
    this.history.delete(patientId);
    this.outbox.delete(patientId);
    for (const [c, id] of this.codes) if (id === patientId) this.codes.delete(c);
    for (const [id, a] of this.alerts)
      if (a.patientId === patientId && !(opts.keepOpenAlerts && isOpenActionable(a))) this.alerts.delete(id);
    // The audit keeps its entries, with the code replaced (as the Redis store does).
    if (code) this.audit.forget(code);
    await this.caseloads.unassignPatient(patientId);
  }

  /** The patient's code: from their document (corrupt or not), else from the code mapping. */
  private codeOf(patientId: string): string | undefined {
    const loaded = this.recent.read(patientId, this.patients.get(patientId));
    const code = readableDoc(loaded)?.code;
    if (code) return code;
    for (const [c, id] of this.codes) if (id === patientId) return c;
    return undefined;
  }

  async listPatientIds(): Promise<string[]> {
    return [...this.patients.keys()];
  }

  async countPatients(): Promise<number> {
    return this.patients.size;
  }

  async recentPatients(limit: number): Promise<{ ids: string[]; total: number }> {
    const latest = [...this.patients.keys()].map((id) => [id, this.activity.get(id) ?? 0] as const);
    latest.sort((a, b) => b[1] - a[1]);
    return { ids: latest.slice(0, Math.max(0, limit)).map(([id]) => id), total: latest.length };
  }

  async inactivePatients(before: number, limit: number): Promise<string[]> {
    return [...this.activity]
      .filter(([id, at]) => at < before && this.patients.has(id))
      .sort((a, b) => a[1] - b[1])
      .slice(0, Math.max(0, limit))
      .map(([id]) => id);
  }

  async findPatientByCode(code: string): Promise<string | null> {
    return this.codes.get(code.toUpperCase()) ?? null;
  }

  async getHistory(patientId: string, sinceMs = 0): Promise<HistoryEntry[]> {
    return (this.history.get(patientId) ?? []).filter((e) => e.at >= sinceMs);
  }

  async pendingOutbox(patientId: string): Promise<OutboxItem[]> {
    return [...(this.outbox.get(patientId) ?? [])];
  }

  async completeOutbox(patientId: string, itemId: string): Promise<void> {
    const list = this.outbox.get(patientId);
    if (!list) return;
    const rest = list.filter((i) => i.id !== itemId);
    if (rest.length) this.outbox.set(patientId, rest);
    else this.outbox.delete(patientId);
  }

  async patientsWithPendingOutbox(): Promise<string[]> {
    return [...this.outbox.keys()];
  }

  async count(key: string, windowSeconds: number, by: 0 | 1 = 1): Promise<number> {
    const now = this.clock.now();
    const held = this.counters.get(key);
    const live = held && held.until > now ? held : undefined;
    if (by === 0) return live?.n ?? 0;
    const next = live ? { ...live, n: live.n + 1 } : { n: 1, until: now + windowSeconds * 1000 };
    this.counters.set(key, next);
    if (this.counters.size > 50_000)
      for (const [k, c] of this.counters) if (c.until <= now) this.counters.delete(k);
    return next.n;
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const now = this.clock.now();
    const until = this.claims.get(key);
    if (until !== undefined && until > now) return false;
    this.claims.set(key, now + ttlSeconds * 1000);
    if (this.claims.size > 50_000) for (const [k, u] of this.claims) if (u <= now) this.claims.delete(k);
    return true;
  }

  async withPatientLock<T>(patientId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(patientId) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(patientId, tail);
    try {
      return await run;
    } finally {
      if (this.locks.get(patientId) === tail) this.locks.delete(patientId);
    }
  }

  async addCounsellorDestination(dest: CounsellorDestination): Promise<void> {
    this.destinations = [...this.destinations.filter((d) => !sameAddress(d.address, dest.address)), dest];
  }

  async removeCounsellorDestination(address: Address): Promise<void> {
    this.destinations = this.destinations.filter((d) => !sameAddress(d.address, address));
  }

  async listCounsellorDestinations(): Promise<CounsellorDestination[]> {
    return [...this.destinations];
  }

  async saveAlert(alert: AlertRecord): Promise<void> {
    this.alerts.set(alert.id, structuredClone(alert));
  }

  async getAlert(id: string): Promise<AlertRecord | null> {
    const a = this.alerts.get(id);
    return a ? structuredClone(a) : null;
  }

  async listAlerts(filter: { patientId?: string; open?: boolean } = {}): Promise<AlertRecord[]> {
    return [...this.alerts.values()]
      .filter((a) => (filter.patientId ? a.patientId === filter.patientId : true))
      .filter((a) => (filter.open === undefined ? true : filter.open === !a.acknowledgedBy))
      .map((a) => structuredClone(a));
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    this.audit.append(entry);
  }

  async listAudit(limit = 100): Promise<AuditEntry[]> {
    return this.audit.list(limit);
  }

  // ---- The care team's side (issue 23): caseloads (see memoryCaseloads.ts) ----

  ownerOf(patientId: string): Promise<string | null> {
    return this.caseloads.ownerOf(patientId);
  }

  assignPatient(patientId: string, chat: string): Promise<string | null> {
    return this.caseloads.assignPatient(patientId, chat);
  }

  unassignPatient(patientId: string): Promise<string | null> {
    return this.caseloads.unassignPatient(patientId);
  }

  caseloadOf(chat: string): Promise<string[]> {
    return this.caseloads.caseloadOf(chat);
  }

  setIntake(chat: string, on: boolean): Promise<void> {
    return this.caseloads.setIntake(chat, on);
  }

  intakeChats(): Promise<string[]> {
    return this.caseloads.intakeChats();
  }

  assignInTurn(patientId: string, chats: string[]): Promise<string | null> {
    return this.caseloads.assignInTurn(patientId, chats);
  }

  // ---- The care team's side (issue 23): reading the audit back ----

  async auditPage(filter: AuditFilter, page: { skip: number; limit: number }): Promise<AuditPage> {
    return this.audit.page(filter, page);
  }

  auditSince(since: number): AsyncIterable<AuditEntry> {
    return this.audit.since(since);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}

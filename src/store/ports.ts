/**
 * The store's ports, one per concern. Each consumer depends on the ports it uses (the counsellor
 * destinations service on {@link DestinationStore}, the metrics on two reads); the composition
 * root wires one {@link Store} that is all of them.
 */
import type { HistoryEntry } from '../../flows/history.js';
import type { Address } from '../model/address.js';
import type {
  AlertRecord,
  AuditEntry,
  CounsellorDestination,
  LoadResult,
  OutboxItem,
  TurnCommit,
} from './records.js';

/** Patients: their documents, the history their turns wrote, and the indexes over them. */
export interface PatientStore {
  loadPatient(patientId: string): Promise<LoadResult>;
  /** Writes the snapshot, history entries and outbox items in one step. */
  commitTurn(commit: TurnCommit): Promise<void>;
  /**
   * Erases every trace of the patient (doc, history, outbox, code mapping, their alerts; dedupe keys
   * stay anonymous). With `keepOpenAlerts`, their unacknowledged urgent and high alerts stay.
   */
  deletePatient(patientId: string, opts?: { keepOpenAlerts?: boolean }): Promise<void>;
  listPatientIds(): Promise<string[]>;
  /** How many patients are stored (enrolled and not erased). */
  countPatients(): Promise<number>;
  /**
   * The `limit` most recently active patients (latest message first) and how many there are in
   * all. Reads an index, never every document: a counsellor's `/patients` stays one short read
   * with 100,000 patients stored.
   */
  recentPatients(limit: number): Promise<{ ids: string[]; total: number }>;
  /**
   * Up to `limit` patients whose latest message is before `before` (epoch ms), the longest silent
   * first, read from the same activity index (the retention sweep). The caller re-checks each
   * under the patient's lock: one may write between this read and then.
   */
  inactivePatients(before: number, limit: number): Promise<string[]>;
  findPatientByCode(code: string): Promise<string | null>;
  getHistory(patientId: string, sinceMs?: number): Promise<HistoryEntry[]>;
}

/** One turn at a time per patient (or per alert, keyed `alert:<id>`), in any process. */
export interface PatientLocks {
  /** Runs `fn` while no other turn for this patient runs, in any process. */
  withPatientLock<T>(patientId: string, fn: () => Promise<T>): Promise<T>;
}

/** The outbox: what committed turns still have to do (see {@link OutboxItem}). */
export interface OutboxStore {
  pendingOutbox(patientId: string): Promise<OutboxItem[]>;
  /**
   * Marks an outbox item done. `endsTurn`: the caller is finished with the patient, so a store
   * holding the patient's lock may release it in the same step (the Redis store does).
   */
  completeOutbox(patientId: string, itemId: string, opts?: { endsTurn?: boolean }): Promise<void>;
  /** Patients with outbox items not yet completed (crash recovery at start-up). */
  patientsWithPendingOutbox(): Promise<string[]>;
}

/** Keys claimed once for a while: de-duplicating platform updates, rate-limiting enrol attempts. */
export interface Claims {
  /** True the first time a key is claimed within `ttlSeconds` (update de-duplication). */
  claimOnce(key: string, ttlSeconds: number): Promise<boolean>;
  /**
   * A counter in a fixed window (rate limits): adds `by` (default 1) and returns the count. The
   * first event starts a window of `windowSeconds`; when it ends the count starts afresh. `by: 0`
   * reads the count without starting a window. Keys are stored hashed, like claims.
   */
  count(key: string, windowSeconds: number, by?: 0 | 1): Promise<number>;
}

/** The chats counsellors receive alerts in. */
export interface DestinationStore {
  addCounsellorDestination(dest: CounsellorDestination): Promise<void>;
  removeCounsellorDestination(address: Address): Promise<void>;
  listCounsellorDestinations(): Promise<CounsellorDestination[]>;
}

/** Alerts with their delivery and acknowledgement state. */
export interface AlertStore {
  saveAlert(alert: AlertRecord): Promise<void>;
  getAlert(id: string): Promise<AlertRecord | null>;
  listAlerts(filter?: { patientId?: string; open?: boolean }): Promise<AlertRecord[]>;
}

/** The append-only audit log. */
export interface AuditStore {
  appendAudit(entry: AuditEntry): Promise<void>;
  listAudit(limit?: number): Promise<AuditEntry[]>;
}

// ---- The care team's side (issue 23): reading the audit back ----

/** Which audit entries a counsellor asks for: one patient's, or one chat's own actions. */
export interface AuditFilter {
  patientCode?: string;
  actor?: string;
}

/** One page of audit entries, newest first; `more` when older ones match too. */
export interface AuditPage {
  entries: AuditEntry[];
  more: boolean;
}

/**
 * Reading the audit back: pages for counsellors (`/audit`), a time range for the clinic's records
 * (`npm run audit:export`). Entries older than the audit's retention are never returned.
 */
export interface AuditReader {
  /** Entries matching `filter`, newest first: `limit` of them after skipping the newest `skip`. */
  auditPage(filter: AuditFilter, page: { skip: number; limit: number }): Promise<AuditPage>;
  /** Every entry from `since` (epoch ms) on, oldest first, read in batches. */
  auditSince(since: number): AsyncIterable<AuditEntry>;
}

/** The connection to the backing service. */
export interface StoreConnection {
  /**
   * False when the store is known to be unreachable right now (Redis: its connection is down and
   * reconnecting): a caller that must not wait for it (the crisis reply) acts first. True when it
   * may answer; absent for stores that are always there.
   */
  available?(): boolean;

  /** Resolves when the backing service answers; rejects otherwise (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

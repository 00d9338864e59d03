/**
 * What the store keeps: patient documents, outbox items, alerts, counsellor destinations and audit
 * entries, and what one turn commits. The ports that keep them are in `ports.ts`.
 *
 * Every document carries a schema version and is validated with zod on read; a document that
 * fails validation is returned as `{ status: 'corrupt' }`, never thrown, so a turn can recover.
 */
import { z } from 'zod';
import type { HistoryEntry } from '../../flows/history.js';
import type { AlertLevel } from '../../flows/intents.js';
import type { Address, SentRef } from '../model/address.js';
import type { Locale } from '../model/locale.js';
import type { OutboundMessage } from '../model/outboundMessage.js';

export const addressSchema = z.object({
  channel: z.enum(['telegram', 'teams', 'console']),
  conversationId: z.string(),
  userId: z.string().optional(),
  reference: z.unknown().optional(),
});

/** A patient's persisted state. `snapshot` is the machine's persisted snapshot (validated by the engine). */
export const patientDocSchema = z.object({
  schemaVersion: z.literal(1),
  patientId: z.string(),
  /** Pseudonymous code shown to counsellors, e.g. `P-7F3K`. */
  code: z.string(),
  flowVersion: z.number().int(),
  snapshot: z.unknown(),
  /** Incremented by every commit; used for optimistic concurrency. */
  revision: z.number().int().nonnegative(),
  locale: z.enum(['en', 'zh-CN']),
  address: addressSchema,
  /** Kept only when the patient agreed to share their name with counsellors. */
  displayName: z.string().max(100).optional(),
  createdAt: z.number(),
  lastMessageAt: z.number(),
  /**
   * The last platform delivery ids this patient's turns consumed. Written in the same commit as the
   * snapshot, so a re-delivered update is recognised exactly when its turn was committed.
   */
  recentDeliveries: z.array(z.string()).max(64).optional(),
});
export type PatientDoc = z.infer<typeof patientDocSchema>;

/** The result of loading a patient. */
export type LoadResult =
  | { status: 'missing' }
  | { status: 'ok'; doc: PatientDoc }
  /** Present but unreadable. `partial` holds whatever could be salvaged (address, locale, code). */
  | { status: 'corrupt'; partial: Partial<PatientDoc> };

/** What can be read of a loaded document: all of it, the part salvaged from a corrupt one, or nothing. */
export function readableDoc(loaded: LoadResult): Partial<PatientDoc> | undefined {
  return loaded.status === 'ok' ? loaded.doc : loaded.status === 'corrupt' ? loaded.partial : undefined;
}

/** One thing a committed turn still has to do. Performed after the commit; idempotent by `id`. */
export type OutboxItem =
  /** `queued`: not a reply (a timer's turn), so it goes through the rate-limited delivery queue. */
  | { id: string; kind: 'message'; address: Address; message: OutboundMessage; queued?: boolean }
  | { id: string; kind: 'alert'; alert: AlertDraft }
  | {
      id: string;
      kind: 'scheduleCheckin';
      time: string;
      timezone: string;
      pausedUntil: number | null;
      reminderAfterMinutes?: number;
    }
  | { id: string; kind: 'scheduleEvent'; key: string; at: number; event: unknown }
  | { id: string; kind: 'cancelEvent'; key: string }
  | { id: string; kind: 'chart'; address: Address; locale: Locale; days: number; weekly?: boolean }
  | { id: string; kind: 'erase'; keepOpenAlerts?: boolean }
  /** The patient's data export, sent to them as files (`/export`), built when performed. */
  | { id: string; kind: 'export'; address: Address; locale: Locale };

/** An alert as a flow raised it, before the escalation service delivers it. */
export interface AlertDraft {
  patientId: string;
  code: string;
  level: AlertLevel;
  reason: string;
  params?: Record<string, string | number>;
  toldPatient: string[];
  at: number;
}

/** A stored alert with its delivery and acknowledgement state. */
export interface AlertRecord extends AlertDraft {
  id: string;
  sentTo: SentRef[];
  acknowledgedBy?: { name: string; at: number; via: Address };
  repeats: number;
  /**
   * Copies a temporary failure (5xx, network, a send past its deadline) left undone, tried again
   * by an `alertCopies` job a little later, a bounded number of times.
   */
  owed?: OwedCopies;
  /** The page of the digest it was listed on, when a digest took several messages. */
  digestPage?: { page: number; pages: number };
}

/** What is still owed to counsellor chats for one alert (see {@link AlertRecord.owed}). */
export interface OwedCopies {
  /** Destinations still owed send `send` of the alert (0: the alert, n: its n-th reminder). */
  sends: { address: Address; send: number }[];
  /** Posted copies whose edit (the acknowledgement) did not go through. */
  edits: SentRef[];
  /** Tries made so far for these. */
  tries: number;
}

/** A place counsellors receive alerts: a Telegram chat or a Teams channel/group chat. */
export interface CounsellorDestination {
  address: Address;
  locale: Locale;
  /** How it was registered: from configuration or by the enrol code. */
  source: 'config' | 'enrolled';
  addedAt: number;
  /**
   * The chat this one replaced (a Telegram group upgraded to a supergroup gets a new id): a
   * configured chat of that id is no longer a destination, even while it is still configured.
   */
  movedFrom?: string;
}

/** An alert still waiting for a counsellor: urgent or high, not acknowledged. */
export function isOpenActionable(alert: Pick<AlertRecord, 'level' | 'acknowledgedBy'>): boolean {
  return alert.level !== 'routine' && !alert.acknowledgedBy;
}

/** An append-only audit entry. */
export interface AuditEntry {
  at: number;
  kind:
    | 'alert'
    | 'ack'
    | 'relay'
    | 'clearance'
    | 'refused'
    | 'enrol'
    | 'unenrol'
    | 'erase'
    | CareTeamAuditKind;
  /**
   * Who acted, by role and chat, never by name or platform id (`counsellor in telegram#<hash>`,
   * `unregistered`, `system`; see `src/escalation/auditRefs.ts`).
   */
  actor?: string;
  /** The patient's pseudonymous code (replaced by `erased` when the patient is erased). */
  patientCode?: string;
  /** Platform-neutral facts: no names, platform ids or anything a patient wrote. */
  detail?: string;
}

// ---- The care team's side (issue 23): audit kinds added by data exports and caseloads ----

/** Audit kinds of the care team's side: a data export (`export`), a caseload change (`assign`, `unassign`). */
export const CARE_TEAM_AUDIT_KINDS = ['export', 'assign', 'unassign'] as const;
/** One of {@link CARE_TEAM_AUDIT_KINDS}. */
export type CareTeamAuditKind = (typeof CARE_TEAM_AUDIT_KINDS)[number];

/** What one turn writes, atomically. */
export interface TurnCommit {
  doc: PatientDoc;
  /** The revision the turn read (0 for a new patient); a mismatch throws {@link ConflictError}. */
  expectedRevision: number;
  history: HistoryEntry[];
  outbox: OutboxItem[];
}

/** Thrown by `commitTurn` when another turn committed first. The engine retries the turn. */
export class ConflictError extends Error {
  constructor(readonly patientId: string) {
    super(`Patient ${patientId} was changed by another turn; retry the turn.`);
    this.name = 'ConflictError';
  }
}

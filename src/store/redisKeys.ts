/**
 * Key names of the Redis store, all under one prefix (`REDIS_PREFIX`, `dongyu:` by default). A
 * patient's keys are named by a hash of the patient id (never the id itself), so key names hold no
 * trace of who they belong to; the id lives only inside the patient's own document and the
 * patient index, both erased by `deletePatient`.
 */
import { createHash } from 'node:crypto';
import { BoundedMap } from '../boundedMap.js';

/** Recently computed tags: a turn names a patient's keys about ten times. */
const recentTags = new BoundedMap<string, string>(4_096);

/** A short, stable, opaque tag for a patient id (16 characters of base64url SHA-256). */
export function storeTag(patientId: string): string {
  const known = recentTags.get(patientId);
  if (known !== undefined) return known;
  const tag = createHash('sha256').update(`dongyu-store:${patientId}`).digest('base64url').slice(0, 16);
  recentTags.set(patientId, tag);
  return tag;
}

/** Builds every key the Redis store uses. */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  /** The patient's document (JSON). */
  doc(patientId: string): string {
    return `${this.prefix}p:${storeTag(patientId)}`;
  }
  /** The patient's history (compact binary, see historyCodec.ts), with a retention TTL. */
  history(patientId: string): string {
    return `${this.prefix}h:${storeTag(patientId)}`;
  }
  /** Pending outbox item ids, in order. */
  outboxIds(patientId: string): string {
    return `${this.prefix}o:${storeTag(patientId)}`;
  }
  /** Pending outbox items by id (JSON). */
  outboxItems(patientId: string): string {
    return `${this.prefix}oi:${storeTag(patientId)}`;
  }
  /** Ids of the patient's alerts. */
  patientAlerts(patientId: string): string {
    return `${this.prefix}ap:${storeTag(patientId)}`;
  }
  /** The patient lock (value: `token:fence`). */
  lock(patientId: string): string {
    return `${this.prefix}l:${storeTag(patientId)}`;
  }
  /** Waiters for the patient lock, scored by arrival ticket. */
  lockQueue(patientId: string): string {
    return `${this.prefix}lq:${storeTag(patientId)}`;
  }
  /** Waiters' heartbeats, scored by the time they count as gone. */
  lockAlive(patientId: string): string {
    return `${this.prefix}la:${storeTag(patientId)}`;
  }
  /** The patient's arrival ticket counter. */
  lockTicket(patientId: string): string {
    return `${this.prefix}lt:${storeTag(patientId)}`;
  }
  /** Pseudonymous code → patient id. */
  code(code: string): string {
    return `${this.prefix}c:${code.toUpperCase()}`;
  }
  /** One alert (JSON). */
  alert(id: string): string {
    return `${this.prefix}al:${id}`;
  }
  /** A claimed de-duplication key (the key is hashed: claims stay anonymous). */
  claim(key: string): string {
    return `${this.prefix}d:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
  }
  /** A rate-limit counter (the key is hashed, like claims). */
  counter(key: string): string {
    return `${this.prefix}n:${createHash('sha256').update(key).digest('base64url').slice(0, 22)}`;
  }
  /** Set of every patient id. */
  get patients(): string {
    return `${this.prefix}patients`;
  }
  /** Every patient id scored by its latest message (ms): `/patients` lists the top of it. */
  get activity(): string {
    return `${this.prefix}patients:activity`;
  }
  /** Set of patient ids with pending outbox items. */
  get pendingOutbox(): string {
    return `${this.prefix}outbox:pending`;
  }
  /** Alert ids scored by time. */
  get alerts(): string {
    return `${this.prefix}alerts`;
  }
  /** Counsellor destinations (hash). */
  get counsellors(): string {
    return `${this.prefix}counsellors`;
  }
  /** The pub/sub channel announcing changes to {@link RedisKeys.counsellors}. */
  get counsellorsChanged(): string {
    return `${this.prefix}counsellors:changed`;
  }
  /**
   * The audit log as it was kept before issue 23 (a list capped at 10,000, oldest first): still
   * read (after the stream) and trimmed to the retention, never written. See {@link RedisKeys.auditLog}.
   */
  get audit(): string {
    return `${this.prefix}audit`;
  }

  // ---- The care team's side (issue 23): the audit as a stream with a retention in days ----

  /**
   * The audit log: a stream whose entry ids are the entries' times (ms), trimmed to
   * `AUDIT_RETENTION_DAYS` on every append. Fields: `e` (the entry's JSON without its patient
   * code) and `p` (the patient's audit token, when it names a patient). See `redisAuditLog.ts`.
   */
  get auditLog(): string {
    return `${this.prefix}audit:log`;
  }
  /** Audit token → patient code (hash). Erasing the patient deletes theirs: entries then read `erased`. */
  get auditCodes(): string {
    return `${this.prefix}audit:codes`;
  }
  /** Patient code → audit token (hash), the way back for `/audit CODE` and erasure. */
  get auditTokens(): string {
    return `${this.prefix}audit:tokens`;
  }

  // ---- The care team's side (issue 23): caseloads (see redisCaseloads.ts) ----

  /** Patient id → the chat that owns them (`telegram:-1001234`; hash). Erasure removes the patient's field. */
  get caseloadOwners(): string {
    return `${this.prefix}caseload:owners`;
  }
  /** What {@link RedisKeys.caseloadOf} keys start with (the scripts append the chat). */
  get caseloadOfPrefix(): string {
    return `${this.prefix}caseload:of:`;
  }
  /** The patients a counsellor chat owns (set; the key names the chat, never a patient). */
  caseloadOf(chat: string): string {
    return `${this.caseloadOfPrefix}${chat}`;
  }
  /** The chats that take new patients in turn (set). */
  get caseloadIntake(): string {
    return `${this.prefix}caseload:intake`;
  }
  /** The intake rotation's turn counter, one for every instance. */
  get caseloadTurn(): string {
    return `${this.prefix}caseload:turn`;
  }
  /** Global fencing counter for patient locks. */
  get fence(): string {
    return `${this.prefix}fence`;
  }
}

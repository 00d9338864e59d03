/**
 * The Redis store (`REDIS_URL`): everything Dongyu keeps, shared by every instance. Same contract
 * as {@link MemoryStore}. Documents are validated with zod on read; a commit is one Lua script
 * (revision check, fencing check, document, history, outbox, indexes); history is kept compactly
 * (historyCodec.ts) and expires {@link RedisStoreOptions.retentionDays} after the last message.
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { HistoryEntry } from '../../flows/history.js';
import { BoundedMap } from '../boundedMap.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import type { Address } from '../model/address.js';
import { RedisDeploymentMarker } from './deploymentMarker.js';
import { DestinationCache } from './destinationCache.js';
import { appendHistory, decodeHistory } from './historyCodec.js';
import { legacyAuditNeedles } from './legacyAudit.js';
import { readPatientDoc } from './patientDoc.js';
import type { AuditFilter, AuditPage } from './ports.js';
import { RecentDocs } from './recentDocs.js';
import { alertRecordSchema, counsellorDestinationSchema, outboxItemSchema } from './recordSchemas.js';
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
import { RedisAuditLog } from './redisAuditLog.js';
import { RedisKeys } from './redisKeys.js';
import { LockLostError, PatientLock, type PatientLockOptions } from './redisLock.js';
import {
  BACKFILL_ACTIVITY,
  COMMIT,
  COMPLETE_OUTBOX,
  COUNT_IN_WINDOW,
  runScript,
  SCRUB_AUDIT,
  SCRUB_LEGACY_AUDIT,
} from './redisScripts.js';
import type { Store } from './store.js';

const DAY_MS = 86_400_000;

/** Options of the {@link RedisStore}. */
export interface RedisStoreOptions {
  /** Key prefix (`REDIS_PREFIX`, default `dongyu:`). */
  prefix?: string;
  /**
   * History kept this many days after the last message (`HISTORY_RETENTION_DAYS`, default 180);
   * the rest of the patient's record goes then too, by the retention sweep (src/ops/retentionSweep.ts).
   */
  retentionDays?: number;
  /** Days the audit keeps an entry (`AUDIT_RETENTION_DAYS`, default 365; issue 23). */
  auditRetentionDays?: number;
  lock?: PatientLockOptions;
  log?: Logger;
}

const addressField = (a: Address) => JSON.stringify([a.channel, a.conversationId]);

/** {@link Store} on Redis. Owns `redis` (closes it in {@link RedisStore.close}). */
export class RedisStore implements Store {
  /** Key names (exposed for tests and tooling). */
  readonly keys: RedisKeys;
  private readonly retentionMs: number;
  /** The audit log: a stream with a retention in days (issue 23). */
  private readonly auditLog: RedisAuditLog;
  private readonly lock: PatientLock;
  private readonly log?: Logger;
  private readonly destinations: DestinationCache<CounsellorDestination[]>;
  private readonly recent = new RecentDocs();
  /**
   * The history value this store last wrote per patient, with its SHA-1: a commit appends to it
   * without reading it back (the commit script still checks the SHA-1, so a value another
   * instance wrote since is noticed, and the commit retried with the stored one).
   */
  private readonly recentHistory = new BoundedMap<string, { blob: Buffer; sha: string }>(1_000);
  /** The activity-index backfill, run once per process by the first `recentPatients`. */
  private activityBackfill: Promise<void> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly clock: Clock,
    options: RedisStoreOptions = {},
  ) {
    this.keys = new RedisKeys(options.prefix ?? 'dongyu:');
    this.retentionMs = (options.retentionDays ?? 180) * DAY_MS;
    this.auditLog = new RedisAuditLog(redis, this.keys, clock, options.auditRetentionDays ?? 365);
    this.log = options.log;
    this.lock = new PatientLock(redis, this.keys, options.log, options.lock);
    this.destinations = new DestinationCache(redis, clock, this.keys.counsellorsChanged, options.log);
  }

  async loadPatient(patientId: string): Promise<LoadResult> {
    // Under the patient's lock the document cannot change: the copy read with the lock will do.
    const held = this.lock.heldBy(patientId);
    const raw = held?.doc ? held.doc.raw : await this.redis.get(this.keys.doc(patientId));
    return this.recent.read(patientId, raw);
  }

  commitTurn(commit: TurnCommit): Promise<void> {
    return this.commit(commit, false);
  }

  private async commit(commit: TurnCommit, retried: boolean): Promise<void> {
    const { doc, expectedRevision, history, outbox } = commit;
    const id = doc.patientId;
    const now = this.clock.now();
    let blob: Buffer | '' = '';
    let oldSha = '';
    if (history.length) {
      // The value this instance wrote last, if any (the script checks it is still the stored one).
      const known = retried ? undefined : this.recentHistory.get(id);
      const old = known ? known.blob : await this.redis.getBuffer(this.keys.history(id));
      oldSha = known ? known.sha : historySha(old);
      blob = this.appended(old, history, now - this.retentionMs);
    }
    const ttlMs = Math.max(3_600_000, doc.lastMessageAt + this.retentionMs - now);
    const lock = this.lock.heldBy(id);
    // The replacer (for chart images) makes stringify several times slower; only images need it.
    const items = outbox.flatMap((o) => [
      o.id,
      JSON.stringify(o, o.kind === 'message' && o.message.image ? bytesReplacer : undefined),
    ]);
    const docJson = JSON.stringify(doc);
    const k = this.keys;
    const r = (await runScript(
      this.redis,
      COMMIT,
      [
        k.doc(id),
        k.history(id),
        k.outboxIds(id),
        k.outboxItems(id),
        k.pendingOutbox,
        k.patients,
        k.code(doc.code),
        lock?.key ?? k.lock(id),
        k.activity,
      ],
      [
        docJson,
        expectedRevision,
        blob,
        oldSha,
        ttlMs,
        lock?.value ?? '',
        id,
        doc.code,
        `${k.prefix}c:`,
        outbox.length,
        doc.lastMessageAt,
        ...items,
      ],
    )) as string[];
    if (r[0] === 'ok') {
      this.recent.remember(id, docJson, doc);
      if (blob) this.recentHistory.set(id, { blob, sha: historySha(blob) });
      if (lock) {
        lock.doc = { raw: docJson };
        // Nothing was pending before: the pending outbox is exactly what this commit added.
        lock.pending = Number(r[1]) === 0 ? [...outbox] : undefined;
      }
      return;
    }
    if (lock) lock.doc = lock.pending = undefined;
    if (r[0] === 'lock') throw new LockLostError(id);
    if (r[0] === 'history') {
      // Another instance wrote the history since this one did: append to what is stored now.
      this.recentHistory.delete(id);
      if (!retried) return this.commit(commit, true);
    }
    if (r[0] === 'conflict' && !retried) {
      // A stored document that fails validation has no trustworthy revision (the memory store
      // overwrites it too); commit against the revision it holds, still atomically.
      const current = await this.loadPatient(id);
      if (current.status === 'corrupt') {
        return this.commit({ ...commit, expectedRevision: Number(r[1]) }, true);
      }
    }
    throw new ConflictError(id);
  }

  async deletePatient(patientId: string, opts: { keepOpenAlerts?: boolean } = {}): Promise<void> {
    const k = this.keys;
    const held = this.lock.heldBy(patientId);
    if (held) held.doc = held.pending = undefined;
    this.recent.forget(patientId);
    this.recentHistory.delete(patientId);
    const loaded = await this.loadPatient(patientId);
    const code = readableDoc(loaded)?.code;
    const address = readableDoc(loaded)?.address;
    const allAlerts = await this.redis.smembers(k.patientAlerts(patientId));
    const kept = new Set<string>();
    if (opts.keepOpenAlerts)
      for (const id of allAlerts) {
        const alert = await this.getAlert(id);
        if (alert && isOpenActionable(alert)) kept.add(id);
      }
    const alertIds = allAlerts.filter((id) => !kept.has(id));
    const tx = this.redis.multi();
    tx.del(k.doc(patientId), k.history(patientId), k.outboxIds(patientId), k.outboxItems(patientId));
    if (kept.size) {
      if (alertIds.length) tx.srem(k.patientAlerts(patientId), ...alertIds);
    } else tx.del(k.patientAlerts(patientId));
    for (const a of alertIds) tx.del(k.alert(a));
    if (alertIds.length) tx.zrem(k.alerts, ...alertIds);
    tx.srem(k.patients, patientId);
    tx.zrem(k.activity, patientId);
    tx.srem(k.pendingOutbox, patientId);
    await tx.exec();
    if (code) {
      const mapped = await this.redis.get(k.code(code));
      if (mapped === patientId) await this.redis.del(k.code(code));
      await runScript(
        this.redis,
        SCRUB_AUDIT,
        [k.audit],
        [`"patientCode":${JSON.stringify(code)}`, '"patientCode":"erased"'],
      );
      await this.auditLog.forget(code);
    }
    // Entries written before the audit held no identities named the person in `actor` and their
    // chat in `detail`; those that name this patient's ids lose both.
    const needles = legacyAuditNeedles(patientId, address);
    if (needles.length) await runScript(this.redis, SCRUB_LEGACY_AUDIT, [k.audit], needles);
  }

  async listPatientIds(): Promise<string[]> {
    const ids: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.sscan(this.keys.patients, cursor, 'COUNT', 1000);
      cursor = next;
      ids.push(...batch);
    } while (cursor !== '0');
    return [...new Set(ids)];
  }

  async countPatients(): Promise<number> {
    return this.redis.scard(this.keys.patients);
  }

  async recentPatients(limit: number): Promise<{ ids: string[]; total: number }> {
    await this.activityIndexed();
    const k = this.keys;
    const [ids, total] = await Promise.all([
      limit > 0 ? this.redis.zrevrange(k.activity, 0, limit - 1) : Promise.resolve([]),
      this.redis.zcard(k.activity),
    ]);
    return { ids, total };
  }

  async inactivePatients(before: number, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    await this.activityIndexed();
    return this.redis.zrangebyscore(this.keys.activity, '-inf', `(${before}`, 'LIMIT', 0, limit);
  }

  /** Once per process: makes sure every patient is in the activity index (see BACKFILL_ACTIVITY). */
  private activityIndexed(): Promise<void> {
    this.activityBackfill ??= this.backfillActivity().catch((err: unknown) => {
      this.activityBackfill = undefined;
      throw err;
    });
    return this.activityBackfill;
  }

  private async backfillActivity(): Promise<void> {
    const k = this.keys;
    const [stored, indexed] = await Promise.all([this.redis.scard(k.patients), this.redis.zcard(k.activity)]);
    if (indexed >= stored) return;
    let added = 0;
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.sscan(k.patients, cursor, 'COUNT', 500);
      cursor = next;
      if (!batch.length) continue;
      const scores = await this.redis.zmscore(k.activity, ...batch);
      const missing = batch.filter((_, i) => scores[i] === null);
      if (!missing.length) continue;
      const raws = await this.redis.mget(...missing.map((id) => k.doc(id)));
      const pairs = missing.flatMap((id, i) => {
        const loaded = readPatientDoc(raws[i]);
        return [loaded.status === 'ok' ? loaded.doc.lastMessageAt : 0, id];
      });
      added += Number(await runScript(this.redis, BACKFILL_ACTIVITY, [k.patients, k.activity], pairs));
    } while (cursor !== '0');
    this.log?.info({ added }, 'patients indexed by activity (first /patients after an upgrade)');
  }

  async findPatientByCode(code: string): Promise<string | null> {
    return this.redis.get(this.keys.code(code));
  }

  async getHistory(patientId: string, sinceMs = 0): Promise<HistoryEntry[]> {
    const blob = await this.redis.getBuffer(this.keys.history(patientId));
    if (!blob) return [];
    const from = Math.max(sinceMs, this.clock.now() - this.retentionMs);
    return this.decode(blob).filter((e) => e.at >= from);
  }

  async pendingOutbox(patientId: string): Promise<OutboxItem[]> {
    const known = this.lock.heldBy(patientId)?.pending;
    if (known) return [...known];
    const ids = await this.redis.lrange(this.keys.outboxIds(patientId), 0, -1);
    if (!ids.length) return [];
    const raws = await this.redis.hmget(this.keys.outboxItems(patientId), ...ids);
    const items: OutboxItem[] = [];
    raws.forEach((raw, i) => {
      const parsed = raw === null ? null : outboxItemSchema.safeParse(safeJson(raw, bytesReviver));
      if (parsed?.success) items.push(parsed.data as unknown as OutboxItem);
      else this.log?.error({ itemId: ids[i] }, 'unreadable outbox item skipped; complete it to drop it');
    });
    return items;
  }

  async completeOutbox(patientId: string, itemId: string, opts: { endsTurn?: boolean } = {}): Promise<void> {
    const k = this.keys;
    const held = this.lock.heldBy(patientId);
    // The turn's last step: complete the item and release the lock in one round trip.
    const release = opts.endsTurn && held ? held : undefined;
    await runScript(
      this.redis,
      COMPLETE_OUTBOX,
      [k.outboxIds(patientId), k.outboxItems(patientId), k.pendingOutbox, ...(release ? [release.key] : [])],
      [itemId, patientId, ...(release ? [release.value] : [])],
    );
    if (held?.pending) held.pending = held.pending.filter((o) => o.id !== itemId);
    if (release) release.released = true;
  }

  async patientsWithPendingOutbox(): Promise<string[]> {
    return this.redis.smembers(this.keys.pendingOutbox);
  }

  async count(key: string, windowSeconds: number, by: 0 | 1 = 1): Promise<number> {
    const ms = Math.max(1, Math.round(windowSeconds * 1000));
    return Number(
      await runScript(this.redis, COUNT_IN_WINDOW, [this.keys.counter(key)], [String(by), String(ms)]),
    );
  }

  async claimOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const ms = Math.max(1, Math.round(ttlSeconds * 1000));
    return (await this.redis.set(this.keys.claim(key), '1', 'PX', ms, 'NX')) === 'OK';
  }

  withPatientLock<T>(patientId: string, fn: () => Promise<T>): Promise<T> {
    return this.lock.run(patientId, fn);
  }

  async addCounsellorDestination(dest: CounsellorDestination): Promise<void> {
    const k = this.keys;
    await this.redis
      .multi()
      .hset(k.counsellors, addressField(dest.address), JSON.stringify(dest))
      .publish(k.counsellorsChanged, 'add')
      .exec();
    this.destinations.invalidate();
  }

  async removeCounsellorDestination(address: Address): Promise<void> {
    const k = this.keys;
    await this.redis
      .multi()
      .hdel(k.counsellors, addressField(address))
      .publish(k.counsellorsChanged, 'remove')
      .exec();
    this.destinations.invalidate();
  }

  /** Read on every update (is this a counsellor chat?): served from a copy kept in step by pub/sub. */
  async listCounsellorDestinations(): Promise<CounsellorDestination[]> {
    return [...(await this.destinations.read(() => this.readCounsellorDestinations()))];
  }

  private async readCounsellorDestinations(): Promise<CounsellorDestination[]> {
    const all = await this.redis.hgetall(this.keys.counsellors);
    return Object.values(all)
      .map((raw) => counsellorDestinationSchema.safeParse(safeJson(raw)))
      .filter((p) => p.success)
      .map((p) => p.data as CounsellorDestination)
      .sort((a, b) => a.addedAt - b.addedAt);
  }

  async saveAlert(alert: AlertRecord): Promise<void> {
    const k = this.keys;
    await this.redis
      .multi()
      .set(k.alert(alert.id), JSON.stringify(alert), 'PX', this.retentionMs)
      .zadd(k.alerts, alert.at, alert.id)
      .sadd(k.patientAlerts(alert.patientId), alert.id)
      .pexpire(k.patientAlerts(alert.patientId), this.retentionMs)
      .exec();
  }

  async getAlert(id: string): Promise<AlertRecord | null> {
    const raw = await this.redis.get(this.keys.alert(id));
    if (raw === null) return null;
    const parsed = alertRecordSchema.safeParse(safeJson(raw));
    return parsed.success ? (parsed.data as AlertRecord) : null;
  }

  async listAlerts(filter: { patientId?: string; open?: boolean } = {}): Promise<AlertRecord[]> {
    const k = this.keys;
    const ids = filter.patientId
      ? await this.redis.smembers(k.patientAlerts(filter.patientId))
      : await this.redis.zrange(k.alerts, '0', '-1');
    if (!ids.length) return [];
    const raws = await this.redis.mget(...ids.map((id) => k.alert(id)));
    const gone = ids.filter((_, i) => raws[i] === null);
    if (gone.length) await this.redis.zrem(k.alerts, ...gone);
    return raws
      .map((raw) => (raw === null ? null : alertRecordSchema.safeParse(safeJson(raw))))
      .flatMap((p) => (p?.success ? [p.data as AlertRecord] : []))
      .filter((a) => (filter.patientId ? a.patientId === filter.patientId : true))
      .filter((a) => (filter.open === undefined ? true : filter.open === !a.acknowledgedBy))
      .sort((a, b) => a.at - b.at);
  }

  async appendAudit(entry: AuditEntry): Promise<void> {
    await this.auditLog.append(entry);
  }

  async listAudit(limit = 100): Promise<AuditEntry[]> {
    return this.auditLog.list(limit);
  }

  // ---- The care team's side (issue 23): reading the audit back (see redisAuditLog.ts) ----

  auditPage(filter: AuditFilter, page: { skip: number; limit: number }): Promise<AuditPage> {
    return this.auditLog.page(filter, page);
  }

  auditSince(since: number): AsyncIterable<AuditEntry> {
    return this.auditLog.since(since);
  }

  available(): boolean {
    return this.redis.status === 'ready';
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  /** The deployment marker and the write probe, on this store's connection (see redisGuard.ts). */
  deploymentMarker(): RedisDeploymentMarker {
    return new RedisDeploymentMarker(this.redis, this.keys.prefix);
  }

  async close(): Promise<void> {
    await this.destinations.close();
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  /** The history value with `entries` appended; an unreadable old value is replaced (logged). */
  private appended(old: Buffer | null, entries: HistoryEntry[], cutoff: number): Buffer {
    try {
      return appendHistory(old, entries, cutoff);
    } catch (err) {
      this.log?.error({ err: String(err) }, 'stored history unreadable; it will be replaced');
      return appendHistory(null, entries, cutoff);
    }
  }

  private decode(blob: Buffer): HistoryEntry[] {
    try {
      const { entries, dropped } = decodeHistory(blob);
      if (dropped) this.log?.warn({ dropped }, 'history entries failed validation and were skipped');
      return entries;
    } catch (err) {
      this.log?.error({ err: String(err) }, 'stored history unreadable; it will be replaced');
      return [];
    }
  }
}

/** SHA-1 (hex) of a stored history value; '' for none, as the commit script expects. */
function historySha(blob: Buffer | null): string {
  return blob ? createHash('sha1').update(blob).digest('hex') : '';
}

/** Keeps binary payloads (a chart PNG in a message) intact through JSON. */
function bytesReplacer(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { $bytes: Buffer.from(value).toString('base64') } : value;
}

function bytesReviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && typeof (value as { $bytes?: unknown }).$bytes === 'string') {
    return new Uint8Array(Buffer.from((value as { $bytes: string }).$bytes, 'base64'));
  }
  return value;
}

function safeJson(raw: string, reviver?: (key: string, value: unknown) => unknown): unknown {
  try {
    return JSON.parse(raw, reviver);
  } catch {
    return undefined;
  }
}

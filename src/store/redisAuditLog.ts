/**
 * The Redis store's audit log (issue 23): a stream whose ids are the entries' times, trimmed to the
 * audit's retention (`AUDIT_RETENTION_DAYS`) as entries are added, instead of a list capped at
 * 10,000 entries. A stream cannot be edited, so an entry names its patient by an audit token, not
 * by the code: erasing the patient deletes the token's code, and their entries then read `erased`.
 * The list kept before (`RedisKeys.audit`) is still read, after the stream, and trimmed to the
 * retention, but never written.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Clock } from '../clock.js';
import { auditMatches, entriesNeeded } from './auditFilter.js';
import { APPEND_AUDIT, TRIM_LEGACY_AUDIT } from './auditScripts.js';
import type { AuditFilter, AuditPage } from './ports.js';
import { auditEntrySchema } from './recordSchemas.js';
import type { AuditEntry } from './records.js';
import type { RedisKeys } from './redisKeys.js';
import { runScript } from './redisScripts.js';

const DAY_MS = 86_400_000;
/** Stream entries read per round trip. */
const BATCH = 200;

type StreamEntry = [id: string, fields: string[]];

/** The audit log on Redis. */
export class RedisAuditLog {
  /** The old list trimmed once per process, on the first append. */
  private legacyTrimmed: Promise<unknown> | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly clock: Clock,
    private readonly retentionDays: number,
  ) {}

  private get cutoff(): number {
    return this.clock.now() - this.retentionDays * DAY_MS;
  }

  async append(entry: AuditEntry): Promise<void> {
    const k = this.keys;
    const { patientCode, ...rest } = entry;
    this.legacyTrimmed ??= runScript(this.redis, TRIM_LEGACY_AUDIT, [k.audit], [this.cutoff]).catch(() => {
      this.legacyTrimmed = undefined;
    });
    await runScript(
      this.redis,
      APPEND_AUDIT,
      [k.auditLog, k.auditCodes, k.auditTokens],
      [entry.at, Math.max(0, this.cutoff), JSON.stringify(rest), patientCode ?? '', randomUUID()],
    );
  }

  /** The last `limit` entries, oldest first. */
  async list(limit: number): Promise<AuditEntry[]> {
    if (limit <= 0) return [];
    const newest: AuditEntry[] = [];
    for await (const e of this.newestFirst()) {
      newest.push(e);
      if (newest.length >= limit) break;
    }
    return newest.reverse();
  }

  async page(filter: AuditFilter, page: { skip: number; limit: number }): Promise<AuditPage> {
    const needed = entriesNeeded(page);
    const found: AuditEntry[] = [];
    for await (const e of this.newestFirst()) {
      if (auditMatches(e, filter)) found.push(e);
      if (found.length >= needed) break;
    }
    const start = Math.max(0, page.skip);
    return { entries: found.slice(start, start + page.limit), more: found.length > start + page.limit };
  }

  /** Every entry from `since` on, oldest first (the old list's first, then the stream's). */
  async *since(since: number): AsyncIterable<AuditEntry> {
    const from = Math.max(since, this.cutoff);
    for (const e of await this.legacy()) if (e.at >= from) yield e;
    let start = String(Math.max(0, Math.floor(from)));
    for (;;) {
      const batch = (await this.redis.xrange(
        this.keys.auditLog,
        start,
        '+',
        'COUNT',
        BATCH,
      )) as StreamEntry[];
      const entries = await this.decode(batch);
      for (const e of entries) yield e;
      if (batch.length < BATCH) return;
      start = `(${batch.at(-1)![0]}`;
    }
  }

  /** The patient with this code was erased: their entries stay, and read `erased` from now on. */
  async forget(code: string): Promise<void> {
    const k = this.keys;
    const token = await this.redis.hget(k.auditTokens, code);
    if (!token) return;
    await this.redis.multi().hdel(k.auditTokens, code).hdel(k.auditCodes, token).exec();
  }

  /** Entries newest first within the retention: the stream's, then the old list's. */
  private async *newestFirst(): AsyncIterable<AuditEntry> {
    const cutoff = this.cutoff;
    let end = '+';
    for (;;) {
      const batch = (await this.redis.xrevrange(
        this.keys.auditLog,
        end,
        '-',
        'COUNT',
        BATCH,
      )) as StreamEntry[];
      for (const e of await this.decode(batch)) {
        if (e.at < cutoff) return;
        yield e;
      }
      if (batch.length < BATCH) break;
      end = `(${batch.at(-1)![0]}`;
    }
    const legacy = await this.legacy();
    for (let i = legacy.length - 1; i >= 0; i--) {
      if (legacy[i]!.at < cutoff) return;
      yield legacy[i]!;
    }
  }

  /** The old list's entries, oldest first. */
  private async legacy(): Promise<AuditEntry[]> {
    const raws = await this.redis.lrange(this.keys.audit, 0, -1);
    return raws.flatMap((raw) => {
      const parsed = auditEntrySchema.safeParse(safeJson(raw));
      return parsed.success ? [parsed.data as AuditEntry] : [];
    });
  }

  /** Stream entries as audit entries, each patient code looked up by its token. */
  private async decode(batch: StreamEntry[]): Promise<AuditEntry[]> {
    const rows = batch.map(([, fields]) => {
      const f: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]!] = fields[i + 1]!;
      return f;
    });
    const tokens = [...new Set(rows.flatMap((r) => (r.p ? [r.p] : [])))];
    const codes = tokens.length ? await this.redis.hmget(this.keys.auditCodes, ...tokens) : [];
    const codeOf = new Map(tokens.map((t, i) => [t, codes[i] ?? 'erased']));
    return rows.flatMap((r) => {
      const parsed = auditEntrySchema.safeParse({
        ...(safeJson(r.e ?? '') as object),
        ...(r.p ? { patientCode: codeOf.get(r.p) } : {}),
      });
      return parsed.success ? [parsed.data as AuditEntry] : [];
    });
  }
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

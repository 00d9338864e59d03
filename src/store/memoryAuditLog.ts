/**
 * The memory store's audit log: entries in arrival order, dropped once older than the audit's
 * retention (`AUDIT_RETENTION_DAYS`), the code of an erased patient replaced by `erased`. The
 * in-memory equivalent of the Redis stream (`redisAuditLog.ts`).
 */
import type { Clock } from '../clock.js';
import { auditMatches, entriesNeeded } from './auditFilter.js';
import type { AuditFilter, AuditPage } from './ports.js';
import type { AuditEntry } from './records.js';

const DAY_MS = 86_400_000;

/** An audit log in this process's memory. */
export class MemoryAuditLog {
  private entries: AuditEntry[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly retentionDays: number,
  ) {}

  private get cutoff(): number {
    return this.clock.now() - this.retentionDays * DAY_MS;
  }

  append(entry: AuditEntry): void {
    const cutoff = this.cutoff;
    if (this.entries.length && this.entries[0]!.at < cutoff)
      this.entries = this.entries.filter((e) => e.at >= cutoff);
    this.entries.push({ ...entry });
  }

  /** The last `limit` entries, oldest first. */
  list(limit: number): AuditEntry[] {
    const cutoff = this.cutoff;
    return this.entries.filter((e) => e.at >= cutoff).slice(-Math.max(0, limit));
  }

  page(filter: AuditFilter, page: { skip: number; limit: number }): AuditPage {
    const cutoff = this.cutoff;
    const found: AuditEntry[] = [];
    const needed = entriesNeeded(page);
    for (let i = this.entries.length - 1; i >= 0 && found.length < needed; i--) {
      const e = this.entries[i]!;
      if (e.at < cutoff) break;
      if (auditMatches(e, filter)) found.push({ ...e });
    }
    const start = Math.max(0, page.skip);
    return { entries: found.slice(start, start + page.limit), more: found.length > start + page.limit };
  }

  async *since(since: number): AsyncIterable<AuditEntry> {
    const from = Math.max(since, this.cutoff);
    for (const e of [...this.entries]) if (e.at >= from) yield { ...e };
  }

  /** The patient with this code was erased: their entries stay, the code replaced by `erased`. */
  forget(code: string): void {
    this.entries = this.entries.map((e) => (e.patientCode === code ? { ...e, patientCode: 'erased' } : e));
  }
}

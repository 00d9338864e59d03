/**
 * Matching and paging audit entries (issue 23, `/audit`), shared by both stores so they page alike.
 */
import type { AuditFilter } from './ports.js';
import type { AuditEntry } from './records.js';

/** True when `entry` is one the filter asks for (an empty filter takes every entry). */
export function auditMatches(entry: AuditEntry, filter: AuditFilter): boolean {
  if (filter.patientCode !== undefined && entry.patientCode !== filter.patientCode) return false;
  if (filter.actor !== undefined && entry.actor !== filter.actor) return false;
  return true;
}

/** How many matching entries a page needs to read: the skipped ones, the page, and one to know of more. */
export function entriesNeeded(page: { skip: number; limit: number }): number {
  return Math.max(0, page.skip) + Math.max(0, page.limit) + 1;
}

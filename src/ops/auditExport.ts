/**
 * `npm run audit:export -- --since DATE` (issue 23): the audit log from a date on, as JSON lines
 * for the clinic's records, oldest first, one entry a line with its time in ISO 8601 (UTC) beside
 * its epoch milliseconds. Entries carry no names or platform ids (see `src/escalation/auditRefs.ts`).
 */
import { DateTime } from 'luxon';
import type { AuditReader } from '../store/ports.js';

/** A `--since` that cannot be read: says what is expected. */
export class SinceError extends Error {
  constructor(value: string | undefined) {
    super(
      value === undefined
        ? 'audit:export needs --since DATE, e.g. npm run audit:export -- --since 2026-01-01 (a date in DEFAULT_TIMEZONE, or an ISO 8601 time).'
        : `--since "${value}" is not a date: give YYYY-MM-DD (midnight in DEFAULT_TIMEZONE) or an ISO 8601 time such as 2026-01-01T08:00:00+08:00.`,
    );
    this.name = 'SinceError';
  }
}

/** Reads `--since` from command-line arguments: epoch ms. Throws {@link SinceError}. */
export function parseSince(args: readonly string[], timezone: string): number {
  const i = args.findIndex((a) => a === '--since' || a.startsWith('--since='));
  const value = i < 0 ? undefined : args[i]!.includes('=') ? args[i]!.split('=')[1] : args[i + 1];
  if (!value) throw new SinceError(value);
  const at = DateTime.fromISO(value, { zone: timezone });
  if (!at.isValid) throw new SinceError(value);
  return at.toMillis();
}

/** Writes every entry from `since` on as JSON lines; resolves with how many. */
export async function writeAuditLines(
  audit: AuditReader,
  since: number,
  write: (line: string) => void | Promise<void>,
): Promise<number> {
  let n = 0;
  for await (const entry of audit.auditSince(since)) {
    await write(`${JSON.stringify({ time: new Date(entry.at).toISOString(), ...entry })}\n`);
    n++;
  }
  return n;
}

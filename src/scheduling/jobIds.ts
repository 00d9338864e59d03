/**
 * Job identities shared by both schedulers. A daily job's id is derived from the patient, the kind
 * and the patient's local date, so scheduling the same day twice (two workers, a retry, a restart)
 * collapses into one job. Ids carry a hash of the patient id, never the id itself, so a queue's
 * bookkeeping (events, logs) holds no trace of who the job is for once the job is gone.
 */
import { createHash } from 'node:crypto';

/** The three jobs of a daily check-in. */
export type CheckinKind = 'due' | 'reminder' | 'dayend';

/** A stable, opaque tag for a patient id (24 hex characters of SHA-256). */
export function patientTag(patientId: string): string {
  return createHash('sha256').update(`dongyu-patient:${patientId}`).digest('hex').slice(0, 24);
}

/** Id of one day's check-in job: `ci-<kind>-<YYYY-MM-DD>-<tag>`. */
export function checkinJobId(patientId: string, kind: CheckinKind, day: string): string {
  return `ci-${kind}-${day}-${patientTag(patientId)}`;
}

/** Id of a one-off job (`scheduleOnce`); the same patient and key always give the same id. */
export function onceJobId(patientId: string, key: string): string {
  const k = createHash('sha256').update(key).digest('hex').slice(0, 16);
  return `once-${patientTag(patientId)}-${k}`;
}

/** Id of the routine-alert digest of a local date. */
export function digestJobId(day: string): string {
  return `digest-${day}`;
}

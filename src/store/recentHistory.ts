/**
 * The history values a store recently wrote, with their SHA-1. A commit that adds history must
 * append to the stored value and prove (by its SHA-1, checked in the commit script) that nobody
 * changed it meanwhile; when this instance wrote the value last, it already holds both, and the
 * commit skips a round trip and a decompression. A value another instance wrote since fails the
 * check, and the commit is retried with the stored value. Bounded, like {@link RecentDocs}.
 */
import { createHash } from 'node:crypto';

/** A history value and its SHA-1 (hex), as the commit script computes it. */
export interface HistoryValue {
  blob: Buffer;
  sha: string;
}

/** SHA-1 (hex) of a stored value; '' for none, as the commit script expects. */
export function historySha(blob: Buffer | null): string {
  return blob ? createHash('sha1').update(blob).digest('hex') : '';
}

/** A bounded map of patient id → the last history value this store wrote. */
export class RecentHistory {
  private readonly values = new Map<string, HistoryValue>();

  constructor(private readonly capacity = 1_000) {}

  get(patientId: string): HistoryValue | undefined {
    return this.values.get(patientId);
  }

  /** Records the value just written for a patient. */
  remember(patientId: string, blob: Buffer): void {
    this.values.delete(patientId); // re-inserted last: the map's order is the eviction order
    this.values.set(patientId, { blob, sha: historySha(blob) });
    if (this.values.size > this.capacity) {
      const oldest = this.values.keys().next().value;
      if (oldest !== undefined) this.values.delete(oldest);
    }
  }

  forget(patientId: string): void {
    this.values.delete(patientId);
  }
}

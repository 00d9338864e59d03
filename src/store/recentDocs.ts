/**
 * The documents a store recently wrote or read, already validated. A patient's turns usually reach
 * the instance that handled the last one, whose store then reads back the very text it wrote:
 * comparing the text is much cheaper than parsing and validating it again. A different text (or
 * none cached) is parsed and validated as always, so this never trusts anything it did not check
 * or write itself. Bounded, so the process does not come to hold every patient.
 */
import { BoundedMap } from '../boundedMap.js';
import { readPatientDoc } from './patientDoc.js';
import type { LoadResult, PatientDoc } from './records.js';

/**
 * A cached document is shared by every reader, so none may change it. Under the test runner it is
 * frozen (deeply), so a reader that writes to it fails loudly in the tests; in production freezing
 * would cost every commit for a mistake the tests already rule out.
 */
const FREEZE = process.env.VITEST !== undefined;

function deepFreeze<T>(value: T): T {
  if (!FREEZE) return value;
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A bounded map of patient id → the last document text and its validated form. */
export class RecentDocs {
  private readonly docs: BoundedMap<string, { raw: string; doc: PatientDoc }>;

  constructor(capacity = 1_000) {
    this.docs = new BoundedMap(capacity);
  }

  /** Reads a stored text: the cached document when the text is the one cached, else parsed. */
  read(patientId: string, raw: string | null | undefined): LoadResult {
    if (raw === null || raw === undefined) {
      this.docs.delete(patientId);
      return readPatientDoc(raw);
    }
    const hit = this.docs.get(patientId);
    if (hit && hit.raw === raw) return { status: 'ok', doc: hit.doc };
    const result = readPatientDoc(raw);
    if (result.status === 'ok') this.remember(patientId, raw, result.doc);
    else this.docs.delete(patientId);
    return result;
  }

  /** Records a document this store wrote, with its exact stored text. The document is frozen. */
  remember(patientId: string, raw: string, doc: PatientDoc): void {
    this.docs.set(patientId, { raw, doc: deepFreeze(doc) });
  }

  /** Forgets a patient (erased, or written by a path that does not know the text). */
  forget(patientId: string): void {
    this.docs.delete(patientId);
  }
}

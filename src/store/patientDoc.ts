/** Reading a stored patient document: validated with zod, never thrown on (see {@link LoadResult}). */
import { type LoadResult, type PatientDoc, patientDocSchema } from './records.js';

/** Parses a stored document; unreadable or invalid ones come back as `corrupt` with what could be salvaged. */
export function readPatientDoc(raw: string | null | undefined): LoadResult {
  if (raw === null || raw === undefined) return { status: 'missing' };
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { status: 'corrupt', partial: {} };
  }
  const parsed = patientDocSchema.safeParse(json);
  if (parsed.success) return { status: 'ok', doc: parsed.data };
  return { status: 'corrupt', partial: salvage(json) };
}

/** Keeps what can still be trusted from a document that failed validation. */
export function salvage(json: unknown): Partial<PatientDoc> {
  if (!json || typeof json !== 'object') return {};
  const o = json as Record<string, unknown>;
  const partial: Partial<PatientDoc> = {};
  const locale = patientDocSchema.shape.locale.safeParse(o.locale);
  if (locale.success) partial.locale = locale.data;
  const address = patientDocSchema.shape.address.safeParse(o.address);
  if (address.success) partial.address = address.data;
  if (typeof o.code === 'string') partial.code = o.code;
  if (typeof o.revision === 'number') partial.revision = o.revision;
  if (typeof o.createdAt === 'number') partial.createdAt = o.createdAt;
  if (typeof o.lastMessageAt === 'number') partial.lastMessageAt = o.lastMessageAt;
  if (o.snapshot !== undefined) partial.snapshot = o.snapshot;
  return partial;
}

/**
 * What counsellor views need from a patient's profile. The flows own the profile (inside the
 * machine snapshot); the lead's `profileOf(doc)` reads it. Until that is wired in, a defensive
 * reader looks for the same fields in the snapshot's context. Never throws.
 */
import type { PatientDoc } from '../store/store.js';

/** The profile fields counsellor views use. Every field may be missing (screening not finished). */
export interface PatientProfileView {
  stage?: string;
  cleared?: boolean;
  lastCraving?: number;
  name?: string;
  /** True when the patient agreed that counsellors may see their name. */
  shareName?: boolean;
  timezone?: string;
  checkinTime?: string;
  /** False while the patient has not yet agreed to the terms (nothing of theirs is kept then). */
  consented?: boolean;
  /** Since when the platform refuses the bot's messages to them (blocked, the chat gone). */
  unreachableSince?: number;
}

/** Reads a patient's profile from their document (the lead's `profileOf` fits this type). */
export type ProfileReader = (doc: PatientDoc) => PatientProfileView;

function record(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);

/**
 * False while a patient's machine still waits for their consent (`onboarding.consent`): they have
 * only been shown the terms. True otherwise, including a snapshot without a state value.
 */
export function consentedIn(snapshot: unknown): boolean {
  const value = record(record(snapshot)?.value);
  return value?.onboarding !== 'consent';
}

/**
 * Reads the profile from `snapshot.context` (or `snapshot.context.profile`), accepting only
 * well-typed fields. The fallback until the flows' own `profileOf` is passed in.
 */
export const profileFromSnapshot: ProfileReader = (doc) => {
  const context = record(record(doc.snapshot)?.context);
  if (!context) return {};
  const p = record(context.profile) ?? context;
  return {
    consented: consentedIn(doc.snapshot),
    stage: str(p.stage),
    cleared: bool(p.cleared),
    lastCraving: num(p.lastCraving),
    name: str(p.name),
    shareName: bool(p.shareName),
    timezone: str(p.timezone),
    checkinTime: str(p.checkinTime),
    unreachableSince: num(context.unreachableSince),
  };
};

/** Reads a profile without ever throwing (a broken profile shows as "not yet assessed"). */
export function safeProfile(read: ProfileReader, doc: PatientDoc): PatientProfileView {
  try {
    return read(doc) ?? {};
  } catch {
    return {};
  }
}

/**
 * How counsellors see a patient: the code, and the name only when the patient agreed to share it
 * (`PatientDoc.displayName` is kept only then; a profile name counts only with `shareName`).
 */
export function displayWho(
  doc: Pick<PatientDoc, 'code' | 'displayName'>,
  profile: PatientProfileView | undefined,
): string {
  const name = (doc.displayName ?? (profile?.shareName === true ? profile.name : undefined))?.trim();
  return name ? `${doc.code} (${name})` : doc.code;
}

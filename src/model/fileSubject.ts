/**
 * The tag that names a patient on the files the bot writes about them (the console's chart PNGs and
 * data exports): opaque, so a file name does not say whose it is, and stable, so `/delete` finds
 * every one of them.
 */
import { createHash } from 'node:crypto';

/** 16 characters of base64url SHA-256 of the patient id (letters, digits, `-`, `_`). */
export function fileSubject(patientId: string): string {
  return createHash('sha256').update(`dongyu-files:${patientId}`).digest('base64url').slice(0, 16);
}

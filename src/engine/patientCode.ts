/**
 * Pseudonymous patient codes (`P-7F3K`): what counsellors see instead of a name. Random, not
 * derived from the platform id: anyone who knows a person's Telegram or Teams id could otherwise
 * work the code out and match it against an alert or a `/patients` list. A code is drawn once, at
 * the patient's first turn, and kept in their record (a patient who erases their data and comes
 * back gets a new one).
 */
import { randomBytes } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I; 32 letters, so a byte maps evenly

/**
 * A fresh random code. `attempt` counts the collisions already met: after 20 the code is longer.
 * `random` is for tests.
 */
export function patientCode(attempt = 0, random: (n: number) => Uint8Array = randomBytes): string {
  const length = attempt < 20 ? 4 : 6;
  const bytes = random(length);
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[bytes[i]! % ALPHABET.length];
  return `P-${code}`;
}

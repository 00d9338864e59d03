/** Pseudonymous patient codes (`P-7F3K`): what counsellors see instead of a name. */
import { createHash } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'; // no 0/O, 1/I

/** A stable code for a patient id; `salt` resolves the rare collision. Longer after many collisions. */
export function patientCode(patientId: string, salt = 0): string {
  const hash = createHash('sha256').update(`${patientId}#${salt}`).digest();
  const length = salt < 20 ? 4 : 6;
  let code = '';
  for (let i = 0; i < length; i++) code += ALPHABET[hash[i]! % ALPHABET.length];
  return `P-${code}`;
}

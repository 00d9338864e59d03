/**
 * A bare wish right after "no, it wasn't a use" ("I just really want it", 就是特别想): said on its
 * own it could mean anything, but just after the patient was asked whether they used, it is the
 * craving it is. Pure.
 */
import type { ListeningContent } from '../content/listening.js';
import { loosen } from './loose.js';

/** How long after the "no" a bare wish is read as a craving. */
export const WISH_AFTER_NO_MINUTES = 15;

/** True when `text` is a bare wish and the patient said "no, not a use" within the last minutes. */
export function wishAfterNo(
  text: string,
  words: ListeningContent['wishAfterNo'],
  deniedAt: number | undefined,
  now: number,
): boolean {
  if (deniedAt === undefined || now - deniedAt > WISH_AFTER_NO_MINUTES * 60_000) return false;
  const t = loosen(text);
  const bare = t.replace(/^(?:不是|没有|no|nope)[\s,，]*/u, '');
  return [...words.en, ...words['zh-CN']].some((w) => w === t || w === bare);
}

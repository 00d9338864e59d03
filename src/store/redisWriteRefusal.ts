/**
 * Redis answering a write with a refusal rather than failing to answer: out of memory under
 * `maxmemory-policy noeviction` (`OOM`, or `EXECABORT` for a transaction one of whose commands got
 * `OOM`), a read-only replica (`READONLY`, after a failover pointed us at the wrong node), or a
 * Redis that cannot persist (`MISCONF`: it refuses writes until its snapshot works again). Every
 * turn fails while this lasts, so readiness, metrics and start-up name it in plain words.
 */

/** Why Redis refuses writes. */
export type WriteRefusal = 'out of memory' | 'read-only replica' | 'cannot persist';

/** The refusal an error stands for, or undefined when it is something else (no answer, a bug). */
export function writeRefusalOf(err: unknown): WriteRefusal | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { message?: unknown; previousErrors?: unknown };
  const messages = [e.message, ...(Array.isArray(e.previousErrors) ? e.previousErrors : [])].map((m) =>
    typeof m === 'string'
      ? m
      : m && typeof m === 'object'
        ? String((m as { message?: unknown }).message)
        : '',
  );
  const text = messages.join('\n');
  if (/\bOOM\b|used memory > 'maxmemory'/.test(text)) return 'out of memory';
  if (/\bREADONLY\b/.test(text)) return 'read-only replica';
  if (/\bMISCONF\b/.test(text)) return 'cannot persist';
  // A transaction aborted without saying why: at start-up this has been memory every time.
  if (/\bEXECABORT\b/.test(text)) return 'out of memory';
  return undefined;
}

/** What an operator does about a refusal. */
export function refusalFix(refusal: WriteRefusal): string {
  switch (refusal) {
    case 'out of memory':
      return "Redis is full (used memory > maxmemory, and Dongyu's data must not be evicted): raise maxmemory or give Redis more memory, then check INFO memory.";
    case 'read-only replica':
      return 'REDIS_URL points at a read-only replica: point it at the primary (or at the failover address that follows it).';
    case 'cannot persist':
      return 'Redis cannot write its snapshot (MISCONF) and refuses writes until it can: check its disk space and permissions (INFO persistence).';
  }
}

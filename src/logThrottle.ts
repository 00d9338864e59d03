/**
 * A log line for an error that repeats (a Redis connection retrying several times a second, a
 * BullMQ worker failing each poll during an outage): the first occurrence at once, then at most
 * one line per period with how many were not logged. An outage then costs a few lines a minute,
 * not thousands that bury everything else.
 */
import type { Logger } from './log.js';

/** Logs one occurrence of the repeated error; the fields describe this occurrence. */
export type ThrottledLog = (fields: Record<string, unknown>) => void;

/**
 * One source of repeated errors, always logged as `msg` at `level`. The first occurrence is
 * logged at once; the later ones within `everyMs` are counted, and when the period ends the
 * latest of them is logged with `suppressed`: how many occurred since the previous line without
 * a line of their own (the one shown included). Without a logger, occurrences are dropped.
 */
export function throttledLog(
  log: Logger | undefined,
  level: 'warn' | 'error',
  msg: string,
  everyMs = 10_000,
): ThrottledLog {
  if (!log) return () => undefined;
  let lastAt = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  let latest: Record<string, unknown> = {};
  let timer: NodeJS.Timeout | undefined;
  const write = (fields: Record<string, unknown>) => {
    log[level](suppressed ? { ...fields, suppressed } : fields, msg);
    suppressed = 0;
    lastAt = Date.now();
  };
  const flush = () => {
    timer = undefined;
    if (suppressed) write(latest);
  };
  return (fields) => {
    const now = Date.now();
    if (now - lastAt >= everyMs && !timer) return write(fields);
    suppressed++;
    latest = fields;
    // Unref'd: a pending count never keeps a stopping process alive.
    timer ??= setTimeout(flush, Math.max(0, lastAt + everyMs - now)).unref();
  };
}

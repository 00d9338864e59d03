/**
 * A logger for the app under benchmark that prints nothing and counts warnings and errors by
 * message, so a run can report "what went wrong how often" without flooding the table.
 */
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../src/log.js';

/** Warnings and errors the app logged, by message. */
export interface LogCounts {
  warn: Record<string, number>;
  error: Record<string, number>;
  /** The first line logged for each message (ids and codes only: the app redacts content). */
  examples: Record<string, string>;
}

/** A `warn`-level logger and the counts of what it logged. */
export function tallyLogger(): { logger: Logger; counts: LogCounts } {
  const counts: LogCounts = { warn: {}, error: {}, examples: {} };
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const { level, msg } = JSON.parse(line) as { level: number; msg?: string };
          const bucket = level >= 50 ? counts.error : counts.warn;
          const key = msg ?? '(no message)';
          bucket[key] = (bucket[key] ?? 0) + 1;
          counts.examples[key] ??= line.slice(0, 500);
        } catch {
          counts.error['(unreadable log line)'] = (counts.error['(unreadable log line)'] ?? 0) + 1;
        }
      }
      done();
    },
  });
  return { logger: createLogger('warn', sink), counts };
}

/**
 * Libraries that write to the console (BullMQ's "IMPORTANT! Eviction policy is allkeys-lru. It
 * should be "noeviction"", botbuilder's signature errors with a whole PEM key) put lines outside the
 * JSON log: stdout must be JSON lines only, and stderr only the reason a start-up stopped. While
 * captured, `console.log`/`info`/`warn`/`error`/`debug` become one JSON log line each (`source:
 * "console"`): the first line of what was written, at most 300 characters, and an error's class and
 * first line of message, never its stack. `npm start` captures the console for the whole process.
 */
import { format } from 'node:util';
import type { Logger } from '../log.js';

type Method = 'log' | 'info' | 'warn' | 'error' | 'debug';
const LEVEL: Record<Method, 'info' | 'warn' | 'error' | 'debug'> = {
  log: 'info',
  info: 'info',
  warn: 'warn',
  error: 'error',
  debug: 'debug',
};
const METHODS = Object.keys(LEVEL) as Method[];

/** Loggers capturing the console, latest last (the latest one writes). */
const active: Logger[] = [];
let originals: Partial<Record<Method, (...args: unknown[]) => void>> | undefined;

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

function forward(method: Method, args: unknown[]): void {
  const log = active.at(-1);
  if (!log) return;
  const err = args.find((a): a is Error => a instanceof Error);
  const text = firstLine(format(...args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : a))));
  log[LEVEL[method]](
    { source: 'console', ...(err ? { err: { name: err.name, message: firstLine(err.message) } } : {}) },
    text,
  );
}

/** Sends console output to `log` until the returned function is called. */
export function captureConsole(log: Logger): () => void {
  if (!originals) {
    originals = {};
    for (const m of METHODS) {
      originals[m] = console[m];
      console[m] = (...args: unknown[]) => forward(m, args);
    }
  }
  active.push(log);
  return () => {
    const i = active.lastIndexOf(log);
    if (i >= 0) active.splice(i, 1);
    if (active.length || !originals) return;
    for (const m of METHODS) console[m] = originals[m] as (typeof console)[Method];
    originals = undefined;
  };
}

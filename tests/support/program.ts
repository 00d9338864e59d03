/**
 * The real program (`node --import tsx src/main.ts`, or `npm start`) as an operator runs it: a
 * child process with only the environment given, its stdout and stderr kept apart (stdout must be
 * JSON lines, stderr carries start-up errors) and together, killed with its whole process group by
 * {@link Program.kill}. For tests that signal it, or watch how it starts and fails.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { expect } from 'vitest';
import { until } from './until.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** A running (or exited) program. */
export interface Program {
  child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout: string;
  /** Everything written to stderr so far. */
  stderr: string;
  /** stdout and stderr together, in the order they came. */
  out: string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves once stdout holds a line containing `text`; rejects if the program exits first. */
  logged(text: string, timeoutMs?: number): Promise<void>;
  /** SIGKILLs the program's process group (what a launcher like npm left behind too); safe to repeat. */
  kill(): void;
}

/** The program itself, without a launcher (`npm start` is the other way to run it). */
export const PROGRAM: [string, string[]] = [process.execPath, ['--import', 'tsx', 'src/main.ts']];

/**
 * Starts `command args` in the repository root with `env` (plus PATH and HOME; no `.env` is read:
 * the tests run where none exists).
 */
export function spawnProgram(command: string, args: string[], env: Record<string, string>): Program {
  const child = spawn(command, args, {
    cwd: ROOT,
    // Its own process group, so that kill() reaches anything it (or its launcher) started.
    detached: true,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_update_notifier: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const program: Program = {
    child,
    stdout: '',
    stderr: '',
    out: '',
    exited,
    async logged(text, timeoutMs = 20_000) {
      await until(
        () => {
          if (program.stdout.includes(text)) return true;
          if (child.exitCode !== null)
            throw new Error(
              `the program exited (${child.exitCode}) before logging "${text}": ${program.stderr}`,
            );
          return false;
        },
        `"${text}" in the program's log`,
        timeoutMs,
      );
    },
    kill() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The whole group has exited.
      }
    },
  };
  child.stdout!.on('data', (d) => {
    program.stdout += d;
    program.out += d;
  });
  child.stderr!.on('data', (d) => {
    program.stderr += d;
    program.out += d;
  });
  return program;
}

/** Starts `src/main.ts` as an operator would, on a free port, logging at `info`, with `env`. */
export function startProgram(env: Record<string, string>): Program {
  return spawnProgram(...PROGRAM, { PORT: '0', LOG_LEVEL: 'info', ...env });
}

/** The program's stdout as JSON log lines (throws on a line that is not one JSON object). */
export function logLines(program: Program): Record<string, unknown>[] {
  return program.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const parsed: unknown = JSON.parse(l);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error(`not a JSON object: ${l}`);
      return parsed as Record<string, unknown>;
    });
}

/** A TCP port nothing listens on (bound and released at once). */
export function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The one line a refused start leaves on stderr (no stack trace), asserted so and returned. */
export function onlyStderrLine(p: Program): string {
  const lines = p.stderr.split('\n').filter((l) => l.trim() !== '');
  expect(lines).toHaveLength(1);
  expect(p.stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

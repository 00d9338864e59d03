/**
 * The real program (`node --import tsx src/main.ts`) as an operator runs it: a child process with
 * only the environment given, its stdout and stderr kept apart (stdout must be JSON lines, stderr
 * carries start-up errors), killed with its whole process group by {@link Program.kill}.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** A running (or exited) program. */
export interface Program {
  child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout: string;
  /** Everything written to stderr so far. */
  stderr: string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Resolves once stdout holds a line containing `text`; rejects if the program exits first. */
  logged(text: string, timeoutMs?: number): Promise<void>;
  /** SIGKILLs the program's process group (no-op once it has exited). */
  kill(): void;
}

/** Starts `src/main.ts` with `env` (plus PATH and HOME) in the repository root. */
export function startProgram(env: Record<string, string>): Program {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    // Its own process group, so that kill() reaches anything it started.
    detached: true,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const program: Program = {
    child,
    stdout: '',
    stderr: '',
    exited,
    async logged(text, timeoutMs = 20_000) {
      const started = Date.now();
      while (!program.stdout.includes(text)) {
        if (child.exitCode !== null)
          throw new Error(
            `the program exited (${child.exitCode}) before logging "${text}": ${program.stderr}`,
          );
        if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for "${text}"`);
        await new Promise((r) => setTimeout(r, 20));
      }
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
  });
  child.stderr!.on('data', (d) => {
    program.stderr += d;
  });
  return program;
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

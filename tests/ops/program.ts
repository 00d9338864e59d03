/**
 * The real program in a child process (`node --import tsx src/main.ts`, or `npm start`), for tests
 * that signal it, or watch how it starts and fails. Only `PATH`, `HOME` and what the test passes
 * reach its environment.
 */
import { type ChildProcess, spawn } from 'node:child_process';

/** A running (or exited) program and what it wrote. */
export interface Program {
  child: ChildProcess;
  /** stdout and stderr as they came. */
  out: string;
  /** stderr alone. */
  stderr: string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Kills its whole process group (what a launcher like npm left behind too); safe to repeat. */
  kill(): void;
}

/** The program itself, without a launcher. */
export const PROGRAM: [string, string[]] = [process.execPath, ['--import', 'tsx', 'src/main.ts']];

/** Starts `command args` with `env` (no `.env` is read: the tests run where none exists). */
export function spawnProgram(command: string, args: string[], env: Record<string, string>): Program {
  const child = spawn(command, args, {
    // Its own process group, so the cleanup can reach a program the launcher left behind.
    detached: true,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, npm_config_update_notifier: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const program: Program = {
    child,
    out: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', resolve)),
    kill() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The whole group has exited.
      }
    },
  };
  child.stdout!.on('data', (d) => {
    program.out += d;
  });
  child.stderr!.on('data', (d) => {
    program.out += d;
    program.stderr += d;
  });
  return program;
}

/**
 * `npm run audit:export -- --since DATE` (issue 23): the audit from a date on, as JSON lines for
 * the clinic's records, oldest first; the date read in DEFAULT_TIMEZONE; a missing or bad date,
 * or no REDIS_URL, says what to do and exits 2. The script is run as an operator runs it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { parseSince, SinceError, writeAuditLines } from '../../src/ops/auditExport.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import { adminConnection, deleteUnder, openStore, REDIS_URL, uniquePrefix } from '../store/redisTestKit.js';

const ROOT = join(import.meta.dirname, '..', '..');
const admin = adminConnection();
const prefix = uniquePrefix('auditExport');

// One scan of the shared Redis for the whole file: it may hold millions of other keys.
afterAll(async () => {
  await deleteUnder(admin, prefix);
  await admin.quit();
}, 120_000);

/** Runs the script with `args` and only `env` (plus PATH and HOME). */
function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/auditExport.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('--since', () => {
  it.each([
    [['--since', '2026-03-02'], Date.UTC(2026, 2, 1, 16, 0, 0)],
    [['--since=2026-03-02'], Date.UTC(2026, 2, 1, 16, 0, 0)],
    [['--since', '2026-03-02T08:00:00Z'], Date.UTC(2026, 2, 2, 8, 0, 0)],
  ])('%j is midnight in DEFAULT_TIMEZONE, or the time given', (args, at) => {
    expect(parseSince(args, 'Asia/Shanghai')).toBe(at);
  });

  it.each([[[]], [['--since']], [['--since', 'yesterday']]])('%j says what is expected', (args) => {
    expect(() => parseSince(args, 'Asia/Shanghai')).toThrowError(SinceError);
    expect(() => parseSince(args, 'Asia/Shanghai')).toThrowError(/YYYY-MM-DD|--since DATE/);
  });
});

describe('the JSON lines', () => {
  it('are every entry from the date on, oldest first, each with its ISO time', async () => {
    const store = new MemoryStore(systemClock);
    const now = Date.now();
    await store.appendAudit({ at: now - 3_600_000, kind: 'enrol', detail: 'before' });
    await store.appendAudit({
      at: now,
      kind: 'ack',
      actor: 'counsellor in telegram#abc',
      patientCode: 'P-AAAA',
    });
    await store.appendAudit({ at: now + 1, kind: 'export', actor: 'patient', patientCode: 'P-AAAA' });
    const lines: string[] = [];
    expect(await writeAuditLines(store, now, (l) => void lines.push(l))).toBe(2);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        time: new Date(now).toISOString(),
        at: now,
        kind: 'ack',
        actor: 'counsellor in telegram#abc',
        patientCode: 'P-AAAA',
      },
      {
        time: new Date(now + 1).toISOString(),
        at: now + 1,
        kind: 'export',
        actor: 'patient',
        patientCode: 'P-AAAA',
      },
    ]);
    expect(lines.every((l) => l.endsWith('\n') && !l.slice(0, -1).includes('\n'))).toBe(true);
  });
});

describe('npm run audit:export', () => {
  it('writes the Redis audit from the date on to stdout', async () => {
    const store = openStore(prefix, systemClock);
    const now = Date.now();
    await store.appendAudit({ at: now - 3 * 86_400_000, kind: 'enrol', detail: 'earlier' });
    await store.appendAudit({
      at: now,
      kind: 'relay',
      actor: 'counsellor in telegram#abc',
      patientCode: 'P-BBBB',
      detail: '12 chars to telegram',
    });
    await store.close();
    const since = new Date(now - 86_400_000).toISOString();
    const { code, out, err } = await run(['--since', since], {
      REDIS_URL,
      REDIS_PREFIX: prefix,
      LOG_LEVEL: 'silent',
    });
    expect(code, err).toBe(0);
    const lines = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([expect.objectContaining({ kind: 'relay', patientCode: 'P-BBBB', at: now })]);
    expect(err).toContain('1 audit entries written');
  }, 30_000);

  it('exits 2 with a hint without --since, or without REDIS_URL', async () => {
    const noDate = await run([], { REDIS_URL, REDIS_PREFIX: prefix });
    expect(noDate.code).toBe(2);
    expect(noDate.err).toContain('--since DATE');
    const noRedis = await run(['--since', '2026-01-01'], {});
    expect(noRedis.code).toBe(2);
    expect(noRedis.err).toContain('needs REDIS_URL');
  }, 30_000);
});

/**
 * `npm run report:cohort` (docs/program.md#dose-and-outcome) as an operator runs it: the CSV from
 * the store of REDIS_URL, one de-identified row per patient and program week, to a file with --out;
 * without REDIS_URL, one line that says what to set.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { COHORT_COLUMNS } from '../../src/ops/cohortCsv.js';
import { buttons, doWorkout } from '../flows/program/programDriver.js';
import { adminConnection, deleteUnder, openStore, REDIS_URL, uniquePrefix } from '../store/redisTestKit.js';
import { Harness, onboard } from '../support/patientHarness.js';
import { onlyStderrLine, spawnProgram } from '../support/program.js';

const admin = adminConnection();
const prefix = uniquePrefix('cohortReport');
// Scanning for the prefix's keys takes a while when the shared Redis holds millions of others.
afterAll(async () => {
  await deleteUnder(admin, prefix);
  await admin.quit();
}, 120_000);

const run = (env: Record<string, string>, ...args: string[]) =>
  spawnProgram(process.execPath, ['--import', 'tsx', 'src/ops/cohortReport.ts', ...args], env);

describe('npm run report:cohort', () => {
  it('writes one row per patient and program week, the code the only identifier', async () => {
    let h: Harness | undefined;
    const clock: Clock = { now: () => h!.clock.now() };
    h = await Harness.create({}, openStore(prefix, clock));
    // The program begins today: the script reads the store with the wall clock.
    h.clock.set(Date.now());
    const p = h.patient('telegram:424242', 'en');
    await onboard(p);
    await p.command('workout');
    await p.press(buttons(p)[0]!);
    await doWorkout(p);
    const code = ((await h.store.loadPatient(p.id)) as { doc: { code: string } }).doc.code;
    await h.close();

    const out = join(mkdtempSync(join(tmpdir(), 'cohort-')), 'cohort.csv');
    const program = run({ REDIS_URL, REDIS_PREFIX: prefix }, '--out', out);
    expect(await program.exited).toBe(0);
    expect(program.stderr).toMatch(/report:cohort: 1 patient, written to .*cohort\.csv\./);
    const [header, ...rows] = readFileSync(out, 'utf8').trim().split('\n');
    expect(header).toBe(COHORT_COLUMNS.join(','));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.startsWith(`${code},`))).toBe(true);
    // The week of the workout: early abstinence, 1 done, 30 minutes of aerobic exercise.
    expect(rows[0]).toMatch(new RegExp(`^${code},1,early,3,1,90,30,30,0,0,30,2,`));
    expect(readFileSync(out, 'utf8')).not.toMatch(/424242|telegram/);
  });

  it('without REDIS_URL says what to set, in one line, and exits 1', async () => {
    const program = run({});
    expect(await program.exited).toBe(1);
    expect(onlyStderrLine(program)).toMatch(/Set REDIS_URL/);
  });
});

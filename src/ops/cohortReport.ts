/**
 * `npm run report:cohort [-- --out FILE]`: the de-identified cohort CSV, one row per patient and
 * program week (docs/program.md#dose-and-outcome), from the store of `REDIS_URL`, written to stdout
 * or to FILE. The in-memory store of a console run holds nothing between runs, so `REDIS_URL` is
 * required. Exit codes: 0 written, 1 a configuration or store problem (one line on stderr says which).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { systemClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { loadContent } from '../content.js';
import { createProgramReader } from '../engine/programView.js';
import { createLogger } from '../log.js';
import { createRedisStore } from '../store/redisConnection.js';
import { checkRedisAtStart } from '../store/redisStartCheck.js';
import { cohortCsv } from './cohortCsv.js';

async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  if (!config.REDIS_URL) {
    process.stderr.write(
      'report:cohort reads the store of REDIS_URL (the in-memory store of a console run holds nothing between runs). Set REDIS_URL, e.g. REDIS_URL=redis://127.0.0.1:6379 npm run report:cohort.\n',
    );
    return 1;
  }
  await checkRedisAtStart(config.REDIS_URL);
  const log = createLogger('warn', process.stderr);
  const store = createRedisStore(config, systemClock, log);
  try {
    const content = loadContent();
    const { csv, patients, skipped } = await cohortCsv(
      store,
      createProgramReader(content, () => systemClock.now()),
      systemClock.now(),
    );
    const out = outArg();
    if (out) writeFileSync(out, csv);
    else process.stdout.write(csv);
    process.stderr.write(
      `report:cohort: ${patients} ${patients === 1 ? 'patient' : 'patients'}${skipped ? `, ${skipped} unreadable left out` : ''}${out ? `, written to ${out}` : ''}.\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

/** The file given with `--out FILE` or `--out=FILE`. */
function outArg(): string | undefined {
  const i = process.argv.indexOf('--out');
  if (i >= 0) return process.argv[i + 1];
  return process.argv.find((a) => a.startsWith('--out='))?.slice('--out='.length);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`report:cohort failed: ${(err as Error)?.message ?? String(err)}\n`);
    process.exit(1);
  },
);

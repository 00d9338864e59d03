/**
 * `npm run audit:export -- --since DATE`: writes the audit log from DATE on to stdout as JSON lines
 * (see `src/ops/auditExport.ts`). Reads the same environment as `npm start` (and a local `.env`);
 * needs `REDIS_URL`, where the audit is kept: without it the audit lives in the running process
 * only. Exit code 2 for a bad `--since` or no `REDIS_URL`.
 */
import { existsSync } from 'node:fs';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { parseSince, SinceError, writeAuditLines } from '../src/ops/auditExport.js';
import { createRedisStore } from '../src/store/redisConnection.js';

async function main(): Promise<number> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  let since: number;
  try {
    since = parseSince(process.argv.slice(2), config.DEFAULT_TIMEZONE);
  } catch (err) {
    if (!(err instanceof SinceError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 2;
  }
  if (!config.REDIS_URL) {
    process.stderr.write(
      'audit:export needs REDIS_URL: without it the audit is kept in the running process only, and nothing is left to export.\n',
    );
    return 2;
  }
  const store = createRedisStore(config, systemClock);
  try {
    const n = await writeAuditLines(store, since, (line) => {
      if (!process.stdout.write(line)) return new Promise<void>((r) => process.stdout.once('drain', r));
    });
    process.stderr.write(`${n} audit entries written\n`);
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit:export failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

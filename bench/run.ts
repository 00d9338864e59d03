/**
 * `npm run bench`: runs the six benchmarks (turn cost, check-in fan-out, storage, memory,
 * urgent-alert latency, Bot API transport), prints a table and writes `bench/results.json`; a full run also keeps the
 * run it replaces in `bench/history.json` and rewrites the figures in `docs/benchmarks.md`. A
 * benchmark, not a test: it needs Redis on 127.0.0.1:6379 (`BENCH_REDIS_URL` to change it), uses a
 * unique key prefix per benchmark and
 * deletes every key it created, also when interrupted.
 *
 * ```sh
 * npm run bench                      # the full run (about 10 minutes on 2 cores)
 * npm run bench -- --quick           # a smoke run in about a minute (writes no results file)
 * npm run bench -- --only fanout --patients 20000 --scale 10
 * ```
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_LIMITS } from '../src/delivery/deliveryQueue.js';
import { runFanout } from './fanout.js';
import { keepInHistory } from './history.js';
import { runMemory } from './memory.js';
import { onboardedTemplates } from './population.js';
import { adminConnection, cleanUpAll, redisVersion } from './redisKit.js';
import { RESULTS_FILE, writeBenchmarkDocs } from './renderDocs.js';
import { type BenchResults, machineInfo, renderReport } from './report.js';
import { runStorage } from './storage.js';
import { runTransport, TRANSPORT_DEFAULTS } from './transport.js';
import { runTurnCost, TURN_COST_DEFAULTS } from './turnCost.js';
import { runUrgentAlerts, URGENT_ALERT_DEFAULTS } from './urgentAlerts.js';

const BENCHMARKS = ['turns', 'fanout', 'storage', 'memory', 'urgent', 'transport'] as const;
type Benchmark = (typeof BENCHMARKS)[number];

const HELP = `Usage: npm run bench -- [options]

  --quick                 short smoke run (small numbers; writes no results file unless --out)
  --only LIST             comma-separated subset of: ${BENCHMARKS.join(', ')}
  --patients N            fan-out: patients due at once (default 100000; quick 2000)
  --scale K               fan-out: time-scale factor (default 8; quick 10)
  --queue KIND            fan-out: bullmq (default) or inprocess delivery queue
  --queue-rate R          fan-out: the queue's messages/s before scaling (default ${DEFAULT_LIMITS.perSecond}, the production default)
  --memory-patients N     memory: patients stored for the figure (default 100000; quick 2000)
  --days D                storage: simulated days (default 90)
  --out FILE              write the results here (default bench/results.json on a full run of all five)
  --help                  this text
`;

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} expects a positive number, got '${value}'.`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      patients: { type: 'string' },
      scale: { type: 'string' },
      queue: { type: 'string' },
      'queue-rate': { type: 'string' },
      'memory-patients': { type: 'string' },
      days: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const quick = values.quick ?? false;
  const only = (values.only?.split(',').map((s) => s.trim()) ?? [...BENCHMARKS]) as Benchmark[];
  for (const b of only)
    if (!BENCHMARKS.includes(b))
      throw new Error(`--only: unknown benchmark '${b}'; use ${BENCHMARKS.join(', ')}.`);
  const queue = values.queue ?? 'bullmq';
  if (queue !== 'bullmq' && queue !== 'inprocess')
    throw new Error(`--queue expects bullmq or inprocess, got '${queue}'.`);

  const redis = adminConnection();
  let version: string;
  try {
    version = await redisVersion(redis);
  } catch (err) {
    throw new Error(
      `Redis is not reachable (${(err as Error).message}). Start it on 127.0.0.1:6379 or set BENCH_REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }

  const started = performance.now();
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const results: BenchResults = {
    machine: machineInfo(version),
    argv: process.argv.slice(2),
    quick,
    durationSeconds: 0,
  };
  log(`Dongyu benchmark${quick ? ' (quick)' : ''}: ${only.join(', ')}`);
  log('Onboarding the template patients (en, zh-CN)…');
  const templates = await onboardedTemplates();

  if (only.includes('turns')) {
    log('1. Turn cost');
    results.turnCost = await runTurnCost(templates, TURN_COST_DEFAULTS[quick ? 'quick' : 'full'], log);
  }
  if (only.includes('fanout')) {
    log('2. Check-in fan-out');
    results.fanout = await runFanout(
      templates,
      {
        patients: positive('patients', values.patients, quick ? 2_000 : 100_000),
        scale: positive('scale', values.scale, quick ? 10 : 8),
        queue,
        queueRate: positive('queue-rate', values['queue-rate'], DEFAULT_LIMITS.perSecond),
        stallMs: 30_000,
      },
      log,
    );
  }
  if (only.includes('storage')) {
    log('3. Storage');
    results.storage = await runStorage({ days: positive('days', values.days, 90) }, log);
  }
  if (only.includes('memory')) {
    log('4. Memory');
    const patients = positive('memory-patients', values['memory-patients'], quick ? 2_000 : 100_000);
    results.memory = await runMemory(
      templates,
      { baselinePatients: Math.min(quick ? 100 : 1_000, patients), patients, turns: quick ? 300 : 3_000 },
      log,
    );
  }

  if (only.includes('urgent')) {
    log('5. Urgent-alert latency');
    results.urgentAlerts = await runUrgentAlerts(
      templates,
      URGENT_ALERT_DEFAULTS[quick ? 'quick' : 'full'],
      log,
    );
  }
  if (only.includes('transport')) {
    log('6. Bot API transport');
    results.transport = await runTransport(templates, TRANSPORT_DEFAULTS[quick ? 'quick' : 'full'], log);
  }

  results.durationSeconds = (performance.now() - started) / 1000;
  log(renderReport(results));
  const full = !quick && only.length === BENCHMARKS.length;
  const out = values.out ?? (full ? RESULTS_FILE : undefined);
  if (out === RESULTS_FILE && existsSync(RESULTS_FILE)) {
    // The run being replaced joins the history that docs/benchmarks.md shows.
    const replaced = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;
    if (!replaced.quick) keepInHistory(replaced);
  }
  if (out) {
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    log(`Results written to ${out}`);
  }
  if (out === RESULTS_FILE) {
    writeBenchmarkDocs();
    log('docs/benchmarks.md updated from bench/results.json and bench/history.json');
  }
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    if (stopping) process.exit(130);
    stopping = true;
    process.stderr.write(`\n${signal}: deleting the benchmark's Redis keys…\n`);
    void cleanUpAll().finally(() => process.exit(130));
  });

main()
  .then(async () => {
    await cleanUpAll();
    process.exit(0);
  })
  .catch(async (err: unknown) => {
    process.stderr.write(
      `Benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    await cleanUpAll().catch(() => undefined);
    process.exit(1);
  });

/**
 * The benchmark's output: a readable table of every figure beside its baseline (ratio and absolute
 * numbers, target met or missed), and `bench/results.json` with the same numbers and the machine
 * they were measured on.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { FanoutResult } from './fanout.js';
import type { MemoryResult } from './memory.js';
import type { StorageResult } from './storage.js';
import type { TransportResult } from './transport.js';
import type { TurnCostResult } from './turnCost.js';
import type { UrgentAlertResult } from './urgentAlerts.js';

/** Where and when a run happened. */
export interface MachineInfo {
  date: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  node: string;
  redis: string;
  commit: string;
  /** 1-minute load average when the run started (other work on the machine skews the figures). */
  loadAverageAtStart: number;
}

/** Everything one run measured (a benchmark left out with `--only` is absent). */
export interface BenchResults {
  machine: MachineInfo;
  argv: string[];
  quick: boolean;
  durationSeconds: number;
  turnCost?: TurnCostResult;
  fanout?: FanoutResult;
  storage?: StorageResult;
  memory?: MemoryResult;
  urgentAlerts?: UrgentAlertResult;
  transport?: TransportResult;
}

/** The machine info, with the Redis version read by the caller. */
export function machineInfo(redis: string): MachineInfo {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
    redis,
    commit,
    loadAverageAtStart: os.loadavg()[0]!,
  };
}

/**
 * The memory target: with 100× the patients stored, RSS stays within 10% of the baseline's (the
 * process holds no patient in memory beyond its bounded caches).
 */
export const MEMORY_FLAT_RATIO = 1.1;

const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const f0 = (n: number) => n.toFixed(0);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const kb = (n: number) => `${(n / 1024).toFixed(2)} KB`;
const mb = (n: number) => `${(n / 2 ** 20).toFixed(1)} MB`;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('   '), ...rows.map(line)];
}

function turnCostLines(r: TurnCostResult): string[] {
  const o = r.options;
  const rows = [r.baseline, ...r.rows].map((row) => [
    row.label,
    f0(row.turnsPerSecond),
    f1(row.p50Ms),
    f1(row.p99Ms),
    f2(row.vsEcho),
    f2(row.outputsPerTurn),
    String(row.errors),
  ]);
  const ol = r.openLoop;
  return [
    `1. Turn cost — closed loop, ${o.workers} turns in flight over ${o.patients} patients, ` +
      `${o.rounds} interleaved round(s) of ${o.roundMs / 1000} s per row`,
    ...table(['', 'turns/s', 'p50 ms', 'p99 ms', '× echo', 'out/turn', 'errors'], rows),
    '   out/turn: replies per turn (engine) or Bot API calls per turn (webhook).',
    `   Target full stack (webhook, Redis) ≥ ${f2(r.fullStackVsEcho.target)} × echo: ` +
      `${f2(r.fullStackVsEcho.ratio)} — ${verdict(r.fullStackVsEcho.met)}`,
    `   Open loop ${ol.ratePerSecond} turns/s on the Redis engine for ${o.openMs / 1000} s (${ol.turns} turns, ` +
      `${ol.errors} errors): p50 ${f1(ol.p50Ms)} ms, p99 ${f1(ol.p99Ms)} ms, max ${f1(ol.maxMs)} ms — ` +
      `target p99 < ${ol.targetP99Ms} ms: ${verdict(ol.met)}`,
  ];
}

function fanoutLines(r: FanoutResult): string[] {
  const o = r.options;
  const m = r.targets.met;
  return [
    `2. Check-in fan-out — ${o.patients} patients due at 21:00, time scale k = ${o.scale}, ${o.queue} delivery queue`,
    ...table(
      ['', 'value', 'baseline (limit)', 'ratio'],
      [
        [
          'achieved rate (msg/s)',
          f1(r.achievedPerSecond),
          `${f0(r.limits.apiPerSecond)} (Bot API)`,
          f2(r.fractionOfApiLimit),
        ],
        [
          'achieved rate (msg/s)',
          f1(r.achievedPerSecond),
          `${f0(r.limits.queuePerSecond)} (queue)`,
          f2(r.fractionOfQueueRate),
        ],
        [
          'steady rate, median second',
          f0(r.steadyPerSecond),
          `${f0(r.limits.apiPerSecond)} (Bot API)`,
          f2(r.steadyPerSecond / r.limits.apiPerSecond),
        ],
        [
          '429s received',
          String(r.rejected429),
          `${r.delivered} delivered`,
          f2(r.rejected429 / Math.max(1, r.delivered)),
        ],
        ['check-ins lost', String(r.lost), `${o.patients} due`, ''],
        ['check-ins duplicated', String(r.duplicated), `${o.patients} due`, ''],
      ],
    ),
    `   Delivery ${f1(r.deliverySeconds)} s; all check-in turns committed after ${r.turnsSeconds === null ? 'never' : `${f1(r.turnsSeconds)} s`} ` +
      `(${r.turns.ok} ok, ${r.turns.error} failed, ${f0(r.turnsPerSecond)} turns/s); setup: seed ${f1(r.setupSeconds.seed)} s, schedule ${f1(r.setupSeconds.schedule)} s.`,
    r.limitedBy === 'queue'
      ? '   The rate was set by the delivery queue (turns were committed faster than it may send).'
      : '   The rate was set by turn production, not the queue: the machine was too slow or busy for this --scale.',
    `   At Telegram's real limits this fan-out takes ${f0(r.realWorldMinutes)} min.`,
    `   Targets: ≥ ${f2(r.targets.fraction)} of the Bot API limit: ${verdict(m.rate)}; none lost: ${verdict(m.noneLost)}; ` +
      `none duplicated: ${verdict(m.noneDuplicated)}.`,
  ];
}

function storageLines(r: StorageResult): string[] {
  const keys = Object.entries(r.byKey)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const hist = Object.entries(r.history)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  return [
    `3. Storage — one patient, ${r.days} simulated days (${r.driven.checkins} check-ins, ${r.driven.missed} missed, ${r.driven.sessions} rescue sessions)`,
    ...table(
      ['', 'bytes', 'ratio'],
      [
        ['bare document after onboarding (baseline)', String(r.baselineDocBytes), '1.00'],
        [
          'all keys after onboarding',
          String(r.afterOnboardingBytes),
          f2(r.afterOnboardingBytes / r.baselineDocBytes),
        ],
        [`all keys after ${r.days} days`, String(r.bytesPerPatient), f2(r.ratioToBaseline)],
      ],
    ),
    `   By key (B): ${keys}. History: ${hist}.`,
    `   Target ≤ ${kb(r.targetBytes)}: ${kb(r.bytesPerPatient)} — ${verdict(r.met)}.`,
    `   Not counted above: the BullMQ scheduler's own keys for the patient (REDIS_URL), steady state: ` +
      `${r.schedulerBytes.total} B (${r.schedulerBytes.jobs} job hashes, plan and index ${r.schedulerBytes.planAndIndex} B).`,
  ];
}

function memoryLines(r: MemoryResult): string[] {
  const row = (label: string, s: MemoryResult['baseline']) => [
    label,
    String(s.patients),
    mb(s.startRssBytes),
    mb(s.rssBytes),
    mb(s.heapUsedBytes),
  ];
  return [
    `4. Memory — app process with REDIS_URL after ${r.options.turns} webhook turns over all stored patients and a /metrics scrape, after GC`,
    ...table(
      ['', 'patients', 'RSS at start', 'RSS', 'heap used'],
      [row('baseline', r.baseline), row('measured', r.measured)],
    ),
    `   RSS ratio ${f2(r.ratio)} (heap ${f2(r.heapRatio)}) for ${f0(r.measured.patients / r.baseline.patients)}× the patients — ` +
      `target flat (≤ ${f2(MEMORY_FLAT_RATIO)}): ${verdict(r.ratio <= MEMORY_FLAT_RATIO)}.`,
  ];
}

function urgentAlertLines(r: UrgentAlertResult): string[] {
  const o = r.options;
  const row = (x: UrgentAlertResult['baseline']) => [
    x.label,
    `${x.alerted}/${x.crises}`,
    f1(x.alertMs.p50),
    f1(x.alertMs.p99),
    f1(x.alertMs.max),
    f1(x.turnMs.p99),
    `${f0(x.background.perSecond)} (${x.background.errors} err)`,
  ];
  return [
    `5. Urgent-alert latency — crisis message to the counsellor group's sendMessage, ${o.urgentRate}/s for ` +
      `${o.durationMs / 1000} s under ${o.backgroundRate} other updates/s via webhook` +
      (o.queuedAhead ? `; Redis with ${o.queuedAhead} messages queued ahead` : ''),
    ...table(
      ['', 'alerted', 'p50 ms', 'p99 ms', 'max ms', 'turn p99 ms', 'background/s'],
      [row(r.baseline), row(r.redis)],
    ),
    `   Target Redis p99 ≤ ${r.target.p99Ms} ms: ${f1(r.redis.alertMs.p99)} ms — ${verdict(r.target.met && r.redis.alerted === r.redis.crises)}`,
  ];
}

function transportLines(r: TransportResult): string[] {
  const o = r.options;
  const rows = r.rows.map((row) => [
    row.label,
    f0(row.callsPerSecond),
    f1(row.cpuMicrosPerCall),
    f2(row.p50Ms),
    f2(row.p99Ms),
    f2(row.throughputVsFirst),
    f2(row.cpuVsFirst),
    String(row.errors),
  ]);
  return [
    `5. Bot API transport — sendMessage calls to the fake Bot API (another process), ${o.workers} in flight, ` +
      `${o.rounds} interleaved round(s) of ${o.roundMs / 1000} s per row`,
    ...table(['', 'calls/s', 'CPU µs/call', 'p50 ms', 'p99 ms', '× calls/s', '× CPU/call', 'errors'], rows),
    `   Ratios against the first row (${r.rows[0]?.label}); CPU is the calling process's only.`,
    ...table(
      ['', 'turns/s', 'CPU µs/turn', 'p50 ms', 'p99 ms', '× turns/s', '× CPU/turn', 'calls/turn', 'errors'],
      r.fullStack.map((row) => [
        row.label,
        f0(row.turnsPerSecond),
        f0(row.cpuMicrosPerTurn),
        f1(row.p50Ms),
        f1(row.p99Ms),
        f2(row.vsFirst),
        f2(row.cpuMicrosPerTurn / r.fullStack[0]!.cpuMicrosPerTurn),
        f2(row.callsPerTurn),
        String(row.errors),
      ]),
    ),
    `   Above: the whole app behind its webhook (memory store) with each transport, fake Bot API and proxy in this process, ${o.workers} turns in flight.`,
  ];
}

/** The whole report as text. */
export function renderReport(r: BenchResults): string {
  const m = r.machine;
  const lines = [
    '',
    `Dongyu benchmark${r.quick ? ' (--quick: a smoke run, not the published figures)' : ''}`,
    `${m.date} · ${m.cpus} × ${m.cpuModel} · ${m.memoryGiB} GiB · Node ${m.node} · Redis ${m.redis} · commit ${m.commit} · ${f0(r.durationSeconds)} s`,
    `Load average (1 min) at start ${f2(m.loadAverageAtStart)}` +
      (m.loadAverageAtStart > 1 ? ': the machine was busy as the run started; figures may be low.' : '.'),
    '',
  ];
  if (r.turnCost) lines.push(...turnCostLines(r.turnCost), '');
  if (r.fanout) lines.push(...fanoutLines(r.fanout), '');
  if (r.storage) lines.push(...storageLines(r.storage), '');
  if (r.memory) lines.push(...memoryLines(r.memory), '');
  if (r.urgentAlerts) lines.push(...urgentAlertLines(r.urgentAlerts), '');
  if (r.transport) lines.push(...transportLines(r.transport), '');
  return lines.join('\n');
}

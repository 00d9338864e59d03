/**
 * Benchmark 1, turn cost: turns per second and latency of patient turns (a repeating check-in and
 * rescue session, {@link CYCLE}) through the engine on the memory store and on Redis, and end to
 * end through the Telegram webhook over HTTP to the fake Bot API; the baseline is a bare grammY
 * echo bot on the same HTTP path, measured in the same run. All targets stay up and are measured
 * in interleaved rounds, so a slow spell of the machine falls on every target alike. Then an
 * open-loop load at 500 turns/s on the Redis engine for the p99 target.
 */
import { FakeBotApi } from '../tests/channels/telegram/fakeBotApi.js';
import { BotApiTap } from './botApiTap.js';
import { CYCLE } from './conversation.js';
import { closedLoop, type LoadResult, mergeResults, openLoop } from './load.js';
import type { Templates } from './population.js';
import { appWebhookTarget, echoTarget, engineTarget, type TurnTarget } from './turnTargets.js';

/** Knobs of the turn-cost benchmark. */
export interface TurnCostOptions {
  /** Patients per target (turns are spread over them). */
  patients: number;
  /** Closed-loop workers (turns in flight). */
  workers: number;
  /** Measured rounds; each round measures every target once, in a rotating order. */
  rounds: number;
  /** Measured time per target and round. */
  roundMs: number;
  /**
   * Warm-up before a target's first round. Long on purpose: the echo bot's own code (grammY's
   * client over `node:http`) takes 6–8 s of load to reach its steady speed on this machine, and a
   * baseline measured while it still warms up flatters every ratio against it.
   */
  warmupMs: number;
  /** Warm-up before each later round (the code is warm; this only refills the pipeline). */
  rewarmMs: number;
  /** The open-loop rate for the latency target (turns/s). */
  openRate: number;
  openMs: number;
}

/** Full-run and `--quick` settings. */
export const TURN_COST_DEFAULTS: Record<'full' | 'quick', TurnCostOptions> = {
  full: {
    patients: 600,
    workers: 16,
    rounds: 3,
    roundMs: 3_000,
    warmupMs: 8_000,
    rewarmMs: 200,
    openRate: 500,
    openMs: 5_000,
  },
  quick: {
    patients: 120,
    workers: 16,
    rounds: 1,
    roundMs: 2_000,
    warmupMs: 500,
    rewarmMs: 100,
    openRate: 500,
    openMs: 2_000,
  },
};

/** One measured target. */
export interface TurnRow {
  label: string;
  turns: number;
  errors: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Replies per turn (engine) or Bot API calls per turn (webhook). */
  outputsPerTurn: number;
  /** Throughput as a fraction of the echo baseline's. */
  vsEcho: number;
  firstError?: string;
}

/** The benchmark's figures. */
export interface TurnCostResult {
  options: TurnCostOptions;
  baseline: TurnRow;
  rows: TurnRow[];
  /** Full stack (webhook, Redis) throughput / echo throughput; target ≥ 0.40. */
  fullStackVsEcho: { ratio: number; target: number; met: boolean };
  /** Open loop on the Redis engine. Target: p99 < 20 ms at 500 turns/s. */
  openLoop: {
    ratePerSecond: number;
    achievedPerSecond: number;
    turns: number;
    errors: number;
    p50Ms: number;
    p99Ms: number;
    maxMs: number;
    targetP99Ms: number;
    met: boolean;
  };
}

/** Worker `w`'s `i`th patient: workers own disjoint patients (no lock contention between them). */
export function patientOf(w: number, i: number, workers: number, patients: number): number {
  const pool = Math.ceil((patients - w) / workers);
  return w + (i % pool) * workers;
}

/** Moves patient `i` through `i mod 13` turns so that measured turns cover the cycle evenly. */
export async function stagger(target: TurnTarget, workers: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let p = next++; p < target.patients; p = next++)
      for (let s = 0; s < p % CYCLE.length; s++) await target.turn(p);
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

function rowOf(target: TurnTarget, r: LoadResult): TurnRow {
  return {
    label: target.label,
    turns: r.turns,
    errors: r.errors,
    turnsPerSecond: r.perSecond,
    p50Ms: r.latencyMs.p50,
    p99Ms: r.latencyMs.p99,
    outputsPerTurn: target.issued ? target.outputs() / target.issued : 0,
    vsEcho: 0,
    ...(r.firstError ? { firstError: r.firstError } : {}),
  };
}

/** One closed-loop round on one target. */
function round(target: TurnTarget, o: TurnCostOptions, warmupMs: number): Promise<LoadResult> {
  return closedLoop({
    workers: o.workers,
    warmupMs,
    durationMs: o.roundMs,
    turn: (w, i) => target.turn(patientOf(w, i, o.workers, target.patients)),
  });
}

/** Starts every target (seeded and staggered), measures them in rounds, then stops them all. */
export async function runTurnCost(
  templates: Templates,
  o: TurnCostOptions,
  log: (s: string) => void,
): Promise<TurnCostResult> {
  const fake = await FakeBotApi.start();
  const tap = new BotApiTap(fake);
  const targets: TurnTarget[] = [];
  try {
    const makers = [
      () => echoTarget(fake, tap, o.patients),
      () => engineTarget('memory', templates, o.patients),
      () => engineTarget('redis', templates, o.patients),
      () => appWebhookTarget('memory', fake, tap, templates, o.patients),
      () => appWebhookTarget('redis', fake, tap, templates, o.patients),
    ];
    for (const make of makers) {
      const target = await make();
      targets.push(target);
      await stagger(target, o.workers);
    }
    const [echo, engMemory, engRedis, webMemory, webRedis] = targets as [
      TurnTarget,
      TurnTarget,
      TurnTarget,
      TurnTarget,
      TurnTarget,
    ];
    // The webhook targets share the tap: count each one's Bot API calls while it alone runs.
    const runs = new Map<TurnTarget, LoadResult[]>(targets.map((t) => [t, []]));
    const outputs = new Map<TurnTarget, { out: number; issued: number }>(
      targets.map((t) => [t, { out: 0, issued: 0 }]),
    );
    for (let r = 0; r < o.rounds; r++) {
      for (let j = 0; j < targets.length; j++) {
        const target = targets[(j + r) % targets.length]!;
        target.resetCounts();
        runs.get(target)!.push(await round(target, o, r === 0 ? o.warmupMs : o.rewarmMs));
        const counted = outputs.get(target)!;
        counted.out += target.outputs();
        counted.issued += target.issued;
      }
      log(`  round ${r + 1}/${o.rounds} done`);
    }
    const rowFor = (t: TurnTarget) => {
      const row = rowOf(t, mergeResults(runs.get(t)!));
      const c = outputs.get(t)!;
      row.outputsPerTurn = c.issued ? c.out / c.issued : 0;
      log(
        `  ${row.label}: ${row.turnsPerSecond.toFixed(0)} turns/s, p50 ${row.p50Ms.toFixed(1)} ms, ` +
          `p99 ${row.p99Ms.toFixed(1)} ms${row.errors ? `, ${row.errors} errors (${row.firstError})` : ''}`,
      );
      return row;
    };
    const baseline = rowFor(echo);
    const rows = [engMemory, engRedis, webMemory, webRedis].map(rowFor);
    baseline.vsEcho = 1;
    for (const row of rows) row.vsEcho = row.turnsPerSecond / baseline.turnsPerSecond;
    const webRedisRow = rows[3]!;

    const ol = await openLoop({
      ratePerSecond: o.openRate,
      warmupMs: 1_000,
      durationMs: o.openMs,
      turn: (i) => engRedis.turn(i % engRedis.patients),
    });
    log(
      `  open loop ${o.openRate}/s on the Redis engine: p50 ${ol.latencyMs.p50.toFixed(1)} ms, ` +
        `p99 ${ol.latencyMs.p99.toFixed(1)} ms`,
    );
    return {
      options: o,
      baseline,
      rows,
      fullStackVsEcho: { ratio: webRedisRow.vsEcho, target: 0.4, met: webRedisRow.vsEcho >= 0.4 },
      openLoop: {
        ratePerSecond: o.openRate,
        achievedPerSecond: ol.perSecond,
        turns: ol.turns,
        errors: ol.errors,
        p50Ms: ol.latencyMs.p50,
        p99Ms: ol.latencyMs.p99,
        maxMs: ol.latencyMs.max,
        targetP99Ms: 20,
        met: ol.latencyMs.p99 < 20 && ol.errors === 0,
      },
    };
  } finally {
    for (const t of targets) await t.close().catch(() => undefined);
    await fake.close();
  }
}

/**
 * Benchmark 5, Bot API transport: grammY's transport (undici) directly and through a CONNECT proxy,
 * and Node's own `node:http` for reference, side by side in one run against the fake Bot API (and
 * a CONNECT proxy in front of it), both in a child process so that the CPU measured here is the
 * client's alone. Each client makes `sendMessage` calls in a closed loop (16 in flight, kept-alive
 * connections), in interleaved rounds so that a slow spell of the machine falls on every client
 * alike. The figures: calls per second, client CPU per call, latency, and both as a ratio of the
 * first row's. Then the whole app behind its webhook, with the Bot API reached directly and through
 * the proxy.
 */
import { type ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { type BotApiTransport, createBotApiTransport } from '../src/channels/telegram/undiciTransport.js';
import { FakeBotApi } from '../tests/channels/telegram/fakeBotApi.js';
import { ConnectProxy } from '../tests/support/connectProxy.js';
import type { ServersReady } from './botApiServerChild.js';
import { BotApiTap } from './botApiTap.js';
import { closedLoop, type LoadResult, mergeResults, summarize } from './load.js';
import type { Templates } from './population.js';
import { patientOf, stagger } from './turnCost.js';
import { appWebhookTarget, type TurnTarget } from './turnTargets.js';

/** Knobs of the transport benchmark. */
export interface TransportOptions {
  workers: number;
  rounds: number;
  roundMs: number;
  /** Warm-up before a client's first round. */
  warmupMs: number;
  /** Warm-up before each later round. */
  rewarmMs: number;
  /** Full stack: patients per app, and the warm-up of its first round. */
  fullStackPatients: number;
  fullStackWarmupMs: number;
}

/** Full-run and `--quick` settings. */
export const TRANSPORT_DEFAULTS: Record<'full' | 'quick', TransportOptions> = {
  full: {
    workers: 16,
    rounds: 3,
    roundMs: 3_000,
    warmupMs: 3_000,
    rewarmMs: 300,
    fullStackPatients: 600,
    fullStackWarmupMs: 6_000,
  },
  quick: {
    workers: 16,
    rounds: 1,
    roundMs: 1_000,
    warmupMs: 500,
    rewarmMs: 100,
    fullStackPatients: 120,
    fullStackWarmupMs: 500,
  },
};

/** One measured client. */
export interface TransportRow {
  label: string;
  calls: number;
  errors: number;
  callsPerSecond: number;
  /** This process's CPU (user + system) per call, microseconds. */
  cpuMicrosPerCall: number;
  p50Ms: number;
  p99Ms: number;
  /** Calls per second as a fraction of the first row's. */
  throughputVsFirst: number;
  /** CPU per call as a fraction of the first row's (below 1: cheaper). */
  cpuVsFirst: number;
  firstError?: string;
}

/** The whole app behind its webhook (memory store), with one transport. */
export interface FullStackRow {
  label: string;
  turns: number;
  errors: number;
  turnsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Bot API calls per turn. */
  callsPerTurn: number;
  /** This process's CPU per turn (app, fake Bot API and load generator together), microseconds. */
  cpuMicrosPerTurn: number;
  /** Turns per second as a fraction of the first row's. */
  vsFirst: number;
  firstError?: string;
}

/** The benchmark's figures. */
export interface TransportResult {
  options: TransportOptions;
  /** The first row is the baseline of the ratios. */
  rows: TransportRow[];
  /** The same clients under the whole app; the first row is the baseline. */
  fullStack: FullStackRow[];
}

/** A client under test: makes one `sendMessage` call and resolves with the answer's text. */
interface Client {
  label: string;
  call(): Promise<string>;
  close(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./botApiServerChild.ts', import.meta.url));

/** A `sendMessage` body of the size a reply with a keyboard has (about 400 bytes). */
const BODY = JSON.stringify({
  chat_id: 810_000_001,
  text: 'How strong is the craving right now, from 0 (none) to 10 (the strongest you have felt)?',
  parse_mode: 'HTML',
  reply_markup: {
    inline_keyboard: [
      Array.from({ length: 6 }, (_, i) => ({ text: String(i), callback_data: `c:craving:${i}` })),
      Array.from({ length: 5 }, (_, i) => ({ text: String(i + 6), callback_data: `c:craving:${i + 6}` })),
    ],
  },
});
const HEADERS = { 'content-type': 'application/json', connection: 'keep-alive' };

function startServers(): Promise<{ child: ChildProcess; ready: ServersReady }> {
  const child = fork(CHILD, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`The Bot API server child exited (${code}) before it was ready.`)),
    );
    child.once('message', (m: ServersReady) => {
      child.removeAllListeners('exit');
      resolve({ child, ready: m });
    });
  });
}

/** Node's own client with a keep-alive agent: the reference both others are compared with in the README. */
function nodeHttpClient(url: URL): Client {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  return {
    label: 'node:http, keep-alive agent (reference)',
    call: () =>
      new Promise<string>((resolve, reject) => {
        const req = http.request(
          url,
          { method: 'POST', agent, headers: { ...HEADERS, 'content-length': Buffer.byteLength(BODY) } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(BODY);
      }),
    close: async () => agent.destroy(),
  };
}

/**
 * The transports compared, each made anew for each use: the Bot API transport directly, then
 * through the CONNECT proxy at `proxyUrl`. (The hand-written HTTP/1.1 client it replaced was
 * measured beside it by this benchmark before it was removed: docs/operations.md, "Proxy for the
 * Bot API".)
 */
function transports(proxyUrl: string): { label: string; make: () => BotApiTransport }[] {
  return [
    { label: 'undici Pool, direct', make: () => createBotApiTransport() },
    {
      label: 'undici ProxyAgent, through a CONNECT proxy',
      make: () => createBotApiTransport({ proxyFor: () => new URL(proxyUrl) }),
    },
  ];
}

function clients(ready: ServersReady): Client[] {
  const url = `${ready.apiRoot}/bot${ready.token}/sendMessage`;
  const list: Client[] = transports(ready.proxyUrl).map(({ label, make }) => {
    const t = make();
    return {
      label,
      call: async () => (await t.fetch(url, { headers: HEADERS, body: BODY })).text(),
      close: () => t.close(),
    };
  });
  list.push(nodeHttpClient(new URL(url)));
  return list;
}

interface Round {
  calls: number;
  errors: number;
  seconds: number;
  cpuMicros: number;
  samples: number[];
  firstError?: string;
}

/** Runs `workers` loops of calls for `ms`; returns what they did and this process's CPU. */
async function loop(client: Client, workers: number, ms: number): Promise<Round> {
  const round: Round = { calls: 0, errors: 0, seconds: 0, cpuMicros: 0, samples: [] };
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + ms;
  const worker = async () => {
    while (performance.now() < end) {
      const start = performance.now();
      try {
        const text = await client.call();
        if (!text.startsWith('{"ok":true')) throw new Error(`unexpected answer ${text.slice(0, 40)}`);
        round.calls++;
        round.samples.push(performance.now() - start);
      } catch (err) {
        round.errors++;
        round.firstError ??= err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  round.seconds = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu);
  round.cpuMicros = used.user + used.system;
  return round;
}

/** Measures the clients alone, in interleaved rounds. */
async function runCalls(o: TransportOptions, log: (s: string) => void): Promise<TransportRow[]> {
  const { child, ready } = await startServers();
  const list = clients(ready);
  try {
    const rounds = new Map<Client, Round[]>(list.map((c) => [c, []]));
    for (let r = 0; r < o.rounds; r++) {
      for (let j = 0; j < list.length; j++) {
        const client = list[(j + r) % list.length]!;
        await loop(client, o.workers, r === 0 ? o.warmupMs : o.rewarmMs);
        rounds.get(client)!.push(await loop(client, o.workers, o.roundMs));
      }
      log(`  round ${r + 1}/${o.rounds} done`);
    }
    const rows = list.map((client): TransportRow => {
      const rs = rounds.get(client)!;
      const calls = rs.reduce((a, x) => a + x.calls, 0);
      const seconds = rs.reduce((a, x) => a + x.seconds, 0);
      const cpu = rs.reduce((a, x) => a + x.cpuMicros, 0);
      const latency = summarize(rs.flatMap((x) => x.samples));
      const firstError = rs.find((x) => x.firstError)?.firstError;
      return {
        label: client.label,
        calls,
        errors: rs.reduce((a, x) => a + x.errors, 0),
        callsPerSecond: calls / seconds,
        cpuMicrosPerCall: calls ? cpu / calls : 0,
        p50Ms: latency.p50,
        p99Ms: latency.p99,
        throughputVsFirst: 0,
        cpuVsFirst: 0,
        ...(firstError ? { firstError } : {}),
      };
    });
    const first = rows[0]!;
    for (const row of rows) {
      row.throughputVsFirst = row.callsPerSecond / first.callsPerSecond;
      row.cpuVsFirst = row.cpuMicrosPerCall / first.cpuMicrosPerCall;
      log(
        `  ${row.label}: ${row.callsPerSecond.toFixed(0)} calls/s, ${row.cpuMicrosPerCall.toFixed(0)} µs CPU/call, ` +
          `p50 ${row.p50Ms.toFixed(2)} ms, p99 ${row.p99Ms.toFixed(2)} ms` +
          (row.errors ? `, ${row.errors} errors (${row.firstError})` : ''),
      );
    }
    return rows;
  } finally {
    for (const c of list) await c.close().catch(() => undefined);
    child.send({ type: 'stop' });
  }
}

/** Measures the whole app behind its webhook with each transport, in interleaved rounds. */
async function runFullStack(
  templates: Templates,
  o: TransportOptions,
  log: (s: string) => void,
): Promise<FullStackRow[]> {
  const made: { target: TurnTarget; fake: FakeBotApi; transport: BotApiTransport }[] = [];
  const proxy = await ConnectProxy.start();
  try {
    for (const { label, make } of transports(proxy.url)) {
      // A fake and a tap per app: each remembers the buttons its own patients were shown.
      const fake = await FakeBotApi.start();
      const transport = make();
      const target = await appWebhookTarget(
        'memory',
        fake,
        new BotApiTap(fake),
        templates,
        o.fullStackPatients,
        {
          transport,
          label,
        },
      );
      made.push({ target, fake, transport });
      await stagger(target, o.workers);
    }
    const runs = new Map<TurnTarget, { results: LoadResult[]; calls: number; issued: number; cpu: number }>(
      made.map(({ target }) => [target, { results: [], calls: 0, issued: 0, cpu: 0 }]),
    );
    for (let r = 0; r < o.rounds; r++) {
      for (let j = 0; j < made.length; j++) {
        const { target } = made[(j + r) % made.length]!;
        const turn = (w: number, i: number) => target.turn(patientOf(w, i, o.workers, target.patients));
        // The first warm-up apart: the first app measured would otherwise pay for compiling the
        // code both share, in its CPU figure.
        if (r === 0)
          await closedLoop({ workers: o.workers, warmupMs: 0, durationMs: o.fullStackWarmupMs, turn });
        target.resetCounts();
        const cpu = process.cpuUsage();
        const result = await closedLoop({
          workers: o.workers,
          warmupMs: o.rewarmMs,
          durationMs: o.roundMs,
          turn,
        });
        const used = process.cpuUsage(cpu);
        const run = runs.get(target)!;
        // Warm-up turns included on both sides: `issued` counts every turn the loop started.
        run.cpu += used.user + used.system;
        run.results.push(result);
        run.calls += target.outputs();
        run.issued += target.issued;
      }
      log(`  full stack round ${r + 1}/${o.rounds} done`);
    }
    const rows = made.map(({ target }): FullStackRow => {
      const run = runs.get(target)!;
      const merged = mergeResults(run.results);
      return {
        label: target.label,
        turns: merged.turns,
        errors: merged.errors,
        turnsPerSecond: merged.perSecond,
        p50Ms: merged.latencyMs.p50,
        p99Ms: merged.latencyMs.p99,
        callsPerTurn: run.issued ? run.calls / run.issued : 0,
        cpuMicrosPerTurn: run.issued ? run.cpu / run.issued : 0,
        vsFirst: 0,
        ...(merged.firstError ? { firstError: merged.firstError } : {}),
      };
    });
    for (const row of rows) {
      row.vsFirst = row.turnsPerSecond / rows[0]!.turnsPerSecond;
      log(
        `  ${row.label}: ${row.turnsPerSecond.toFixed(0)} turns/s, ${row.cpuMicrosPerTurn.toFixed(0)} µs CPU/turn, p50 ${row.p50Ms.toFixed(1)} ms, ` +
          `p99 ${row.p99Ms.toFixed(1)} ms${row.errors ? `, ${row.errors} errors (${row.firstError})` : ''}`,
      );
    }
    return rows;
  } finally {
    for (const { target, fake, transport } of made) {
      await target.close().catch(() => undefined);
      await transport.close().catch(() => undefined);
      await fake.close();
    }
    await proxy.close();
  }
}

/** The whole benchmark: the clients alone, then under the whole app. */
export async function runTransport(
  templates: Templates,
  o: TransportOptions,
  log: (s: string) => void,
): Promise<TransportResult> {
  const rows = await runCalls(o, log);
  const fullStack = await runFullStack(templates, o, log);
  return { options: o, rows, fullStack };
}

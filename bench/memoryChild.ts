/**
 * The process the memory benchmark measures: the whole app with `REDIS_URL` (Redis store, BullMQ
 * scheduler and delivery queue) and the Telegram webhook, configured by `BENCH_CONFIG` (JSON of the
 * environment variables). Run with `node --expose-gc --import tsx bench/memoryChild.ts` and an IPC
 * channel; it answers `measure` with its memory after garbage collection and `stop` by stopping.
 */
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';

/** Memory of this process in bytes, after a full garbage collection. */
export interface ChildMemory {
  rss: number;
  heapUsed: number;
  external: number;
}

/** Messages from the child to the parent. */
export type ChildMessage =
  | { type: 'ready'; port: number; metricsPort: number; memory: ChildMemory }
  | { type: 'memory'; memory: ChildMemory };

async function measure(): Promise<ChildMemory> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run the memory child with node --expose-gc.');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

async function main(): Promise<void> {
  if (!process.send) throw new Error('bench/memoryChild.ts is started by bench/memory.ts (it needs IPC).');
  const env = JSON.parse(process.env.BENCH_CONFIG ?? '{}') as Record<string, string>;
  const app = await createApp(loadConfig(env), { logger: createLogger('silent') });
  const { port, metricsPort } = await app.start();
  const send = (m: ChildMessage) => process.send!(m);
  process.on('message', (m: { type: string }) => {
    if (m.type === 'measure') void measure().then((memory) => send({ type: 'memory', memory }));
    if (m.type === 'stop')
      void app
        .stop()
        .catch(() => undefined)
        .finally(() => process.exit(0));
  });
  send({ type: 'ready', port, metricsPort, memory: await measure() });
}

void main().catch((err: unknown) => {
  process.stderr.write(`memory child failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

/**
 * The operations endpoints over real HTTP on the app's one server: `GET /healthz`, `GET /readyz`
 * (store reachable, channels started, not stopping) on `PORT`, and `GET /metrics` (Prometheus text
 * with the turn, alert, delivery, queue and patient metrics moving as patients talk) on the
 * metrics listener (`METRICS_PORT`) only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import type { Channel } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { METRIC_NAMES } from '../../src/ops/metrics.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import type { Store } from '../../src/store/store.js';
import { COUNSELLORS, RecordingChannel } from '../support/patientHarness.js';

const started: App[] = [];
afterEach(async () => {
  for (const app of started.splice(0)) await app.stop().catch(() => undefined);
});

async function startApp(opts: { store?: Store; channels?: Channel[] } = {}) {
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0));
  const channel = new RecordingChannel();
  const store = opts.store ?? new MemoryStore(clock);
  const scheduler = new InProcessScheduler(clock, undefined, { timer: false });
  const app = await createApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), {
    clock,
    store,
    scheduler,
    logger: createLogger('silent'),
    channels: [channel, ...(opts.channels ?? [])],
  });
  const { port, metricsPort } = await app.start();
  started.push(app);
  await store.addCounsellorDestination({ address: COUNSELLORS, locale: 'en', source: 'config', addedAt: 0 });
  const get = async (path: string, on = port) => {
    const res = await fetch(`http://127.0.0.1:${on}${path}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
  };
  const head = async (path: string) =>
    (await fetch(`http://127.0.0.1:${port}${path}`, { method: 'HEAD' })).status;
  const say = (patientId: string, text: string) =>
    app.engine.handle({
      patientId,
      address: { channel: 'console', conversationId: patientId },
      languageCode: 'en',
      message: text.startsWith('/')
        ? { kind: 'command', name: text.slice(1), args: '' }
        : { kind: 'text', text },
    });
  const scrape = async () => (await get('/metrics', metricsPort)).body;
  return { app, get, head, say, channel, scrape, metricsPort, clock, scheduler };
}

/** The value of one sample line (`name{labels} value`) in Prometheus text, or undefined. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe('health and readiness', () => {
  it('answers /healthz and /readyz once started', async () => {
    const { get } = await startApp();
    expect(await get('/healthz')).toMatchObject({ status: 200 });
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({
      status: 'ready',
      store: 'ok',
      started: true,
      stopping: false,
    });
  });

  it('answers HEAD like GET (load balancers probe with it)', async () => {
    const { head } = await startApp();
    expect(await head('/healthz')).toBe(200);
    expect(await head('/readyz')).toBe(200);
  });

  it('is not ready while the store is unreachable, and ready again when it answers', async () => {
    const clock = new ManualClock();
    const store = new MemoryStore(clock);
    let down = false;
    const flaky = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'ping')
          return () => (down ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve());
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const { get } = await startApp({ store: flaky });
    down = true;
    const r = await get('/readyz');
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body)).toMatchObject({ status: 'not ready', store: 'unreachable' });
    expect((await get('/healthz')).status).toBe(200);
    down = false;
    expect((await get('/readyz')).status).toBe(200);
  });

  it('is not ready once shutdown began, while channels are still stopping', async () => {
    let release!: () => void;
    let stopping!: () => void;
    const stopBegan = new Promise<void>((r) => {
      stopping = r;
    });
    const released = new Promise<void>((r) => {
      release = r;
    });
    const slowChannel: Channel = {
      name: 'teams',
      async start() {},
      stop: () => {
        stopping();
        return released;
      },
      async send() {
        return undefined;
      },
    };
    const { app, get } = await startApp({ channels: [slowChannel] });
    const stopped = app.stop();
    await stopBegan;
    const r = await get('/readyz');
    expect(r.status).toBe(503);
    expect(JSON.parse(r.body)).toMatchObject({ stopping: true });
    release();
    await stopped;
  });
});

describe('metrics', () => {
  it('are not served on PORT (404) but on METRICS_PORT, which listens on 127.0.0.1 only', async () => {
    const { get, metricsPort } = await startApp();
    expect((await get('/metrics')).status).toBe(404);
    expect((await get('/metrics', metricsPort)).status).toBe(200);
    // The metrics listener serves nothing else.
    expect((await get('/healthz', metricsPort)).status).toBe(404);
    // Bound to 127.0.0.1 itself, not to every interface: another address of this host is refused
    // (127.0.0.2 is loopback too, and reaches a listener on 0.0.0.0, as the public port shows).
    await expect(fetch(`http://127.0.0.2:${metricsPort}/metrics`)).rejects.toThrow();
  });

  it('the health probes on PORT say nothing countable (no patients, no alerts)', async () => {
    const { get, say } = await startApp();
    await say('ops-9', 'I want to kill myself');
    for (const path of ['/healthz', '/readyz']) {
      const body = JSON.parse((await get(path)).body) as Record<string, unknown>;
      expect(Object.values(body).some((v) => typeof v === 'number')).toBe(false);
      expect(JSON.stringify(body)).not.toMatch(/patient|alert|dongyu_/i);
    }
  });

  it('serves every documented metric in Prometheus text format', async () => {
    const { get, metricsPort } = await startApp();
    const r = await get('/metrics', metricsPort);
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/plain');
    for (const name of Object.values(METRIC_NAMES)) expect(r.body).toContain(`# TYPE ${name} `);
    expect(r.body).toContain('dongyu_process_resident_memory_bytes');
  });

  it('counts turns, their latency, deliveries, alerts and patients as patients talk', async () => {
    const { scrape, say } = await startApp();
    await say('ops-1', '/start');
    await say('ops-1', 'yes');
    await say('ops-2', '/start');
    // Safety is global: a crisis message raises an urgent alert from any state.
    await say('ops-2', 'I want to kill myself');
    const m = await scrape();
    expect(sample(m, METRIC_NAMES.turns, 'outcome="ok"')).toBe(4);
    expect(sample(m, METRIC_NAMES.turns, 'outcome="error"')).toBe(0);
    expect(sample(m, `${METRIC_NAMES.turnSeconds}_count`, 'outcome="ok"')).toBe(4);
    expect(sample(m, `${METRIC_NAMES.turnSeconds}_sum`, 'outcome="ok"')).toBeGreaterThan(0);
    expect(sample(m, METRIC_NAMES.alerts, 'level="urgent"')).toBe(1);
    expect(sample(m, METRIC_NAMES.deliveries, 'channel="console",result="sent"')).toBeGreaterThanOrEqual(5);
    expect(sample(m, METRIC_NAMES.activePatients)).toBe(2);
    expect(sample(m, METRIC_NAMES.queueDepth, 'queue="outbox"')).toBe(0);
  });

  it('says whether the store answers: dongyu_store_up is 0 while its ping fails, 1 again after', async () => {
    const store = new MemoryStore(new ManualClock());
    let down = false;
    const flaky = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'ping')
          return () => (down ? Promise.reject(new Error('ECONNREFUSED')) : Promise.resolve());
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const { scrape } = await startApp({ store: flaky });
    expect(sample(await scrape(), METRIC_NAMES.storeUp)).toBe(1);
    down = true;
    const m = await scrape();
    expect(sample(m, METRIC_NAMES.storeUp)).toBe(0);
    expect(sample(m, METRIC_NAMES.stale, 'collector="store_ping"')).toBe(1);
    down = false;
    expect(sample(await scrape(), METRIC_NAMES.storeUp)).toBe(1);
  });

  it('counts the re-alerts of an urgent alert nobody acknowledged', async () => {
    const { scrape, say, clock, scheduler } = await startApp();
    await say('ops-4', '/start');
    await say('ops-4', 'I want to kill myself');
    const realerts = async () => sample(await scrape(), METRIC_NAMES.realerts, 'level="urgent"');
    expect(await realerts()).toBe(0);
    clock.advance(14 * 60_000);
    await scheduler.runDue();
    expect(await realerts()).toBe(0);
    clock.advance(60_000);
    await scheduler.runDue();
    expect(await realerts()).toBe(1);
    clock.advance(15 * 60_000);
    await scheduler.runDue();
    expect(await realerts()).toBe(2);
    expect(sample(await scrape(), METRIC_NAMES.realerts, 'level="high"')).toBe(0);
  });

  it('counts failed deliveries, the retries they lead to, and the outbox left waiting', async () => {
    const { scrape, say, channel } = await startApp();
    const send = channel.send.bind(channel);
    let failures = 2;
    channel.send = async (address, message) => {
      if (address.conversationId === 'ops-3' && failures-- > 0)
        throw Object.assign(new Error('HTTP 429'), { retryable: true, retryAfter: 3 });
      return send(address, message);
    };
    await expect(say('ops-3', '/start')).rejects.toThrow();
    let m = await scrape();
    expect(sample(m, METRIC_NAMES.deliveries, 'channel="console",result="failed"')).toBe(1);
    expect(sample(m, METRIC_NAMES.retries, 'channel="console",reason="rate_limited"')).toBe(1);
    expect(sample(m, METRIC_NAMES.queueDepth, 'queue="outbox"')).toBe(1);
    // The turn was committed; its reply waits in the outbox: not an error (a webhook answered 200).
    expect(sample(m, METRIC_NAMES.turns, 'outcome="undelivered"')).toBe(1);
    expect(sample(m, METRIC_NAMES.turns, 'outcome="error"')).toBe(0);
    // The next turn performs what was left first: the welcome goes out once, then the reply.
    await expect(say('ops-3', 'yes')).rejects.toThrow();
    await say('ops-3', 'yes');
    m = await scrape();
    expect(sample(m, METRIC_NAMES.queueDepth, 'queue="outbox"')).toBe(0);
    expect(sample(m, METRIC_NAMES.retries, 'channel="console",reason="rate_limited"')).toBe(2);
  });
});

/**
 * `/metrics` must answer while Redis does not (that is when the turn-error metrics matter): the
 * readings that need the store or a queue are bounded by a timeout, keep their last known value
 * (or are left out when they never had one), and `dongyu_metrics_stale{collector}` says which.
 */
import { describe, expect, it } from 'vitest';
import { BoundedReadings } from '../../src/ops/boundedReadings.js';
import { createMetrics, METRIC_NAMES, type MetricsOptions } from '../../src/ops/metrics.js';

type ReadingStore = NonNullable<MetricsOptions['store']>;

/**
 * A store whose readings answer, fail, or hang as the test says. Hung reads are answered when the
 * store comes back up, as ioredis sends its offline queue once it has reconnected.
 */
function switchableStore() {
  const state = {
    mode: 'up' as 'up' | 'hung' | 'failing',
    count: 3,
    pending: ['p1', 'p2'],
    reads: 0,
  };
  const parked: (() => void)[] = [];
  const answer = <T>(value: () => T): Promise<T> => {
    state.reads++;
    if (state.mode === 'hung') return new Promise<T>((resolve) => parked.push(() => resolve(value())));
    if (state.mode === 'failing') return Promise.reject(new Error('Connection is closed.'));
    return Promise.resolve(value());
  };
  const store: ReadingStore = {
    countPatients: () => answer(() => state.count),
    patientsWithPendingOutbox: () => answer(() => state.pending),
  };
  const backUp = () => {
    state.mode = 'up';
    for (const go of parked.splice(0)) go();
  };
  return { state, store, backUp };
}

/** The value of one sample line (`name{labels} value`), or undefined when the series is absent. */
function sample(text: string, name: string, labels = ''): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

async function timedRender(render: () => Promise<string>): Promise<{ body: string; ms: number }> {
  const started = Date.now();
  const body = await render();
  return { body, ms: Date.now() - started };
}

describe('metrics while the store does not answer', () => {
  it('answers within the read bound; readings never taken are left out and marked stale', async () => {
    const { state, store } = switchableStore();
    state.mode = 'hung';
    const metrics = createMetrics({ store, processMetrics: false, readTimeoutMs: 300 });
    metrics.observeTurn(12, 'error');
    const { body, ms } = await timedRender(metrics.render);
    expect(ms).toBeLessThan(1_000);
    expect(sample(body, METRIC_NAMES.turns, 'outcome="error"')).toBe(1);
    expect(sample(body, METRIC_NAMES.activePatients)).toBeUndefined();
    expect(sample(body, METRIC_NAMES.queueDepth, 'queue="outbox"')).toBeUndefined();
    expect(sample(body, METRIC_NAMES.stale, 'collector="active_patients"')).toBe(1);
    expect(sample(body, METRIC_NAMES.stale, 'collector="queue_outbox"')).toBe(1);
  });

  it('keeps the last known values while the store hangs or fails, and reads afresh once it answers', async () => {
    const { state, store, backUp } = switchableStore();
    const metrics = createMetrics({ store, processMetrics: false, readTimeoutMs: 300, patientCountTtlMs: 0 });
    let body = await metrics.render();
    expect(sample(body, METRIC_NAMES.activePatients)).toBe(3);
    expect(sample(body, METRIC_NAMES.queueDepth, 'queue="outbox"')).toBe(2);
    expect(sample(body, METRIC_NAMES.stale, 'collector="active_patients"')).toBe(0);

    for (const mode of ['failing', 'hung'] as const) {
      state.mode = mode;
      const scrape = await timedRender(metrics.render);
      expect(scrape.ms).toBeLessThan(1_000);
      expect(sample(scrape.body, METRIC_NAMES.activePatients)).toBe(3);
      expect(sample(scrape.body, METRIC_NAMES.queueDepth, 'queue="outbox"')).toBe(2);
      expect(sample(scrape.body, METRIC_NAMES.stale, 'collector="active_patients"')).toBe(1);
      expect(sample(scrape.body, METRIC_NAMES.stale, 'collector="queue_outbox"')).toBe(1);
    }

    state.count = 4;
    state.pending = [];
    backUp();
    body = await metrics.render();
    expect(sample(body, METRIC_NAMES.activePatients)).toBe(4);
    expect(sample(body, METRIC_NAMES.queueDepth, 'queue="outbox"')).toBe(0);
    expect(sample(body, METRIC_NAMES.stale, 'collector="active_patients"')).toBe(0);
    expect(sample(body, METRIC_NAMES.stale, 'collector="queue_outbox"')).toBe(0);
  });

  it('does not pile up reads: a read still hanging from the last scrape is neither repeated nor waited for again', async () => {
    const { state, store } = switchableStore();
    state.mode = 'hung';
    const metrics = createMetrics({ store, processMetrics: false, readTimeoutMs: 400, patientCountTtlMs: 0 });
    await metrics.render();
    expect(state.reads).toBe(2); // the patient count and the outbox, once each
    const again = await timedRender(metrics.render);
    expect(state.reads).toBe(2);
    expect(again.ms).toBeLessThan(300);
    expect(sample(again.body, METRIC_NAMES.stale, 'collector="queue_outbox"')).toBe(1);
  });

  it('bounds a queue depth that hangs (BullMQ waits for Redis forever) the same way', async () => {
    const metrics = createMetrics({ processMetrics: false, readTimeoutMs: 300 });
    let hung = false;
    metrics.watchQueue('delivery', () => (hung ? new Promise<number>(() => {}) : 5));
    expect(sample(await metrics.render(), METRIC_NAMES.queueDepth, 'queue="delivery"')).toBe(5);
    hung = true;
    const { body, ms } = await timedRender(metrics.render);
    expect(ms).toBeLessThan(1_000);
    expect(sample(body, METRIC_NAMES.queueDepth, 'queue="delivery"')).toBe(5);
    expect(sample(body, METRIC_NAMES.stale, 'collector="queue_delivery"')).toBe(1);
  });
});

describe('bounded readings', () => {
  it('gives up a read that never settles after abandonAfterMs and tries again', async () => {
    const readings = new BoundedReadings(50, undefined, 200);
    let calls = 0;
    readings.set('stuck', () => (++calls === 1 ? new Promise<number>(() => {}) : 7));
    await readings.refresh();
    expect(readings.isStale('stuck')).toBe(true);
    await readings.refresh();
    expect(calls).toBe(1);
    await new Promise((r) => setTimeout(r, 250));
    await readings.refresh();
    expect(calls).toBe(2);
    expect(readings.value('stuck')).toBe(7);
    expect(readings.isStale('stuck')).toBe(false);
  });
});

/**
 * Prometheus metrics (prom-client) served at `GET /metrics` on the one HTTP server. Each app has
 * its own registry, so several apps in one process (tests, benchmarks) never collide. Metric
 * labels carry only closed vocabularies (outcome, level, channel, queue name): never a patient id,
 * a chat id or anything a patient wrote.
 */

import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AlertLevel } from '../../flows/intents.js';
import { deliveryFailure } from '../engine/deliveryError.js';
import type { AlertSink, Delivery } from '../engine/ports.js';
import type { TurnOutcome } from '../engine/turnEngine.js';
import type { Address, Channel, ChatMenu, OutboundMessage, SentRef } from '../engine/types.js';
import type { HttpServer } from '../http/server.js';
import type { Logger } from '../log.js';
import type { OutboxStore, PatientStore } from '../store/ports.js';
import type { AlertDraft } from '../store/records.js';
import { BoundedReadings } from './boundedReadings.js';
import type { RedisState } from './redisGuard.js';
import { createRedisMetrics, REDIS_METRIC_NAMES } from './redisMetrics.js';

export type { TurnOutcome } from '../engine/turnEngine.js';

/** A source of a queue's depth (messages or items waiting), read on each scrape. */
export type DepthSource = () => number | Promise<number>;

/** Options of {@link createMetrics}. */
export interface MetricsOptions {
  /**
   * Where `dongyu_active_patients` and the outbox depth are read from; its `ping`, when it has one,
   * feeds `dongyu_store_up`.
   */
  store?: Pick<PatientStore, 'countPatients'> &
    Pick<OutboxStore, 'patientsWithPendingOutbox'> & { ping?: () => Promise<unknown> };
  /** Also export Node's process metrics (RSS, heap, event-loop lag, ...). Default true. */
  processMetrics?: boolean;
  /** How long the patient count is cached between scrapes, ms (one Redis round trip). Default 30 000. */
  patientCountTtlMs?: number;
  /**
   * How long a scrape waits for a reading from the store or a queue, ms. Past it the reading keeps
   * its last known value and `dongyu_metrics_stale` says so. Default 1000.
   */
  readTimeoutMs?: number;
  log?: Logger;
}

/** Every metric name Dongyu exports (documented in docs/operations.md#metrics-get-metrics). */
export const METRIC_NAMES = {
  turns: 'dongyu_turns_total',
  turnSeconds: 'dongyu_turn_duration_seconds',
  alerts: 'dongyu_alerts_total',
  deliveries: 'dongyu_deliveries_total',
  retries: 'dongyu_delivery_retries_total',
  queueDepth: 'dongyu_queue_depth',
  activePatients: 'dongyu_active_patients',
  retentionErased: 'dongyu_retention_erased_total',
  stale: 'dongyu_metrics_stale',
  storeUp: 'dongyu_store_up',
  realerts: 'dongyu_alert_realerts_total',
  ...REDIS_METRIC_NAMES,
} as const;

/** The `collector` label of `dongyu_metrics_stale` for the patient count (queues: `queue_<name>`). */
const ACTIVE_PATIENTS = 'active_patients';
/** The `collector` label of `dongyu_metrics_stale` for the store's ping (`dongyu_store_up`). */
const STORE_PING = 'store_ping';

/** Turn latency buckets in seconds: 1 ms to 10 s. */
const TURN_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];

/** The app's metrics and the hooks that feed them. */
export interface Metrics {
  readonly registry: Registry;
  /** The turn engine's `onTurn` hook (`err`: why a turn failed, for the Redis refusals). */
  observeTurn(ms: number, outcome: TurnOutcome, err?: unknown): void;
  /** The Redis guard's latest check (`redisGuard.ts`). */
  redisState(state: RedisState): void;
  /** Wraps an {@link AlertSink} so every raised alert is counted by level. */
  countAlerts(sink: AlertSink): AlertSink;
  /** Wraps a {@link Delivery} so every send is counted by channel and result. */
  countDeliveries(delivery: Delivery): Delivery;
  /** Counts one retry the caller scheduled (e.g. a delivery queue after a 429). */
  countRetry(channel: string, reason: RetryReason): void;
  /**
   * Counts one re-alert sent: an urgent or high alert nobody acknowledged within its re-alert
   * interval (`URGENT_REALERT_MINUTES`, `HIGH_REALERT_MINUTES`).
   */
  countRealert(level: AlertLevel): void;
  /** Counts patients the retention sweep erased (silent for the retention period). */
  countRetentionErased(count: number): void;
  /** Reports `source` as `dongyu_queue_depth{queue=name}` (replaces an earlier source of that name). */
  watchQueue(name: string, source: DepthSource): void;
  /** The metrics in Prometheus text format. */
  render(): Promise<string>;
  readonly contentType: string;
}

/** Why a delivery will be tried again. */
export type RetryReason = 'rate_limited' | 'temporary';

/** Creates the metrics for one app. */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'dongyu_' });
  const turns = new Counter({
    name: METRIC_NAMES.turns,
    help: 'Turns handled, by outcome (ok, duplicate re-delivery, error).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const turnSeconds = new Histogram({
    name: METRIC_NAMES.turnSeconds,
    help: 'Time from receiving an event to having committed it and performed its outbox, seconds.',
    labelNames: ['outcome'] as const,
    buckets: TURN_BUCKETS,
    registers: [registry],
  });
  const alerts = new Counter({
    name: METRIC_NAMES.alerts,
    help: 'Counsellor alerts raised by the flows, by level.',
    labelNames: ['level'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: METRIC_NAMES.deliveries,
    help: 'Message deliveries attempted, by channel and result (sent, failed).',
    labelNames: ['channel', 'result'] as const,
    registers: [registry],
  });
  const retries = new Counter({
    name: METRIC_NAMES.retries,
    help: 'Failed deliveries that will be retried, by channel and reason (rate_limited, temporary).',
    labelNames: ['channel', 'reason'] as const,
    registers: [registry],
  });
  const retentionErased = new Counter({
    name: METRIC_NAMES.retentionErased,
    help: 'Patients erased by the retention sweep: silent for the retention period (HISTORY_RETENTION_DAYS).',
    registers: [registry],
  });
  const realerts = new Counter({
    name: METRIC_NAMES.realerts,
    help: 'Re-alerts sent: an urgent or high alert nobody acknowledged within its re-alert interval, by level.',
    labelNames: ['level'] as const,
    registers: [registry],
  });
  for (const outcome of ['ok', 'duplicate', 'undelivered', 'error']) turns.inc({ outcome }, 0);
  for (const level of ['urgent', 'high', 'routine']) alerts.inc({ level }, 0);
  for (const level of ['urgent', 'high']) realerts.inc({ level }, 0);

  // Readings that need the store or a queue's Redis: bounded, so /metrics answers during an outage.
  const readings = new BoundedReadings(options.readTimeoutMs ?? 1_000, options.log);
  const queues = new Set<string>();
  const watchQueue = (name: string, source: DepthSource) => {
    queues.add(name);
    readings.set(`queue_${name}`, source);
  };
  const store = options.store;
  if (store) {
    readings.set(ACTIVE_PATIENTS, () => store.countPatients(), {
      ttlMs: options.patientCountTtlMs ?? 30_000,
    });
    watchQueue('outbox', async () => (await store.patientsWithPendingOutbox()).length);
  }
  const ping = store?.ping?.bind(store);
  if (ping)
    readings.set(STORE_PING, async () => {
      await ping();
      return 1;
    });
  new Gauge({
    name: METRIC_NAMES.queueDepth,
    help: 'Items waiting: outbox = patients with committed but unperformed intents; delivery = queued messages.',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      await readings.refresh();
      this.reset();
      for (const queue of queues) {
        const depth = readings.value(`queue_${queue}`);
        if (depth !== undefined) this.set({ queue }, depth);
      }
    },
  });
  new Gauge({
    name: METRIC_NAMES.activePatients,
    help: 'Patients with stored state (enrolled, not erased, within the retention period).',
    registers: [registry],
    async collect() {
      if (!store) return;
      await readings.refresh();
      const count = readings.value(ACTIVE_PATIENTS);
      // Never read (the store was down since start): left out rather than reported as 0.
      if (count === undefined) this.remove({});
      else this.set(count);
    },
  });
  new Gauge({
    name: METRIC_NAMES.stale,
    help: 'A reading the last scrape could not take in time (the store or queue did not answer): 1 = its last known value is served, or it is left out.',
    labelNames: ['collector'] as const,
    registers: [registry],
    async collect() {
      await readings.refresh();
      this.reset();
      for (const collector of readings.names()) this.set({ collector }, readings.isStale(collector) ? 1 : 0);
    },
  });

  new Gauge({
    name: METRIC_NAMES.storeUp,
    help: 'The store (Redis) answered a ping within the read bound at this scrape: 1 yes, 0 no (down, unreachable or too slow).',
    registers: [registry],
    async collect() {
      if (!ping) return;
      await readings.refresh();
      const answered = readings.value(STORE_PING) !== undefined && !readings.isStale(STORE_PING);
      this.set(answered ? 1 : 0);
    },
  });

  const countRetry = (channel: string, reason: RetryReason) => retries.inc({ channel, reason });
  const redis = createRedisMetrics(registry);

  return {
    registry,
    contentType: registry.contentType,
    observeTurn(ms, outcome, err) {
      turns.inc({ outcome });
      turnSeconds.observe({ outcome }, ms / 1000);
      if (outcome === 'error' && err !== undefined) redis.turnFailed(err);
    },
    redisState: (state) => redis.state(state),
    countAlerts(sink) {
      return {
        async raise(draft: AlertDraft) {
          await sink.raise(draft);
          alerts.inc({ level: draft.level });
        },
        ...(sink.patientErased ? { patientErased: (id: string) => sink.patientErased!(id) } : {}),
      };
    },
    countDeliveries(delivery) {
      return new CountingDelivery(delivery, (channel, err) => {
        if (err === undefined) return deliveries.inc({ channel, result: 'sent' });
        deliveries.inc({ channel, result: 'failed' });
        // A channel whose client counts its own failed attempts marks its errors (no double count).
        if ((err as { retryCounted?: unknown } | null)?.retryCounted === true) return;
        const f = deliveryFailure(err);
        if (f.retryAfterMs !== undefined) countRetry(channel, 'rate_limited');
        else if (f.retryable) countRetry(channel, 'temporary');
      });
    },
    countRetry,
    countRealert: (level) => realerts.inc({ level }),
    countRetentionErased: (count) => retentionErased.inc(count),
    watchQueue,
    render: () => registry.metrics(),
  };
}

/** A {@link Delivery} that reports each send's result; otherwise it forwards everything. */
export class CountingDelivery implements Delivery {
  constructor(
    /** The delivery being counted. */
    readonly inner: Delivery,
    private readonly report: (channel: string, err?: unknown) => void,
  ) {}

  register(channel: Channel): void {
    this.inner.register(channel);
  }

  canReach(address: Address): boolean {
    return this.inner.canReach(address);
  }

  async send(address: Address, message: OutboundMessage): Promise<SentRef | undefined> {
    try {
      const ref = await this.inner.send(address, message);
      this.report(address.channel);
      return ref;
    } catch (err) {
      this.report(address.channel, err);
      throw err;
    }
  }

  edit(ref: SentRef, message: OutboundMessage): Promise<void> {
    return this.inner.edit(ref, message);
  }

  async showMenu(address: Address, menu: ChatMenu | null): Promise<void> {
    await this.inner.showMenu?.(address, menu);
  }

  async eraseFiles(subject: string): Promise<void> {
    await this.inner.eraseFiles?.(subject);
  }

  canSendFiles(address: Address): boolean {
    return this.inner.canSendFiles?.(address) ?? true;
  }
}

/**
 * The depth of a delivery queue, whichever implementation it is: the in-process queue's `size`, or
 * the BullMQ queue's waiting, delayed, prioritized and active jobs. Undefined when it tells neither.
 */
export function deliveryQueueDepth(queue: object): DepthSource | undefined {
  const q = queue as { size?: unknown; counts?: () => Promise<Record<string, number>> };
  if (typeof q.size === 'number') return () => q.size as number;
  if (typeof q.counts === 'function') {
    const counts = q.counts.bind(queue);
    return async () => {
      const c = await counts();
      return (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0) + (c.active ?? 0);
    };
  }
  return undefined;
}

/** Registers `GET /metrics` on the app's HTTP server. */
export function registerMetricsRoute(http: HttpServer, metrics: Metrics): void {
  http.route('GET', '/metrics', async (_req, res) => {
    const body = await metrics.render();
    res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}

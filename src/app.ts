/**
 * The composition root: builds every part from the configuration and wires them into one
 * {@link App}. `npm start` (src/main.ts) and the end-to-end tests both start here.
 */

import type { TelegramChannelOptions } from './channels/telegram/telegramChannel.js';
import { createProgressService, type ProgressService } from './charts/progressService.js';
import { type Clock, systemClock } from './clock.js';
import { type Config, teamsEnabled } from './config.js';
import { loadContent } from './content.js';
import { createDeliveryQueue } from './delivery/createDeliveryQueue.js';
import type { DeliveryQueue } from './delivery/deliveryQueue.js';
import { ChannelDelivery } from './engine/delivery.js';
import type { AppContext, Delivery } from './engine/ports.js';
import { createProfileReader } from './engine/profile.js';
import { createProgramReader } from './engine/programView.js';
import { TurnEngine } from './engine/turnEngine.js';
import { patientOfOutboxItem } from './engine/turnPlan.js';
import type { Channel } from './engine/types.js';
import { createEscalation, type Escalation } from './escalation/escalation.js';
import { ExportService } from './export/exportService.js';
import { HttpServer } from './http/server.js';
import { I18n } from './i18n.js';
import { createLogger, type Logger } from './log.js';
import { throttledLog } from './logThrottle.js';
import { registerHealthRoutes } from './ops/health.js';
import { createMetrics, deliveryQueueDepth, type Metrics, registerMetricsRoute } from './ops/metrics.js';
import { RedisGuard } from './ops/redisGuard.js';
import { RetentionSweep } from './ops/retentionSweep.js';
import { TurnTracker } from './ops/shutdown.js';
import { createBullmqScheduler } from './scheduling/bullmqScheduler.js';
import { InProcessScheduler } from './scheduling/inProcessScheduler.js';
import type { DueJob, Scheduler } from './scheduling/scheduler.js';
import { MemoryStore } from './store/memoryStore.js';
import { createRedisStore } from './store/redisConnection.js';
import { checkRedisAtStart, type RedisStartError, refusedAtStart } from './store/redisStartCheck.js';
import { RedisStore } from './store/redisStore.js';
import type { Store } from './store/store.js';

/** How often pending outbox items left by temporary failures are retried. */
const OUTBOX_SWEEP_MS = 30_000;
/**
 * How often patients silent for the retention period are looked for (and once at start). A look
 * that finds nobody is one read of the activity index.
 */
const RETENTION_SWEEP_MS = 60 * 60_000;

/** Parts a test (or an embedding program) may supply instead of the defaults. */
export interface AppOverrides {
  clock?: Clock;
  store?: Store;
  scheduler?: Scheduler;
  logger?: Logger;
  delivery?: Delivery;
  /**
   * The rate-limited queue for messages that are not replies. Default: the BullMQ queue with
   * `REDIS_URL`; none in the embedded default (one process, trial volumes: sent directly).
   */
  deliveryQueue?: DeliveryQueue | null;
  /** Extra channels to register (the console chat registers itself this way). */
  channels?: Channel[];
  /** Tuning of the Telegram channel (tests shorten its waits). */
  telegram?: TelegramChannelOptions;
  /** How long a crisis message waits for the store before its reply goes out without it (crisisFirst.ts). */
  crisisWaitMs?: number;
}

/** A running (or ready to run) Dongyu. */
export interface App extends AppContext {
  channels: Channel[];
  turnEngine: TurnEngine;
  escalation: Escalation;
  progress: ProgressService;
  /** Prometheus metrics (served at `GET /metrics` on `METRICS_PORT`, never on `PORT`). */
  metrics: Metrics;
  /** Erases patients silent for the retention period; runs at start and every hour. */
  retention: RetentionSweep;
  /**
   * Starts the HTTP servers (first: a port in use fails the start with a `ListenError` before any
   * update is taken), the scheduler and the channels; resolves with the bound ports (`port`: the
   * public one; `metricsPort`: the metrics listener's, 0 when it could not listen in the console chat).
   */
  start(): Promise<{ port: number; metricsPort: number }>;
  /**
   * Graceful shutdown: stop taking updates (webhooks answer 503), finish turns in flight, flush the
   * outbox, then close the HTTP listener (the probes answer until then) and the store.
   */
  stop(): Promise<void>;
}

/**
 * Builds the application from configuration. Nothing starts until {@link App.start}. With
 * `REDIS_URL`, Redis is checked first: a {@link RedisStartError} says what is wrong with it.
 */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const log = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const clock = overrides.clock ?? systemClock;
  const loaded = loadContent();
  // The deployment decides how long a direct question about risk may stay unanswered.
  const content = {
    ...loaded,
    thresholds: {
      ...loaded.thresholds,
      possibleRiskUnansweredMinutes: config.POSSIBLE_RISK_UNANSWERED_MINUTES,
    },
  };
  const i18n = new I18n();
  // Before any connection is opened on REDIS_URL: a Redis that is not there, refuses us or lacks
  // the URL's database stops start-up with one line saying so (ioredis would log and carry on).
  const builtOnRedis = !overrides.store || !overrides.scheduler || overrides.deliveryQueue === undefined;
  if (config.REDIS_URL && builtOnRedis)
    await checkRedisAtStart(config.REDIS_URL, { allowEviction: config.REDIS_ALLOW_EVICTION, log });
  const store =
    overrides.store ??
    (config.REDIS_URL
      ? createRedisStore(config, clock, log)
      : new MemoryStore(clock, config.HISTORY_RETENTION_DAYS, config.AUDIT_RETENTION_DAYS));
  const scheduler =
    overrides.scheduler ??
    (config.REDIS_URL ? createBullmqScheduler(config, clock, log) : new InProcessScheduler(clock, log));
  const metrics = createMetrics({ store, log });
  const delivery = metrics.countDeliveries(overrides.delivery ?? new ChannelDelivery());
  const http = new HttpServer(log);
  // Metrics (patient and alert counts) are not for the public: their own listener, by default on
  // loopback only, so the webhook port never serves them.
  const metricsHttp = new HttpServer(log);
  let escalationRef: Escalation | undefined;
  let engineRef: TurnEngine | undefined;
  const deliveryQueue =
    overrides.deliveryQueue !== undefined
      ? overrides.deliveryQueue
      : config.REDIS_URL
        ? createDeliveryQueue(
            config,
            delivery,
            clock,
            log,
            (id, ref) => {
              // Queued alert copies report their message ids back, so acknowledging edits them too.
              escalationRef?.alerts
                .onQueuedSent(id, ref)
                .catch((err) => log.warn({ err }, 'alert copy not recorded'));
            },
            (id, address) => {
              // A queued check-in refused for good (blocked the bot, the chat gone): unreachable.
              const patientId = patientOfOutboxItem(id);
              if (patientId) void engineRef?.markUnreachable(patientId, address);
            },
          )
        : null;
  const queueDepth = deliveryQueue ? deliveryQueueDepth(deliveryQueue) : undefined;
  if (queueDepth) metrics.watchQueue('delivery', queueDepth);
  // The exercise program as views read it (docs/program.md#dose-and-outcome).
  const programOf = createProgramReader(content, () => clock.now());
  const progress = createProgressService({
    store,
    i18n,
    clock,
    log,
    defaultTimezone: config.DEFAULT_TIMEZONE,
    program: programOf,
  });
  const profileOf = createProfileReader(content, () => clock.now());
  const exports = new ExportService({
    store,
    audit: store,
    i18n,
    clock,
    profileOf,
    defaultTimezone: config.DEFAULT_TIMEZONE,
  });
  // Set below once the escalation service exists (its reset hook needs it); turns report to it.
  let guardRef: RedisGuard | undefined;

  // The context is filled in two steps: the engine and the escalation service refer to each other.
  const ctx = {
    config,
    log,
    clock,
    i18n,
    store,
    scheduler,
    http,
    delivery,
    countRetry: metrics.countRetry,
  } as AppContext;
  // The escalation service reads the context when it uses it, so `engine` may be set below.
  const escalation = createEscalation(
    Object.assign(ctx, {
      progress,
      profileOf,
      exports,
      programOf,
      queue: deliveryQueue ?? undefined,
      countRealert: metrics.countRealert,
    }),
  );
  escalationRef = escalation;
  ctx.desk = escalation.desk;
  const turnEngine = new TurnEngine({
    store,
    scheduler,
    delivery,
    alerts: metrics.countAlerts(escalation.sink),
    queue: deliveryQueue ?? undefined,
    i18n,
    content,
    clock,
    log,
    defaults: { locale: config.DEFAULT_LOCALE, timezone: config.DEFAULT_TIMEZONE },
    exports: (patientId, locale) => exports.exportMessage(patientId, locale, 'patient', 'patient'),
    charts: async (patientId, locale, opts) => {
      const loaded = await store.loadPatient(patientId);
      const timezone = loaded.status === 'ok' ? profileOf(loaded.doc).timezone : undefined;
      return progress.progressMessage(patientId, locale, { ...opts, timezone });
    },
    ...(overrides.crisisWaitMs !== undefined ? { crisisWaitMs: overrides.crisisWaitMs } : {}),
    onTurn: (ms, outcome, err) => {
      metrics.observeTurn(ms, outcome, err);
      guardRef?.noteTurn(outcome === 'error' ? err : undefined);
    },
  });
  engineRef = turnEngine;
  const retention = new RetentionSweep({
    store,
    scheduler,
    clock,
    log,
    retentionDays: config.HISTORY_RETENTION_DAYS,
    onErased: metrics.countRetentionErased,
  });
  // Turns in flight are counted so that stop() can wait for them.
  const turns = new TurnTracker();
  const trackedEngine = turns.wrap(turnEngine);
  ctx.engine = trackedEngine;

  const channels: Channel[] = [...(overrides.channels ?? [])];
  // A platform's SDK is loaded only when the platform is configured. botbuilder alone holds about
  // 20 MB of heap, which every major garbage collection would otherwise mark for nothing, and the
  // marking is what delays turns at load (docs/benchmarks.md#the-open-loop-p99).
  if (config.TELEGRAM_BOT_TOKEN) {
    const { createTelegramChannel } = await import('./channels/telegram/telegramChannel.js');
    channels.push(createTelegramChannel(ctx, overrides.telegram));
  }
  if (teamsEnabled(config)) {
    const { createTeamsChannel } = await import('./channels/teams/index.js');
    const teams = createTeamsChannel(ctx);
    if (teams) channels.push(teams);
  }
  for (const c of channels) delivery.register(c);
  // Redis that refuses writes or forgot everything: readiness, metrics, the counsellors told.
  guardRef =
    store instanceof RedisStore
      ? new RedisGuard(store.deploymentMarker(), clock, log, {
          onState: metrics.redisState,
          async onResetDetected() {
            // What start-up wrote is gone too: the configured chats and the daily digest.
            await escalation.start();
            await escalation.announceReset();
          },
        })
      : undefined;
  const guard = guardRef;
  const health = registerHealthRoutes(ctx, channels, guard);
  registerMetricsRoute(metricsHttp, metrics);

  const onDue = async (job: DueJob) => {
    if (job.target !== 'patient') return escalation.handleDueJob(job);
    const loaded = await store.loadPatient(job.patientId);
    if (loaded.status === 'missing') return;
    const address = loaded.status === 'ok' ? loaded.doc.address : loaded.partial.address;
    if (!address) return;
    await trackedEngine.handle({
      patientId: job.patientId,
      address,
      message: { kind: 'timer', event: job.event },
    });
  };

  let port = 0;
  let metricsPort = 0;
  let sweep: NodeJS.Timeout | undefined;
  let retentionTimer: NodeJS.Timeout | undefined;
  const startAll = async (): Promise<{ port: number; metricsPort: number }> => {
    // The port first: a start that fails on it must fail before any channel took an update (a
    // polled update is confirmed to Telegram by the next getUpdates, and a process that then
    // dies loses it). Until the channels have started, /readyz is 503 and webhooks answer 503.
    const needsHttp = channels.some((c) => c.name !== 'console');
    try {
      port = await http.listen(config.PORT);
    } catch (err) {
      // The console chat works without the health endpoints; a platform channel does not.
      if (needsHttp) throw err;
      log.warn(
        { err, port: config.PORT },
        'HTTP port unavailable; health endpoints are off in the console chat',
      );
    }
    try {
      metricsPort = await metricsHttp.listen(config.METRICS_PORT, config.METRICS_HOST, 'METRICS_PORT');
    } catch (err) {
      if (needsHttp) {
        await http.close();
        throw err;
      }
      log.warn(
        { err, port: config.METRICS_PORT },
        'metrics port unavailable; /metrics is off in the console chat',
      );
    }
    await guard?.start();
    await escalation.start();
    await deliveryQueue?.start();
    await scheduler.start(onDue);
    for (const c of channels) await c.start();
    // What a crashed process committed but never sent goes out now, and a periodic sweep retries
    // items a temporary failure left behind (a patient who never writes again still gets them).
    await turnEngine.recover().catch((err) => log.warn({ err }, 'outbox recovery failed'));
    // During an outage the sweep fails every 30 s: one short line per 5 minutes says so.
    const sweepFailed = throttledLog(log, 'warn', 'outbox sweep failed', 5 * 60_000);
    sweep = setInterval(() => {
      void turnEngine
        .recover()
        .catch((err: Error) => sweepFailed({ err: { name: err.name, message: err.message } }));
    }, OUTBOX_SWEEP_MS);
    sweep.unref();
    // Patients silent for the retention period are erased (the sweep logs its own counts).
    const retentionFailed = throttledLog(log, 'warn', 'retention sweep failed', 60 * 60_000);
    const sweepRetention = () =>
      void retention
        .sweep()
        .catch((err: Error) => retentionFailed({ err: { name: err.name, message: err.message } }));
    sweepRetention();
    retentionTimer = setInterval(sweepRetention, RETENTION_SWEEP_MS);
    retentionTimer.unref();
    guard?.watch();
    health.markStarted();
    log.info(
      {
        channels: channels.map((c) => c.name),
        port,
        metricsPort,
        metricsHost: config.METRICS_HOST,
        redis: Boolean(config.REDIS_URL),
      },
      'dongyu started',
    );
    return { port, metricsPort };
  };

  return Object.assign(ctx, {
    channels,
    turnEngine,
    escalation,
    progress,
    metrics,
    retention,
    async start() {
      try {
        return await startAll();
      } catch (err) {
        // A Redis that refuses writes (full, read-only, MISCONF) is said in one line, not a stack.
        throw (config.REDIS_URL && refusedAtStart(err, config.REDIS_URL)) || err;
      }
    },
    async stop() {
      health.markStopping();
      guard?.stop();
      if (sweep) clearInterval(sweep);
      if (retentionTimer) clearInterval(retentionTimer);
      // No new updates: polling ends, webhooks answer 503 (the platform re-delivers them to another
      // instance). The listener stays open until the end, so the probes answer during the drain.
      // All at once: a channel still waiting for its polled updates must not keep another taking new ones.
      await Promise.all(
        channels.map((c) => c.stop().catch((err) => log.warn({ err }, 'channel stop failed'))),
      );
      // The webhook updates being handled are answered.
      await http.drain();
      // A sweep under way ends after the patient it is at (it uses the scheduler and the store).
      await retention.stop();
      await scheduler.stop();
      // Webhook answers may have gone out while a turn was still sending: let those finish.
      if (!(await turns.drain(10_000)))
        log.warn({ inFlight: turns.inFlight }, 'turns still running at shutdown');
      await turnEngine.recover().catch((err) => log.warn({ err }, 'outbox flush failed'));
      await deliveryQueue?.stop();
      await http.close();
      await metricsHttp.close();
      await store.close();
      log.info('dongyu stopped');
    },
  }) as App;
}

/**
 * The escalation service, assembled: the {@link AlertSink} flows raise alerts into, the
 * {@link CounsellorDesk} channels hand counsellor input to, and the handler for the scheduler's
 * `alert` (re-alert) and `digest` jobs.
 *
 * ```ts
 * const escalation = createEscalation(ctx);   // ctx: the app context, before or after `desk` is set
 * ctx.desk = escalation.desk;
 * await escalation.start();                    // registers configured chats, schedules the digest
 * scheduler.start((job) => job.target === 'patient' ? … : escalation.handleDueJob(job));
 * ```
 */
import type { AlertSink, CounsellorDesk } from '../engine/ports.js';
import type { DueJob } from '../scheduling/scheduler.js';
import { AlertService } from './alertService.js';
import type { EscalationContext } from './context.js';
import { CounsellorCommands } from './counsellorCommands.js';
import { Desk } from './counsellorDesk.js';
import { Destinations } from './destinations.js';

export type { EscalationContext, ProgressPort } from './context.js';

/** What {@link createEscalation} returns. */
export interface Escalation {
  /** Where the turn engine sends `alert` outbox items. */
  sink: AlertSink;
  /** Counsellor enrolment, commands and acknowledgements (put it in `AppContext.desk`). */
  desk: CounsellorDesk;
  /** The alert service itself (acknowledge, digest), for tests and operations. */
  alerts: AlertService;
  /** Registers `COUNSELLOR_TELEGRAM_CHAT_IDS` as destinations and schedules the daily digest. */
  start(): Promise<void>;
  /**
   * Tells every counsellor chat still known (the configured ones always) that Redis lost its data:
   * records, check-ins and open alerts may be missing. Never throws.
   */
  announceReset(): Promise<void>;
  /**
   * Runs a due `alert` (re-alert), `alertCopies` (copies owed after a temporary failure) or
   * `digest` job; ignores `patient` jobs. Idempotent.
   */
  handleDueJob(job: DueJob): Promise<void>;
}

/**
 * Builds the escalation service. `ctx` is read when used, so the composition root may assign
 * `ctx.engine` (needed by `/clear`) after this call; construction needs no desk.
 */
export function createEscalation(ctx: EscalationContext): Escalation {
  const destinations = new Destinations(ctx);
  const alerts = new AlertService(ctx, destinations);
  const desk = new Desk(ctx, destinations, alerts, new CounsellorCommands(ctx, alerts));
  return {
    sink: alerts,
    desk,
    alerts,
    async start() {
      await destinations.registerConfigured();
      // Every registered chat shows the counsellor commands (configured ones, and chats enrolled
      // before menus were set per chat), in the background: a menu is no reason to delay start.
      void destinations
        .list()
        .then((all) =>
          Promise.all(
            all.map((d) => ctx.delivery.showMenu?.(d.address, { audience: 'counsellor', locale: d.locale })),
          ),
        )
        .catch((err: unknown) =>
          ctx.log.warn({ err: (err as Error).name }, 'counsellor menus could not be published'),
        );
      await ctx.scheduler.setDailyDigest(ctx.config.DIGEST_TIME, ctx.config.DEFAULT_TIMEZONE);
    },
    async announceReset() {
      const chats = await destinations.list().catch(() => destinations.configured());
      await Promise.all(
        chats
          .filter((d) => ctx.delivery.canReach(d.address))
          .map((d) =>
            ctx.delivery
              .send(d.address, { text: ctx.i18n.t(d.locale, 'alerts.redisReset') })
              .catch((err: Error) =>
                ctx.log.warn(
                  { channel: d.address.channel, err: err.name },
                  'could not tell a counsellor chat of the Redis reset',
                ),
              ),
          ),
      );
    },
    async handleDueJob(job) {
      if (job.target === 'alert') await alerts.realert(job.alertId);
      else if (job.target === 'alertCopies') await alerts.retryOwed(job.alertId);
      else if (job.target === 'digest') await alerts.sendDigest();
    },
  };
}

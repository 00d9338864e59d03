/**
 * The alert side of escalation: raising alerts from flows ({@link AlertSink}), delivering them to
 * every counsellor destination whichever platform the patient uses, re-alerting until someone
 * acknowledges, the daily digest of routine alerts, and acknowledgement (which edits every copy).
 *
 * Levels and follow-up come from the escalation table (`flows/content/escalation.json`); the
 * re-alert intervals from configuration (`URGENT_REALERT_MINUTES`, `HIGH_REALERT_MINUTES`).
 *
 * This is the façade callers use; the parts live beside it: posting and editing copies
 * (`alertCopies.ts`), what an alert shows (`alertView.ts`), the digest (`alertDigest.ts`), and the
 * later tries of copies a temporary failure missed (`owedCopies.ts`).
 */
import { createHash } from 'node:crypto';
import { levelFor, reasonName } from '../../flows/content/escalation.js';
import { DeliveryError } from '../engine/deliveryError.js';
import type { AlertSink } from '../engine/ports.js';
import type { Address, Locale, SentRef } from '../engine/types.js';
import {
  type AlertDraft,
  type AlertRecord,
  type CounsellorDestination,
  isOpenActionable,
} from '../store/store.js';
import { AlertCopies, lockAlert } from './alertCopies.js';
import { sendDigest } from './alertDigest.js';
import { type AlertView, alertLines, alertMessage, type RenderContext } from './alertMessage.js';
import { alertView, renderContext } from './alertView.js';
import { counsellorActor } from './auditRefs.js';
import { Caseloads } from './caseloads.js';
import type { EscalationContext } from './context.js';
import { type Destinations, sameChat } from './destinations.js';
import { escalationTable } from './escalationTable.js';
import { OwedCopyRetries } from './owedCopies.js';

/** The scheduler key of an alert's next re-alert (per patient, so `/delete` cancels it). */
export const realertKey = (alertId: string) => `alert:${alertId}`;

/** Tolerance when checking that a re-alert job is not early (a duplicate or a retried job). */
const EARLY_TOLERANCE_MS = 60_000;

/**
 * A short, stable alert id (8 base-36 characters) derived from the draft, so that raising the same
 * draft twice (an outbox retry) yields the same alert, never a second one.
 */
export function alertIdFor(draft: AlertDraft): string {
  const digest = createHash('sha256')
    .update(`${draft.patientId}\u0000${reasonName(draft.reason)}\u0000${draft.at}`)
    .digest();
  return (digest.readBigUInt64BE(0) % 36n ** 8n).toString(36).padStart(8, '0');
}

/** The outcome of an acknowledgement. */
export type AckResult =
  | { status: 'done'; alert: AlertRecord }
  | { status: 'already'; alert: AlertRecord }
  | { status: 'notFound' };

/**
 * Queued alert copies are delivery jobs named `al:<alertId>:<send>:<destination>` (send 0 is the
 * alert, 1… its reminders), so a sent copy finds its alert again ({@link AlertService.onQueuedSent}).
 */
function copyTag(alertId: string, send: number): string {
  return `al:${alertId}:${send}`;
}

/**
 * The queue tag of an alert's copies, or none for an urgent alert: it is sent at once, never behind
 * queued check-ins or a counsellor group's gap (which held every urgent alert about 2.5 s on Redis).
 */
function queueTagOf(alert: AlertRecord, send: number): string | undefined {
  return alert.level === 'urgent' ? undefined : copyTag(alert.id, send);
}

function alertIdOfCopy(jobId: string): string | undefined {
  return /^al:([^:]+):/.exec(jobId)?.[1];
}

/** Open alerts a newly enrolled chat is sent at most. */
const CATCH_UP_LIMIT = 20;

/** Raises, delivers, repeats and acknowledges alerts. */
export class AlertService implements AlertSink {
  /** Posts and edits copies in counsellor chats. */
  private readonly copies: AlertCopies;
  /** Copies a temporary failure left owed, and their later tries. */
  private readonly owed: OwedCopyRetries;

  /** Who owns whom (issue 23): an owned patient's alerts go to the owning chat first. */
  readonly caseloads: Caseloads;

  constructor(
    private readonly ctx: EscalationContext,
    private readonly destinations: Destinations,
  ) {
    this.caseloads = new Caseloads(ctx, destinations);
    this.copies = new AlertCopies(ctx, destinations);
    this.owed = new OwedCopyRetries(ctx, destinations, this.copies);
  }

  private render(): RenderContext {
    return renderContext(this.ctx);
  }

  private lock<T>(alertId: string, fn: () => Promise<T>): Promise<T> {
    return lockAlert(this.ctx, alertId, fn);
  }

  /** Raises an alert: stores and audits it, then sends it at once or keeps it for the digest. */
  async raise(draft: AlertDraft): Promise<void> {
    const { store, clock, log } = this.ctx;
    const level = levelFor(draft.reason, draft.level, escalationTable());
    if (level !== draft.level)
      log.warn(
        { reason: reasonName(draft.reason), drafted: draft.level, level },
        'alert level taken from the table',
      );
    const id = alertIdFor(draft);
    await this.lock(id, async () => {
      const existing = await store.getAlert(id);
      if (existing && (existing.sentTo.length > 0 || existing.acknowledgedBy || level === 'routine')) return;
      const alert: AlertRecord = existing ?? { ...draft, level, id, sentTo: [], repeats: 0 };
      if (!existing) {
        await store.saveAlert(alert);
        await store.appendAudit({
          at: clock.now(),
          kind: 'alert',
          patientCode: alert.code,
          detail: `${level} ${reasonName(alert.reason)} ${id}`,
        });
        log.info(
          { alertId: id, level, reason: reasonName(alert.reason), patientCode: alert.code },
          'alert raised',
        );
      }
      if (escalationTable().levels[level].delivery === 'digest') return;
      const view = await this.view(alert);
      const rc = this.render();
      const only = await this.audience(alert, 0);
      const { refs, retryable } = await this.copies.broadcast(
        (locale) => alertMessage(this.ctx.i18n, locale, alert, view, rc),
        { alertId: id },
        queueTagOf(alert, 0),
        only,
      );
      alert.sentTo = refs;
      // Reached nobody, and trying again may work: fail the outbox item so the alert is retried
      // (raise is idempotent) instead of being lost with this process.
      if (alert.sentTo.length === 0 && retryable.length > 0) {
        await store.saveAlert(alert);
        throw new DeliveryError('counsellors', 'undelivered', true);
      }
      // Reached some: each chat a temporary failure missed is owed its copy, tried again soon.
      this.owed.owe(
        alert,
        retryable.map((address) => ({ address, send: 0 })),
        [],
      );
      await store.saveAlert(alert);
      await this.owed.schedule(alert);
      await this.scheduleNext(alert);
      await this.copies.sendChart(alert, only ? only.map((d) => d.address) : await this.copies.reachable());
    });
  }

  /**
   * Which chats a send of an alert goes to (issue 23): an owned patient's to the owning chat only,
   * except an urgent alert's re-alerts (send 1 on), which go to every chat as well; undefined is
   * every chat.
   */
  private async audience(alert: AlertRecord, send: number): Promise<CounsellorDestination[] | undefined> {
    if (alert.level === 'urgent' && send >= 1) return undefined;
    const owner = await this.caseloads.ownerDestination(alert.patientId);
    return owner ? [owner] : undefined;
  }

  /** Milliseconds between re-alerts of a level, from configuration; undefined when it never re-alerts. */
  private interval(alert: AlertRecord): number | undefined {
    const policy = escalationTable().levels[alert.level];
    if (policy.realert === 'none' || !policy.realertMinutesConfig) return undefined;
    if (policy.realert === 'once' && alert.repeats >= 1) return undefined;
    return this.ctx.config[policy.realertMinutesConfig] * 60_000;
  }

  /** Schedules the next re-alert: the n-th one at `at + n × interval` (no drift), never in the past. */
  private async scheduleNext(alert: AlertRecord): Promise<void> {
    const every = this.interval(alert);
    if (every === undefined) return;
    const due = Math.max(alert.at + (alert.repeats + 1) * every, this.ctx.clock.now() + every / 2);
    await this.ctx.scheduler.scheduleOnce(alert.patientId, realertKey(alert.id), due, {
      target: 'alert',
      patientId: alert.patientId,
      alertId: alert.id,
    });
  }

  /** Sends an unacknowledged alert again (a due `alert` job). Idempotent: early or repeated jobs do nothing. */
  async realert(alertId: string): Promise<void> {
    const { store, clock, log } = this.ctx;
    await this.lock(alertId, async () => {
      const alert = await store.getAlert(alertId);
      if (!alert || alert.acknowledgedBy) return;
      const every = this.interval(alert);
      if (every === undefined) return;
      if (clock.now() < alert.at + (alert.repeats + 1) * every - EARLY_TOLERANCE_MS) return;
      const view = await this.view(alert);
      const rc = { ...this.render(), reminder: alert.repeats + 1 };
      const { refs, retryable } = await this.copies.broadcast(
        (locale) => alertMessage(this.ctx.i18n, locale, alert, view, rc),
        { alertId },
        queueTagOf(alert, alert.repeats + 1),
        await this.audience(alert, alert.repeats + 1),
      );
      alert.sentTo.push(...refs);
      // A chat the reminder reached owes nothing older; one it missed is owed the reminder.
      if (alert.owed)
        alert.owed.sends = alert.owed.sends.filter((s) => !refs.some((r) => sameChat(r.address, s.address)));
      this.owed.owe(
        alert,
        retryable.map((address) => ({ address, send: alert.repeats + 1 })),
        [],
      );
      alert.repeats += 1;
      await store.saveAlert(alert);
      log.info({ alertId, level: alert.level, repeats: alert.repeats }, 're-alert sent');
      this.ctx.countRealert?.(alert.level);
      await this.owed.schedule(alert);
      await this.scheduleNext(alert);
    });
  }

  /** Sends the digest of routine alerts not yet sent (a due `digest` job). */
  sendDigest(): Promise<void> {
    return sendDigest(this.ctx, this.copies, this.caseloads);
  }

  /**
   * Records who acknowledged an alert and when, audits it, stops its re-alerts and edits every
   * copy posted (alert messages and digests) to show it.
   */
  async acknowledge(alertId: string, actor: { id: string; name: string }, via: Address): Promise<AckResult> {
    const { store, clock, scheduler, log } = this.ctx;
    const result = await this.lock(alertId, async (): Promise<AckResult> => {
      const alert = await store.getAlert(alertId);
      if (!alert) return { status: 'notFound' };
      if (alert.acknowledgedBy) return { status: 'already', alert };
      alert.acknowledgedBy = { name: actor.name, at: clock.now(), via };
      await store.saveAlert(alert);
      await store.appendAudit({
        at: clock.now(),
        kind: 'ack',
        actor: counsellorActor(via),
        patientCode: alert.code,
        detail: alertId,
      });
      await scheduler.cancel(alert.patientId, realertKey(alertId));
      log.info({ alertId, level: alert.level }, 'alert acknowledged');
      return { status: 'done', alert };
    });
    if (result.status === 'done')
      await this.owed.oweLater(alertId, [], await this.copies.editCopies(result.alert));
    return result;
  }

  /**
   * The patient erased their data: each of their open alerts (not the routine ones, which live in
   * digests) stops re-alerting, and every copy loses its button and says why. Never throws: the
   * erasure goes ahead whatever happens here.
   */
  async patientErased(patientId: string): Promise<void> {
    const { store, scheduler, log, i18n } = this.ctx;
    try {
      const open = (await store.listAlerts({ patientId, open: true })).filter(isOpenActionable);
      const rc = this.render();
      for (const alert of open) {
        await scheduler.cancel(patientId, realertKey(alert.id));
        const view = await this.view(alert);
        for (const ref of alert.sentTo) {
          const locale = await this.destinations.localeOf(ref.address);
          const lines = alertLines(i18n, locale, alert, view, rc);
          lines.push(i18n.t(locale, 'alerts.card.erased'));
          await this.copies.edit(ref, { text: lines.join('\n') }, alert.id);
        }
      }
      if (open.length) log.info({ alerts: open.length }, 'open alerts closed: the patient erased their data');
    } catch (err) {
      log.warn({ err: (err as Error).name }, 'could not close the alerts of an erased patient');
    }
  }

  /**
   * A newly enrolled chat gets the urgent and high alerts still waiting for acknowledgement (the
   * newest {@link CATCH_UP_LIMIT}, oldest first), so an alert raised while no counsellor chat was
   * registered does not wait for its next re-alert. Returns how many were sent; never throws.
   */
  async catchUp(address: Address, locale: Locale): Promise<number> {
    const { store, delivery, log, i18n } = this.ctx;
    let sent = 0;
    try {
      const open = (await store.listAlerts({ open: true }))
        .filter(isOpenActionable)
        .sort((a, b) => a.at - b.at)
        .slice(-CATCH_UP_LIMIT);
      const rc = this.render();
      for (const { id } of open) {
        await this.lock(id, async () => {
          const alert = await store.getAlert(id);
          if (!alert || !isOpenActionable(alert) || alert.sentTo.some((r) => sameChat(r.address, address)))
            return;
          // An owned patient's alert that has not gone beyond its owner stays with it (issue 23).
          const only = await this.audience(alert, alert.repeats);
          if (only && !only.some((d) => sameChat(d.address, address))) return;
          const view = await this.view(alert);
          const ref = await delivery.send(address, alertMessage(i18n, locale, alert, view, rc));
          if (!ref) return;
          alert.sentTo.push(ref);
          await store.saveAlert(alert);
          sent++;
        });
      }
    } catch (err) {
      log.warn({ err: (err as Error).name }, 'could not send the open alerts to a newly enrolled chat');
    }
    if (sent) log.info({ alerts: sent }, 'open alerts sent to a newly enrolled counsellor chat');
    return sent;
  }

  /**
  /**
   * Tries again the copies of an alert a temporary failure left undone (a due `alertCopies` job);
   * see {@link OwedCopyRetries.retry}.
   */
  retryOwed(alertId: string): Promise<void> {
    return this.owed.retry(alertId);
  }

  /** What an alert shows about its patient, as of the alert (history after it is left out). */
  view(alert: AlertRecord): Promise<AlertView> {
    return alertView(this.ctx, alert);
  }

  /**
   * The delivery queue sent a queued alert copy: keep its ref so acknowledging edits it too. A copy
   * that went out after the alert was acknowledged is edited at once.
   */
  async onQueuedSent(id: string, ref: SentRef | undefined): Promise<void> {
    const alertId = alertIdOfCopy(id);
    if (!alertId || !ref) return;
    const acknowledged = await this.lock(alertId, async () => {
      const alert = await this.ctx.store.getAlert(alertId);
      if (!alert) return null;
      if (!alert.sentTo.some((r) => sameChat(r.address, ref.address) && r.messageId === ref.messageId)) {
        alert.sentTo.push(ref);
        await this.ctx.store.saveAlert(alert);
      }
      return alert.acknowledgedBy ? alert : null;
    });
    if (!acknowledged) return;
    await this.owed.oweLater(alertId, [], await this.copies.editCopies(acknowledged, [ref]));
  }
}

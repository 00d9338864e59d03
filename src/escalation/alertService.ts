/**
 * The alert side of escalation: raising alerts from flows ({@link AlertSink}), delivering them to
 * every counsellor destination whichever platform the patient uses, re-alerting until someone
 * acknowledges, the daily digest of routine alerts, and acknowledgement (which edits every copy).
 *
 * Levels and follow-up come from the escalation table (`flows/content/escalation.json`); the
 * re-alert intervals from configuration (`URGENT_REALERT_MINUTES`, `HIGH_REALERT_MINUTES`).
 */
import { createHash } from 'node:crypto';
import { levelFor, reasonName } from '../../flows/content/escalation.js';
import { DeliveryError, deliveryFailure } from '../engine/deliveryError.js';
import type { AlertSink } from '../engine/ports.js';
import type { Address, Locale, OutboundMessage, SentRef } from '../engine/types.js';
import { type AlertDraft, type AlertRecord, isOpenActionable } from '../store/store.js';
import {
  type AlertView,
  acknowledgedMessage,
  alertLines,
  alertMessage,
  type DigestItem,
  digestMessage,
  type RenderContext,
} from './alertMessage.js';
import type { EscalationContext } from './context.js';
import { type Destinations, sameChat } from './destinations.js';
import { escalationTable } from './escalationTable.js';
import { displayWho, profileFromSnapshot, safeProfile } from './patientProfile.js';
import { lastCheckin, lastCravings } from './patientSummary.js';

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

function alertIdOfCopy(jobId: string): string | undefined {
  return /^al:([^:]+):/.exec(jobId)?.[1];
}

/** Open alerts a newly enrolled chat is sent at most. */
const CATCH_UP_LIMIT = 20;

/** Raises, delivers, repeats and acknowledges alerts. */
export class AlertService implements AlertSink {
  constructor(
    private readonly ctx: EscalationContext,
    private readonly destinations: Destinations,
  ) {}

  private render(): RenderContext {
    return { timezone: this.ctx.config.DEFAULT_TIMEZONE, now: this.ctx.clock.now() };
  }

  private lock<T>(alertId: string, fn: () => Promise<T>): Promise<T> {
    return this.ctx.store.withPatientLock(`alert:${alertId}`, fn);
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
      const failed = { retryable: 0 };
      alert.sentTo = await this.broadcast(
        (locale) => alertMessage(this.ctx.i18n, locale, alert, view, rc),
        failed,
        copyTag(id, 0),
      );
      await store.saveAlert(alert);
      // Reached nobody, and trying again may work: fail the outbox item so the alert is retried
      // (raise is idempotent) instead of being lost with this process.
      if (alert.sentTo.length === 0 && failed.retryable > 0)
        throw new DeliveryError('counsellors', 'undelivered', true);
      await this.scheduleNext(alert);
      await this.sendChart(alert, await this.reachable());
    });
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
      const refs = await this.broadcast(
        (locale) => alertMessage(this.ctx.i18n, locale, alert, view, rc),
        undefined,
        copyTag(alertId, alert.repeats + 1),
      );
      alert.sentTo.push(...refs);
      alert.repeats += 1;
      await store.saveAlert(alert);
      log.info({ alertId, level: alert.level, repeats: alert.repeats }, 're-alert sent');
      await this.scheduleNext(alert);
    });
  }

  /** Sends the digest of routine alerts not yet sent (a due `digest` job). */
  async sendDigest(): Promise<void> {
    const { store, log } = this.ctx;
    const pending = (await store.listAlerts({ open: true }))
      .filter((a) => a.level === 'routine' && a.repeats === 0 && a.sentTo.length === 0)
      .sort((a, b) => a.at - b.at);
    if (!pending.length) return;
    const items = await this.digestItems(pending);
    const rc = this.render();
    const refs = await this.broadcast((locale) => digestMessage(this.ctx.i18n, locale, items, rc));
    if (!refs.length) {
      log.warn({ alerts: pending.length }, 'digest reached no counsellor destination; kept for the next one');
      return;
    }
    for (const a of pending) {
      await this.lock(a.id, async () => {
        const fresh = await store.getAlert(a.id);
        if (!fresh) return;
        fresh.sentTo = refs;
        fresh.repeats = 1;
        await store.saveAlert(fresh);
      });
    }
    log.info({ alerts: pending.length, destinations: refs.length }, 'digest sent');
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
        actor: actor.name,
        patientCode: alert.code,
        detail: alertId,
      });
      await scheduler.cancel(alert.patientId, realertKey(alertId));
      log.info({ alertId, level: alert.level }, 'alert acknowledged');
      return { status: 'done', alert };
    });
    if (result.status === 'done') await this.editCopies(result.alert);
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
          await this.edit(ref, { text: lines.join('\n') });
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

  /** Edits every posted copy of an acknowledged alert. */
  private async editCopies(alert: AlertRecord): Promise<void> {
    const rc = this.render();
    if (alert.level === 'routine') {
      const all = alert.sentTo.length ? await this.ctx.store.listAlerts() : [];
      for (const ref of alert.sentTo) {
        const together = all
          .filter((a) =>
            a.sentTo.some((r) => sameChat(r.address, ref.address) && r.messageId === ref.messageId),
          )
          .sort((a, b) => a.at - b.at);
        const items = await this.digestItems(together);
        const locale = await this.destinations.localeOf(ref.address);
        await this.edit(ref, digestMessage(this.ctx.i18n, locale, items, rc));
      }
      return;
    }
    const view = await this.view(alert);
    const byLocale = new Map<Locale, OutboundMessage>();
    for (const ref of alert.sentTo) {
      const locale = await this.destinations.localeOf(ref.address);
      if (!byLocale.has(locale))
        byLocale.set(locale, acknowledgedMessage(this.ctx.i18n, locale, alert, view, rc));
      await this.edit(ref, byLocale.get(locale)!);
    }
  }

  private async edit(ref: SentRef, message: OutboundMessage): Promise<void> {
    try {
      await this.ctx.delivery.edit(ref, message);
    } catch (err) {
      this.ctx.log.warn(
        { channel: ref.address.channel, err: (err as Error).name },
        'could not edit an alert copy',
      );
    }
  }

  /** Sends a message to every destination (rendered once per language); returns the copies sent. */
  private async broadcast(
    render: (locale: Locale) => OutboundMessage,
    failed: { retryable: number } = { retryable: 0 },
    /** With a delivery queue, copies are queued under `<tag>:<destination>`; refs come via {@link onQueuedSent}. */
    queueTag?: string,
  ): Promise<SentRef[]> {
    const { delivery, log } = this.ctx;
    const refs: SentRef[] = [];
    const byLocale = new Map<Locale, OutboundMessage>();
    const destinations = await this.destinations.list();
    // Nobody can be told: an operator must register a counsellor chat (the alert waits for it).
    if (!destinations.length)
      log.error(
        'no counsellor destination registered: alert kept in the store, and sent to the first chat enrolled; set COUNSELLOR_TELEGRAM_CHAT_IDS or enrol a chat with COUNSELLOR_ENROL_CODE',
      );
    for (const d of destinations) {
      if (!delivery.canReach(d.address)) {
        log.warn({ channel: d.address.channel }, 'counsellor destination on a channel that is not running');
        continue;
      }
      if (!byLocale.has(d.locale)) byLocale.set(d.locale, render(d.locale));
      if (queueTag && this.ctx.queue) {
        const key = `${d.address.channel}.${d.address.conversationId}`;
        await this.ctx.queue.enqueue(`${queueTag}:${key}`, d.address, byLocale.get(d.locale)!);
        continue;
      }
      try {
        const ref = await delivery.send(d.address, byLocale.get(d.locale)!);
        if (ref) refs.push(ref);
      } catch (err) {
        if (deliveryFailure(err).retryable) failed.retryable++;
        log.warn(
          { channel: d.address.channel, err: (err as Error).name },
          'alert delivery to a destination failed',
        );
      }
    }
    return refs;
  }

  /** The code (and shared name) of a patient, and their profile when their record can be read. */
  private async patientLabel(alert: Pick<AlertRecord, 'patientId' | 'code'>) {
    const loaded = await this.ctx.store.loadPatient(alert.patientId);
    if (loaded.status !== 'ok') return { who: alert.code, timezone: undefined };
    const profile = safeProfile(this.ctx.profileOf ?? profileFromSnapshot, loaded.doc);
    return {
      who: displayWho({ code: alert.code, displayName: loaded.doc.displayName }, profile),
      timezone: profile.timezone,
    };
  }

  /** What an alert shows about its patient, as of the alert (history after it is left out). */
  async view(alert: AlertRecord): Promise<AlertView> {
    const { who } = await this.patientLabel(alert);
    const history = (await this.ctx.store.getHistory(alert.patientId)).filter((e) => e.at <= alert.at);
    return { who, cravings: lastCravings(history, 7), lastCheckin: lastCheckin(history) };
  }

  private async digestItems(alerts: readonly AlertRecord[]): Promise<DigestItem[]> {
    const who = new Map<string, string>();
    const items: DigestItem[] = [];
    for (const alert of alerts) {
      if (!who.has(alert.patientId)) who.set(alert.patientId, (await this.patientLabel(alert)).who);
      items.push({ alert, who: who.get(alert.patientId)! });
    }
    return items;
  }

  /** The destinations a running channel can reach. */
  private async reachable(): Promise<Address[]> {
    return (await this.destinations.list())
      .map((d) => d.address)
      .filter((a) => this.ctx.delivery.canReach(a));
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
    const locale = await this.destinations.localeOf(ref.address);
    const view = await this.view(acknowledged);
    await this.edit(ref, acknowledgedMessage(this.ctx.i18n, locale, acknowledged, view, this.render()));
  }

  /**
   * Sends the patient's 14-day chart after a first high or urgent alert, when the charts service is
   * there and has a chart (too little data: the alert's sparkline says enough). Never throws.
   */
  private async sendChart(alert: AlertRecord, to: readonly Address[]): Promise<void> {
    const { progress, delivery, log, queue } = this.ctx;
    if (!progress || !to.length) return;
    try {
      const { timezone } = await this.patientLabel(alert);
      const byLocale = new Map<Locale, OutboundMessage>();
      for (const address of to) {
        const locale = await this.destinations.localeOf(address);
        if (!byLocale.has(locale))
          byLocale.set(
            locale,
            await progress.progressMessage(alert.patientId, locale, {
              days: 14,
              timezone,
              audience: 'counsellor',
            }),
          );
        const chart = byLocale.get(locale)!;
        if (!chart.image) continue;
        if (queue)
          await queue.enqueue(`ch:${alert.id}:${address.channel}.${address.conversationId}`, address, chart);
        else await delivery.send(address, chart);
      }
    } catch (err) {
      log.warn({ alertId: alert.id, err: (err as Error).name }, 'chart for an alert could not be sent');
    }
  }
}

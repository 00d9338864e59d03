/**
 * The copies of an alert in counsellor chats: sending one to every destination (rendered once per
 * language), editing posted copies once the alert is acknowledged, and the chart that follows a
 * first high or urgent alert. Failures are logged with the counsellor chat and the platform's
 * answer; which of them may be tried again is for the caller to keep (`owedCopies.ts`).
 */
import { deliveryFailure, failureFields } from '../engine/deliveryError.js';
import type { Address, Locale, OutboundMessage, SentRef } from '../engine/types.js';
import type { AlertRecord, CounsellorDestination } from '../store/store.js';
import { acknowledgedMessage, digestMessage } from './alertMessage.js';
import { alertView, digestItems, patientLabel, renderContext } from './alertView.js';
import type { EscalationContext } from './context.js';
import { type Destinations, sameChat } from './destinations.js';

/** True when two refs are the same posted message. */
export function sameCopy(a: SentRef, b: SentRef): boolean {
  return sameChat(a.address, b.address) && a.messageId === b.messageId;
}

/**
 * Runs `fn` holding the alert's lock, so a re-alert, an acknowledgement, a retry and a queued
 * copy's ref never overwrite one another's changes to the alert record.
 */
export function lockAlert<T>(ctx: EscalationContext, alertId: string, fn: () => Promise<T>): Promise<T> {
  return ctx.store.withPatientLock(`alert:${alertId}`, fn);
}

/** Sends, edits and logs the copies of alerts (and digests) in counsellor chats. */
export class AlertCopies {
  constructor(
    private readonly ctx: EscalationContext,
    private readonly destinations: Destinations,
  ) {}

  /**
   * Sends a message to every destination (rendered once per language), or to `only` (a patient's
   * owning chat, issue 23); returns the copies sent and the destinations a failure that may pass
   * (5xx, network, a send past its deadline) missed.
   */
  async broadcast(
    render: (locale: Locale) => OutboundMessage,
    logFields: Record<string, unknown> = {},
    /**
     * With a delivery queue, copies are queued under `<tag>:<destination>`; refs come via
     * `onQueuedSent`. Without a tag (an urgent alert) they are sent at once, counted in the queue's limits.
     */
    queueTag?: string,
    only?: readonly CounsellorDestination[],
  ): Promise<{ refs: SentRef[]; retryable: Address[] }> {
    const { delivery, log } = this.ctx;
    const refs: SentRef[] = [];
    const retryable: Address[] = [];
    const byLocale = new Map<Locale, OutboundMessage>();
    const destinations = only ? [...only] : await this.destinations.list();
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
        // Queued messages to this chat make room after it; a Redis that fails here must not stop it.
        await this.ctx.queue
          ?.sendingNow(d.address)
          .catch((err: Error) =>
            log.warn({ err: err.name }, 'direct send not counted in the delivery limits'),
          );
        const ref = await delivery.send(d.address, byLocale.get(d.locale)!);
        if (ref) refs.push(ref);
      } catch (err) {
        if (deliveryFailure(err).retryable) retryable.push(d.address);
        this.logFailure('alert delivery to a destination failed', d.address, err, logFields);
      }
    }
    return { refs, retryable };
  }

  /**
   * Edits posted copies of an acknowledged alert (all of them by default) to show who took it, all
   * at once. Returns the copies whose edit failed in a way that may work later.
   */
  async editCopies(alert: AlertRecord, refs: readonly SentRef[] = alert.sentTo): Promise<SentRef[]> {
    const rc = renderContext(this.ctx);
    const edits: Promise<SentRef | undefined>[] = [];
    const failedLater = async (ref: SentRef, message: OutboundMessage) =>
      (await this.edit(ref, message, alert.id)) ? ref : undefined;
    if (alert.level === 'routine') {
      const all = refs.length ? await this.ctx.store.listAlerts() : [];
      for (const ref of refs) {
        // The digest page this copy is: every alert listed on it shares the ref.
        const together = all
          .filter((a) => a.sentTo.some((r) => sameCopy(r, ref)))
          .sort((a, b) => a.at - b.at);
        const items = await digestItems(this.ctx, together);
        const locale = await this.destinations.localeOf(ref.address);
        const page = together[0]?.digestPage;
        edits.push(failedLater(ref, digestMessage(this.ctx.i18n, locale, items, rc, page)));
      }
    } else {
      const view = await alertView(this.ctx, alert);
      const byLocale = new Map<Locale, OutboundMessage>();
      for (const ref of refs) {
        const locale = await this.destinations.localeOf(ref.address);
        if (!byLocale.has(locale))
          byLocale.set(locale, acknowledgedMessage(this.ctx.i18n, locale, alert, view, rc));
        edits.push(failedLater(ref, byLocale.get(locale)!));
      }
    }
    return (await Promise.all(edits)).filter((r): r is SentRef => r !== undefined);
  }

  /** Edits one copy; never throws. True when it failed in a way that may work later (5xx, network). */
  async edit(ref: SentRef, message: OutboundMessage, alertId: string): Promise<boolean> {
    try {
      await this.ctx.delivery.edit(ref, message);
      return false;
    } catch (err) {
      this.logFailure('could not edit an alert copy', ref.address, err, {
        alertId,
        messageId: ref.messageId,
      });
      return deliveryFailure(err).retryable;
    }
  }

  /**
   * A send or edit to a counsellor chat failed: the chat (its platform id: a counsellor chat, never
   * a patient's) and the platform's answer, so an operator can tell which chat and why.
   */
  logFailure(msg: string, address: Address, err: unknown, extra: Record<string, unknown> = {}): void {
    this.ctx.log.warn(
      { ...extra, channel: address.channel, conversationId: address.conversationId, err: failureFields(err) },
      msg,
    );
  }

  /** The destinations a running channel can reach. */
  async reachable(): Promise<Address[]> {
    return (await this.destinations.list())
      .map((d) => d.address)
      .filter((a) => this.ctx.delivery.canReach(a));
  }

  /**
   * Sends the patient's 14-day chart after a first high or urgent alert, when the charts service is
   * there and has a chart (too little data: the alert's sparkline says enough). Never throws.
   */
  async sendChart(alert: AlertRecord, to: readonly Address[]): Promise<void> {
    const { progress, delivery, log, queue } = this.ctx;
    if (!progress || !to.length) return;
    try {
      const { timezone } = await patientLabel(this.ctx, alert);
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

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
import { DeliveryError, deliveryFailure, failureFields } from '../engine/deliveryError.js';
import type { AlertSink } from '../engine/ports.js';
import type { Address, Locale, OutboundMessage, SentRef } from '../engine/types.js';
import { type AlertDraft, type AlertRecord, isOpenActionable, type OwedCopies } from '../store/store.js';
import {
  type AlertView,
  acknowledgedMessage,
  alertLines,
  alertMessage,
  type DigestItem,
  digestMessage,
  digestPages,
  type RenderContext,
} from './alertMessage.js';
import type { EscalationContext } from './context.js';
import { type Destinations, sameChat } from './destinations.js';
import { escalationTable } from './escalationTable.js';
import { displayWho, profileFromSnapshot, safeProfile } from './patientProfile.js';
import { lastCheckin, lastCravings } from './patientSummary.js';

/** The scheduler key of an alert's next re-alert (per patient, so `/delete` cancels it). */
export const realertKey = (alertId: string) => `alert:${alertId}`;

/** The scheduler key of an alert's owed copies (per patient, so `/delete` cancels it too). */
export const owedKey = (alertId: string) => `alertCopies:${alertId}`;

/**
 * Waits before each new try of copies a temporary failure left undone (a send to one counsellor
 * chat that answered 5xx, or an edit): soon, then backing off; after the last they are given up
 * (about 8 minutes, before an urgent alert's first re-alert).
 */
export const OWED_RETRY_MS: readonly number[] = [5_000, 15_000, 30_000, 60_000, 120_000, 240_000];

function sameCopy(a: SentRef, b: SentRef): boolean {
  return sameChat(a.address, b.address) && a.messageId === b.messageId;
}

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
      const { refs, retryable } = await this.broadcast(
        (locale) => alertMessage(this.ctx.i18n, locale, alert, view, rc),
        { alertId: id },
        copyTag(id, 0),
      );
      alert.sentTo = refs;
      // Reached nobody, and trying again may work: fail the outbox item so the alert is retried
      // (raise is idempotent) instead of being lost with this process.
      if (alert.sentTo.length === 0 && retryable.length > 0) {
        await store.saveAlert(alert);
        throw new DeliveryError('counsellors', 'undelivered', true);
      }
      // Reached some: each chat a temporary failure missed is owed its copy, tried again soon.
      this.owe(
        alert,
        retryable.map((address) => ({ address, send: 0 })),
        [],
      );
      await store.saveAlert(alert);
      await this.scheduleOwed(alert);
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
      const { refs, retryable } = await this.broadcast(
        (locale) => alertMessage(this.ctx.i18n, locale, alert, view, rc),
        { alertId },
        copyTag(alertId, alert.repeats + 1),
      );
      alert.sentTo.push(...refs);
      // A chat the reminder reached owes nothing older; one it missed is owed the reminder.
      if (alert.owed)
        alert.owed.sends = alert.owed.sends.filter((s) => !refs.some((r) => sameChat(r.address, s.address)));
      this.owe(
        alert,
        retryable.map((address) => ({ address, send: alert.repeats + 1 })),
        [],
      );
      alert.repeats += 1;
      await store.saveAlert(alert);
      log.info({ alertId, level: alert.level, repeats: alert.repeats }, 're-alert sent');
      await this.scheduleOwed(alert);
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
    // Each page is one message that stays within every platform's limit, even once each of its
    // items shows who acknowledged it, so acknowledging edits exactly the message it is on.
    const pages = digestPages(this.ctx.i18n, items, rc);
    for (const [i, page] of pages.entries()) {
      const digestPage = pages.length > 1 ? { page: i + 1, pages: pages.length } : undefined;
      const { refs } = await this.broadcast((locale) =>
        digestMessage(this.ctx.i18n, locale, page, rc, digestPage),
      );
      if (!refs.length) {
        log.warn(
          { alerts: page.length, page: i + 1, pages: pages.length },
          'digest reached no counsellor destination; kept for the next one',
        );
        continue;
      }
      for (const { alert: a } of page) {
        await this.lock(a.id, async () => {
          const fresh = await store.getAlert(a.id);
          if (!fresh) return;
          fresh.sentTo = refs;
          fresh.repeats = 1;
          if (digestPage) fresh.digestPage = digestPage;
          else delete fresh.digestPage;
          await store.saveAlert(fresh);
        });
      }
      log.info(
        { alerts: page.length, page: i + 1, pages: pages.length, destinations: refs.length },
        'digest sent',
      );
    }
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
    if (result.status === 'done') await this.oweLater(alertId, [], await this.editCopies(result.alert));
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
          await this.edit(ref, { text: lines.join('\n') }, alert.id);
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

  /**
   * Edits posted copies of an acknowledged alert (all of them by default) to show who took it, all
   * at once. Returns the copies whose edit failed in a way that may work later.
   */
  private async editCopies(alert: AlertRecord, refs: readonly SentRef[] = alert.sentTo): Promise<SentRef[]> {
    const rc = this.render();
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
        const items = await this.digestItems(together);
        const locale = await this.destinations.localeOf(ref.address);
        const page = together[0]?.digestPage;
        edits.push(failedLater(ref, digestMessage(this.ctx.i18n, locale, items, rc, page)));
      }
    } else {
      const view = await this.view(alert);
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
  private async edit(ref: SentRef, message: OutboundMessage, alertId: string): Promise<boolean> {
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
  private logFailure(msg: string, address: Address, err: unknown, extra: Record<string, unknown> = {}): void {
    this.ctx.log.warn(
      { ...extra, channel: address.channel, conversationId: address.conversationId, err: failureFields(err) },
      msg,
    );
  }

  /** Adds copies to what the alert owes (a newer send to a chat replaces an older one); tries start over. */
  private owe(alert: AlertRecord, sends: OwedCopies['sends'], edits: readonly SentRef[]): void {
    if (!sends.length && !edits.length) return;
    const before = alert.owed;
    alert.owed = {
      sends: [
        ...(before?.sends ?? []).filter((o) => !sends.some((s) => sameChat(s.address, o.address))),
        ...sends,
      ],
      edits: [...(before?.edits ?? []).filter((o) => !edits.some((e) => sameCopy(e, o))), ...edits],
      tries: 0,
    };
  }

  /** Schedules the next try of what the alert owes, if anything. */
  private async scheduleOwed(alert: AlertRecord): Promise<void> {
    const owed = alert.owed;
    if (!owed || (!owed.sends.length && !owed.edits.length)) return;
    const wait = OWED_RETRY_MS[Math.min(owed.tries, OWED_RETRY_MS.length - 1)]!;
    await this.ctx.scheduler.scheduleOnce(alert.patientId, owedKey(alert.id), this.ctx.clock.now() + wait, {
      target: 'alertCopies',
      patientId: alert.patientId,
      alertId: alert.id,
    });
  }

  /** Records copies owed after a send or edit made outside the alert's lock, and schedules their try. */
  private async oweLater(
    alertId: string,
    sends: OwedCopies['sends'],
    edits: readonly SentRef[],
  ): Promise<void> {
    if (!sends.length && !edits.length) return;
    await this.lock(alertId, async () => {
      const alert = await this.ctx.store.getAlert(alertId);
      if (!alert) return;
      this.owe(alert, sends, edits);
      await this.ctx.store.saveAlert(alert);
      await this.scheduleOwed(alert);
    });
  }

  /**
   * Tries again the copies of an alert a temporary failure left undone (a due `alertCopies` job):
   * sends to the chats that missed one (unless the alert was acknowledged meanwhile, or the chat is
   * no destination any more) and edits that did not go through. What fails again is tried later,
   * up to {@link OWED_RETRY_MS}'s number of tries; a permanent failure is not tried again.
   */
  async retryOwed(alertId: string): Promise<void> {
    const { store, log, i18n, delivery } = this.ctx;
    await this.lock(alertId, async () => {
      const alert = await store.getAlert(alertId);
      const owed = alert?.owed;
      if (!alert || !owed) return;
      const tries = owed.tries + 1;
      const sends: OwedCopies['sends'] = [];
      if (!alert.acknowledgedBy && owed.sends.length) {
        const view = await this.view(alert);
        await Promise.all(
          owed.sends.map(async (owedSend) => {
            const dest = await this.destinations.find(owedSend.address);
            if (!dest || !delivery.canReach(dest.address)) return;
            const rc = { ...this.render(), reminder: owedSend.send };
            try {
              const ref = await delivery.send(dest.address, alertMessage(i18n, dest.locale, alert, view, rc));
              if (ref) alert.sentTo.push(ref);
              log.info(
                {
                  alertId,
                  channel: dest.address.channel,
                  conversationId: dest.address.conversationId,
                  tries,
                },
                'alert copy delivered on a later try',
              );
            } catch (err) {
              this.logFailure('alert delivery to a destination failed', dest.address, err, {
                alertId,
                tries,
              });
              if (deliveryFailure(err).retryable) sends.push(owedSend);
            }
          }),
        );
      }
      const edits = owed.edits.length ? await this.editCopies(alert, owed.edits) : [];
      if ((sends.length || edits.length) && tries < OWED_RETRY_MS.length)
        alert.owed = { sends, edits, tries };
      else {
        if (sends.length || edits.length)
          log.warn(
            { alertId, sends: sends.length, edits: edits.length, tries },
            'alert copies given up after repeated failures (an unacknowledged alert is sent again at its re-alert)',
          );
        delete alert.owed;
      }
      await store.saveAlert(alert);
      await this.scheduleOwed(alert);
    });
  }

  /**
   * Sends a message to every destination (rendered once per language); returns the copies sent and
   * the destinations a failure that may pass (5xx, network, a send past its deadline) missed.
   */
  private async broadcast(
    render: (locale: Locale) => OutboundMessage,
    logFields: Record<string, unknown> = {},
    /** With a delivery queue, copies are queued under `<tag>:<destination>`; refs come via {@link onQueuedSent}. */
    queueTag?: string,
  ): Promise<{ refs: SentRef[]; retryable: Address[] }> {
    const { delivery, log } = this.ctx;
    const refs: SentRef[] = [];
    const retryable: Address[] = [];
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
        if (deliveryFailure(err).retryable) retryable.push(d.address);
        this.logFailure('alert delivery to a destination failed', d.address, err, logFields);
      }
    }
    return { refs, retryable };
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
    await this.oweLater(alertId, [], await this.editCopies(acknowledged, [ref]));
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

/**
 * Copies of an alert a temporary failure left undone (a send to one counsellor chat that answered
 * 5xx, a network error, a send past its deadline, or an acknowledgement edit): kept on the alert
 * record as what it owes, and tried again for those chats only by a scheduled `alertCopies` job,
 * backing off, a bounded number of times ({@link OWED_RETRY_MS}).
 */
import { deliveryFailure } from '../engine/deliveryError.js';
import type { SentRef } from '../engine/types.js';
import type { AlertRecord, OwedCopies } from '../store/store.js';
import { type AlertCopies, lockAlert, sameCopy } from './alertCopies.js';
import { alertMessage } from './alertMessage.js';
import { alertView, renderContext } from './alertView.js';
import type { EscalationContext } from './context.js';
import { type Destinations, sameChat } from './destinations.js';

/** The scheduler key of an alert's owed copies (per patient, so `/delete` cancels it too). */
export const owedKey = (alertId: string) => `alertCopies:${alertId}`;

/**
 * Waits before each new try of copies a temporary failure left undone (a send to one counsellor
 * chat that answered 5xx, or an edit): soon, then backing off; after the last they are given up
 * (about 8 minutes, before an urgent alert's first re-alert).
 */
export const OWED_RETRY_MS: readonly number[] = [5_000, 15_000, 30_000, 60_000, 120_000, 240_000];

/** Records what alerts owe, schedules its tries, and tries it again. */
export class OwedCopyRetries {
  constructor(
    private readonly ctx: EscalationContext,
    private readonly destinations: Destinations,
    private readonly copies: AlertCopies,
  ) {}

  /**
   * Adds copies to what the alert owes (a newer send to a chat replaces an older one); tries start
   * over. Changes the record only: the caller holds the lock, saves, then calls {@link schedule}.
   */
  owe(alert: AlertRecord, sends: OwedCopies['sends'], edits: readonly SentRef[]): void {
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
  async schedule(alert: AlertRecord): Promise<void> {
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
  async oweLater(alertId: string, sends: OwedCopies['sends'], edits: readonly SentRef[]): Promise<void> {
    if (!sends.length && !edits.length) return;
    await lockAlert(this.ctx, alertId, async () => {
      const alert = await this.ctx.store.getAlert(alertId);
      if (!alert) return;
      this.owe(alert, sends, edits);
      await this.ctx.store.saveAlert(alert);
      await this.schedule(alert);
    });
  }

  /**
   * Tries again the copies of an alert a temporary failure left undone (a due `alertCopies` job):
   * sends to the chats that missed one (unless the alert was acknowledged meanwhile, or the chat is
   * no destination any more) and edits that did not go through. What fails again is tried later,
   * up to {@link OWED_RETRY_MS}'s number of tries; a permanent failure is not tried again.
   */
  async retry(alertId: string): Promise<void> {
    const { store, log, i18n, delivery } = this.ctx;
    await lockAlert(this.ctx, alertId, async () => {
      const alert = await store.getAlert(alertId);
      const owed = alert?.owed;
      if (!alert || !owed) return;
      const tries = owed.tries + 1;
      const sends: OwedCopies['sends'] = [];
      if (!alert.acknowledgedBy && owed.sends.length) {
        const view = await alertView(this.ctx, alert);
        await Promise.all(
          owed.sends.map(async (owedSend) => {
            const dest = await this.destinations.find(owedSend.address);
            if (!dest || !delivery.canReach(dest.address)) return;
            const rc = { ...renderContext(this.ctx), reminder: owedSend.send };
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
              this.copies.logFailure('alert delivery to a destination failed', dest.address, err, {
                alertId,
                tries,
              });
              if (deliveryFailure(err).retryable) sends.push(owedSend);
            }
          }),
        );
      }
      const edits = owed.edits.length ? await this.copies.editCopies(alert, owed.edits) : [];
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
      await this.schedule(alert);
    });
  }
}

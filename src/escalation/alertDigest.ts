/**
 * The daily digest of routine alerts: those not yet sent, oldest first, in pages of one message
 * each. Every alert on a page keeps that page's copies, so acknowledging one edits exactly the
 * message it is on (`AlertCopies.editCopies`).
 */
import type { AlertRecord, CounsellorDestination } from '../store/store.js';
import { type AlertCopies, lockAlert } from './alertCopies.js';
import { digestMessage, digestPages } from './alertMessage.js';
import { digestItems, renderContext } from './alertView.js';
import { type Caseloads, chatRef } from './caseloads.js';
import type { EscalationContext } from './context.js';

/**
 * Sends the digest of routine alerts not yet sent (a due `digest` job): one to each chat that
 * owns patients with alerts in it, one to every chat for the rest. A page that reached no
 * counsellor chat leaves its alerts for the next digest.
 */
export async function sendDigest(
  ctx: EscalationContext,
  copies: AlertCopies,
  caseloads: Caseloads,
): Promise<void> {
  const { store } = ctx;
  const pending = (await store.listAlerts({ open: true }))
    .filter((a) => a.level === 'routine' && a.repeats === 0 && a.sentTo.length === 0)
    .sort((a, b) => a.at - b.at);
  if (!pending.length) return;
  // Owned patients' alerts go to their owning chat's digest (issue 23); the others to every chat.
  const groups = new Map<string, { only?: CounsellorDestination[]; alerts: AlertRecord[] }>();
  for (const alert of pending) {
    const owner = await caseloads.ownerDestination(alert.patientId);
    const key = owner ? chatRef(owner.address) : '';
    const group = groups.get(key) ?? { ...(owner ? { only: [owner] } : {}), alerts: [] };
    group.alerts.push(alert);
    groups.set(key, group);
  }
  for (const { only, alerts } of groups.values()) await sendPages(ctx, copies, alerts, only);
}

/** Sends one digest (to `only`, or to every chat) in pages, and records each page's copies. */
async function sendPages(
  ctx: EscalationContext,
  copies: AlertCopies,
  pending: AlertRecord[],
  only: CounsellorDestination[] | undefined,
): Promise<void> {
  const { store, log } = ctx;
  const items = await digestItems(ctx, pending);
  const rc = renderContext(ctx);
  // Each page is one message that stays within every platform's limit, even once each of its
  // items shows who acknowledged it, so acknowledging edits exactly the message it is on.
  const pages = digestPages(ctx.i18n, items, rc);
  for (const [i, page] of pages.entries()) {
    const digestPage = pages.length > 1 ? { page: i + 1, pages: pages.length } : undefined;
    const { refs } = await copies.broadcast(
      (locale) => digestMessage(ctx.i18n, locale, page, rc, digestPage),
      {},
      undefined,
      only,
    );
    if (!refs.length) {
      log.warn(
        { alerts: page.length, page: i + 1, pages: pages.length },
        'digest reached no counsellor destination; kept for the next one',
      );
      continue;
    }
    for (const { alert: a } of page) {
      await lockAlert(ctx, a.id, async () => {
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

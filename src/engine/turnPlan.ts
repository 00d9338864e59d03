/**
 * What a turn's intents become, before anything is performed: history entries to append and
 * outbox items to commit with the snapshot (says rendered in the patient's language, merged into
 * as few messages as keep their order; alerts after the messages; an erasure last). Pure, like
 * XState's `resolve`: the engine performs the outbox only once the turn is committed.
 */
import type { HistoryEntry } from '../../flows/history.js';
import type { Intent, SayIntent } from '../../flows/intents.js';
import type { I18n } from '../i18n.js';
import type { OutboxItem, PatientDoc } from '../store/store.js';
import { mergeMessages, renderSay } from './render.js';
import type { OutboundMessage } from './types.js';

/**
 * The patient an outbox item id belongs to (ids are `<patientId>:<created>:<revision>:<n>`, see
 * {@link planTurn}), so a queued message the platform refused can be traced back to its patient.
 * Undefined for ids of another shape (alert copies, relays).
 */
export function patientOfOutboxItem(id: string): string | undefined {
  const parts = id.split(':');
  if (parts.length < 5 || !parts.slice(-2).every((p) => /^\d+$/.test(p))) return undefined;
  return parts.slice(0, -3).join(':');
}

/** Turns intents into history entries and outbox items; a `setLocale` also updates `doc.locale`. */
export function planTurn(
  i18n: I18n,
  intents: Intent[],
  doc: PatientDoc,
  now: number,
  proactive: boolean,
): { history: HistoryEntry[]; outbox: OutboxItem[] } {
  const history: HistoryEntry[] = [];
  const outbox: OutboxItem[] = [];
  // Unique across erasures too (a returning patient starts again at revision 1).
  const id = (n: number) => `${doc.patientId}:${doc.createdAt.toString(36)}:${doc.revision}:${n}`;
  let messages: OutboundMessage[] = [];
  let locale = doc.locale;
  const flush = () => {
    for (const m of mergeMessages(messages))
      outbox.push({
        id: id(outbox.length),
        kind: 'message',
        address: doc.address,
        message: m,
        ...(proactive ? { queued: true } : {}),
      });
    messages = [];
  };
  let erase: { keepOpenAlerts: boolean } | undefined;
  const alerts: Omit<Extract<OutboxItem, { kind: 'alert' }>, 'id'>[] = [];
  for (const intent of intents) {
    switch (intent.type) {
      case 'say':
        messages.push(renderSay(i18n, locale, intent as SayIntent));
        break;
      case 'setLocale':
        locale = intent.locale;
        doc.locale = intent.locale;
        break;
      case 'record':
        history.push(intent.entry);
        break;
      case 'alert':
        // Alerts follow the turn's messages in the outbox (performPending starts them at once).
        alerts.push({
          kind: 'alert',
          alert: {
            patientId: doc.patientId,
            code: doc.code,
            level: intent.level,
            reason: intent.reason,
            params: intent.params,
            toldPatient: intent.toldPatient,
            at: now,
          },
        });
        break;
      case 'scheduleCheckin':
        outbox.push({
          id: id(outbox.length),
          kind: 'scheduleCheckin',
          time: intent.time,
          timezone: intent.timezone,
          pausedUntil: intent.pausedUntil,
          reminderAfterMinutes: intent.reminderAfterMinutes,
        });
        break;
      case 'scheduleEvent':
        outbox.push({
          id: id(outbox.length),
          kind: 'scheduleEvent',
          key: intent.key,
          at: now + intent.delayMs,
          event: intent.event,
        });
        break;
      case 'cancelEvent':
        outbox.push({ id: id(outbox.length), kind: 'cancelEvent', key: intent.key });
        break;
      case 'chart':
        flush();
        outbox.push({
          id: id(outbox.length),
          kind: 'chart',
          address: doc.address,
          locale,
          days: intent.days,
          weekly: intent.weekly,
        });
        break;
      case 'erase':
        erase = { keepOpenAlerts: intent.keepOpenAlerts === true };
        break;
      case 'export':
        flush();
        outbox.push({ id: id(outbox.length), kind: 'export', address: doc.address, locale });
        break;
    }
  }
  flush();
  for (const a of alerts) outbox.push({ ...a, id: id(outbox.length) });
  if (erase)
    outbox.push({
      id: id(outbox.length),
      kind: 'erase',
      ...(erase.keepOpenAlerts ? { keepOpenAlerts: true } : {}),
    });
  return { history, outbox };
}

/** Renders `say` intents into channel-neutral messages in the patient's language. */
import type { Ask, SayIntent } from '../../flows/intents.js';
import type { I18n } from '../i18n.js';
import { encodeButtonData, type Locale, type OutboundMessage } from './types.js';

/** One say intent as a message. */
export function renderSay(i18n: I18n, locale: Locale, say: SayIntent): OutboundMessage {
  const text = i18n.t(locale, say.text.key, say.text.params);
  return say.ask ? { text, ...renderAsk(i18n, locale, say.ask) } : { text };
}

/** The buttons of an ask. */
export function renderAsk(
  i18n: I18n,
  locale: Locale,
  ask: Ask,
): Pick<OutboundMessage, 'kind' | 'buttons' | 'askId' | 'numbersAreAmounts'> {
  return {
    kind: ask.kind,
    askId: ask.id,
    ...(ask.typedNumber === 'amount' ? { numbersAreAmounts: true } : {}),
    buttons: ask.options.map((o) => ({
      label: i18n.t(locale, o.label.key, o.label.params),
      data: encodeButtonData(ask.id, o.value),
    })),
  };
}

/**
 * Joins consecutive plain messages and the question that follows them into one message, so a turn
 * sends as few messages as it can (Telegram allows about one a second per chat).
 */
export function mergeMessages(messages: OutboundMessage[]): OutboundMessage[] {
  const out: OutboundMessage[] = [];
  let pending: string[] = [];
  for (const m of messages) {
    if (m.image) {
      if (pending.length) out.push({ text: pending.join('\n\n') });
      pending = [];
      out.push(m);
      continue;
    }
    pending.push(m.text);
    if (m.buttons?.length || m.kind) {
      out.push({ ...m, text: pending.join('\n\n') });
      pending = [];
    }
  }
  if (pending.length) out.push({ text: pending.join('\n\n') });
  return out;
}

/**
 * Adaptive Cards (schema 1.5) for Teams, built from platform-neutral {@link OutboundMessage}s:
 * the text shown literally (TextRuns, never Markdown: `cardText.ts`), an optional PNG as an Image,
 * and buttons as `Action.Submit`.
 * Plain JSON only (no botbuilder import), so anyone can build a card, e.g. an alert card whose
 * Acknowledge button is an `ack:<alertId>` button.
 *
 * Submit data: a question's button sends `{ askId, value }`; an Acknowledge button (`ack:<id>`)
 * sends `{ action: 'ack', alertId }`. `inbound.ts` validates both on the way back.
 */
import type { Button, OutboundMessage } from '../../engine/types.js';
import { type CardElement, literalText } from './cardText.js';

/** The attachment content type of an Adaptive Card. */
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/** The Adaptive Card schema version we render (Teams supports 1.5). */
export const ADAPTIVE_CARD_VERSION = '1.5';

/** Teams shows at most this many actions in one ActionSet row. */
const ROW_MAX = 6;

/** What a question's button submits. */
export interface AnswerSubmitData {
  askId: string;
  value: string;
}

/** What an alert's Acknowledge button submits. */
export interface AckSubmitData {
  action: 'ack';
  alertId: string;
}

/** One Action.Submit. */
export interface SubmitAction {
  type: 'Action.Submit';
  title: string;
  data: AnswerSubmitData | AckSubmitData;
}

export type { CardElement } from './cardText.js';

/** An Adaptive Card as Teams receives it. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: string;
  fallbackText: string;
  body: CardElement[];
}

/** A plain-text or card message activity, ready for `sendActivity` / `updateActivity`. */
export interface MessageActivity {
  type: 'message';
  text?: string;
  textFormat?: 'plain';
  attachments?: { contentType: string; content: AdaptiveCard }[];
}

/** Ask ids in submit data: short and alphanumeric, like Telegram button data. */
export const ASK_ID_PATTERN = /^[0-9a-z]{1,12}$/i;
/**
 * Answer values in submit data: short, word characters and `. + - : /` (times such as `21:00`,
 * time zones such as `Asia/Shanghai`).
 */
export const ANSWER_VALUE_PATTERN = /^[\w.+:/-]{1,48}$/;

/** Splits button data `askId:value` (at the first colon); null when it is not in that form. */
export function splitButtonData(data: string): AnswerSubmitData | null {
  const i = data.indexOf(':');
  if (i <= 0) return null;
  const askId = data.slice(0, i);
  const value = data.slice(i + 1);
  return ASK_ID_PATTERN.test(askId) && ANSWER_VALUE_PATTERN.test(value) ? { askId, value } : null;
}

/**
 * The submit data of one button. Buttons carry `encodeButtonData(askId, value)`; `ack:<alertId>`
 * becomes an acknowledgement. Data in another form is kept whole as the value of the message's ask.
 */
export function submitDataFor(button: Button, askId?: string): AnswerSubmitData | AckSubmitData {
  const split = splitButtonData(button.data);
  if (split?.askId === 'ack') return { action: 'ack', alertId: split.value };
  if (split) return split;
  return { askId: askId ?? '', value: button.data };
}

function chunk<T>(items: T[], size: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += size) rows.push(items.slice(i, i + size));
  return rows;
}

/** Lays buttons out in rows: scales and numbers six a row, short choices on one row, long ones stacked. */
function rowsFor(message: OutboundMessage, actions: SubmitAction[]): SubmitAction[][] {
  if (message.kind === 'scale' || message.kind === 'number' || message.kind === 'yesno') {
    return chunk(actions, ROW_MAX);
  }
  const short = actions.length <= 4 && actions.every((a) => [...a.title].length <= 14);
  return short ? [actions] : actions.map((a) => [a]);
}

/** Builds the Adaptive Card for a message (text, optional image, buttons). */
export function buildAdaptiveCard(message: OutboundMessage): AdaptiveCard {
  // Never a TextBlock: it would read a patient's name or a relayed text as Markdown (cardText.ts).
  const body: CardElement[] = literalText(message.text);
  if (message.image) {
    body.push({
      type: 'Image',
      url: `data:image/png;base64,${Buffer.from(message.image.png).toString('base64')}`,
      altText: message.image.alt,
      size: 'Stretch',
    });
  }
  const actions: SubmitAction[] = (message.buttons ?? []).map((b) => ({
    type: 'Action.Submit',
    title: b.label,
    data: submitDataFor(b, message.askId),
  }));
  for (const row of rowsFor(message, actions)) body.push({ type: 'ActionSet', actions: row });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    fallbackText: message.text,
    body,
  };
}

/** True when a message needs a card (buttons or an image); otherwise plain text does. */
export function needsCard(message: OutboundMessage): boolean {
  return Boolean(message.image) || (message.buttons?.length ?? 0) > 0;
}

/**
 * The activity for a message: plain text when there is nothing else, a card otherwise. With
 * `asCard`, always a card (used for edits, so an edited alert card stays a card).
 */
export function renderActivity(message: OutboundMessage, asCard = false): MessageActivity {
  if (!asCard && !needsCard(message)) return { type: 'message', text: message.text, textFormat: 'plain' };
  return {
    type: 'message',
    attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: buildAdaptiveCard(message) }],
  };
}

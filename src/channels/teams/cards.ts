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
import { ACK_VERB } from './cardActions.js';
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

/** One Action.Submit (a question's button), or an alert's Acknowledge as a Universal Action. */
export interface SubmitAction {
  type: 'Action.Submit' | 'Action.Execute';
  title: string;
  /** `ack` for an Acknowledge (`Action.Execute`; see cardActions.ts). */
  verb?: string;
  style?: 'positive';
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

/**
 * How wide a text shows, in columns: a CJK or full-width character (or an emoji) takes two, as on
 * a phone's screen. Counting characters let four Chinese PHQ answers onto one row, cut to "完…".
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{1f300}-\u{1faff}]/u;

/** Columns a row of buttons may take on a phone (each button's padding counted as 3). */
const ROW_COLUMNS = 36;

/**
 * Lays buttons out in rows: scales and numbers six a row, choices on one row when they fit a
 * phone's width (by display width: a CJK character counts double), else one a row.
 */
function rowsFor(message: OutboundMessage, actions: SubmitAction[]): SubmitAction[][] {
  if (message.kind === 'scale' || message.kind === 'number' || message.kind === 'yesno') {
    return chunk(actions, ROW_MAX);
  }
  const widths = actions.map((a) => displayWidth(a.title));
  const fits =
    actions.length <= 4 &&
    widths.every((w) => w <= 14) &&
    widths.reduce((sum, w) => sum + w + 3, 0) <= ROW_COLUMNS;
  return fits ? [actions] : actions.map((a) => [a]);
}

/** The theme colours of a heading, by tone. */
const HEADING_COLOR = {
  attention: 'Attention',
  warning: 'Warning',
  good: 'Good',
  default: 'Default',
} as const;

/** Builds the Adaptive Card for a message (text, optional image, buttons). */
export function buildAdaptiveCard(message: OutboundMessage): AdaptiveCard {
  // Never a TextBlock: it would read a patient's name or a relayed text as Markdown (cardText.ts).
  const d = message.details;
  const body: CardElement[] = d
    ? [
        ...literalText(d.heading.join('\n')),
        // The details as a FactSet: our own words and numbers only (the patient's name is in the
        // heading, shown literally).
        { type: 'FactSet', facts: d.facts.map((f) => ({ title: f.title, value: f.value })) },
        ...(d.footer.length ? literalText(d.footer.join('\n')) : []),
      ]
    : literalText(message.text);
  // A heading (an alert's level and patient) in bold, coloured by its tone (issue 23).
  const first = (body[0] as { inlines?: Record<string, unknown>[] } | undefined)?.inlines?.[0];
  if (message.heading && first)
    Object.assign(first, { weight: 'Bolder', size: 'Medium', color: HEADING_COLOR[message.heading] });
  // An answered question keeps its card, with the answer instead of the buttons (a living card).
  if (message.answered)
    body.push({
      type: 'RichTextBlock',
      inlines: [{ type: 'TextRun', text: `✓ ${message.answered}`, weight: 'Bolder', color: 'Good' }],
    });
  if (message.image) {
    body.push({
      type: 'Image',
      url: `data:image/png;base64,${Buffer.from(message.image.png).toString('base64')}`,
      altText: message.image.alt,
      size: 'Stretch',
    });
  }
  const actions: SubmitAction[] = (message.buttons ?? []).map((b) => {
    const data = submitDataFor(b, message.askId);
    // Acknowledge is a Universal Action: Teams answers the press with the updated card, and it is
    // the card's primary action.
    return 'action' in data
      ? { type: 'Action.Execute', verb: ACK_VERB, title: b.label, data, style: 'positive' as const }
      : { type: 'Action.Submit', title: b.label, data };
  });
  for (const row of rowsFor(message, actions)) body.push({ type: 'ActionSet', actions: row });
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    fallbackText: message.text,
    body,
  };
}

/** True when a message needs a card (buttons, an image, a heading); otherwise plain text does. */
export function needsCard(message: OutboundMessage): boolean {
  return (
    Boolean(message.image) ||
    (message.buttons?.length ?? 0) > 0 ||
    message.heading !== undefined ||
    message.answered !== undefined ||
    message.details !== undefined
  );
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

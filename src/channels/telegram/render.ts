/**
 * Rendering an {@link OutboundMessage} for Telegram: HTML escaping of every dynamic text, splitting
 * at sensible breaks under Telegram's length limits, and inline keyboards laid out by kind
 * (0–10 scales in two rows, yes/no in one row, long choices one per row).
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { Button, OutboundMessage } from '../../engine/types.js';

/** Telegram's limit on a message text. */
export const MESSAGE_LIMIT = 4096;
/** Telegram's limit on a photo caption. */
export const CAPTION_LIMIT = 1024;
/** Telegram's limit on `callback_data`, in bytes. */
export const CALLBACK_DATA_LIMIT = 64;

/**
 * Escapes text for `parse_mode: 'HTML'`: `&`, `<` and `>` become entities. The engine hands
 * channels plain text, so everything sent goes through here.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapedCost(ch: string): number {
  return ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : ch.length;
}

/** Length of `text` once escaped, in UTF-16 code units (how Telegram counts). */
export function escapedLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) n += escapedCost(text[i]!);
  return n;
}

// Break points from best to worst: a paragraph, a line, the end of a sentence, a space.
const BREAKS: RegExp[] = [/\n[ \t]*\n/g, /\n/g, /[.!?…](?=\s)|[。！？；]/g, /[\s，、,;]/g];

function bestBreak(window: string): number {
  // A break in the first half would leave a stub; prefer a worse kind of break further on.
  const min = Math.floor(window.length / 2);
  for (const re of BREAKS) {
    let cut = -1;
    for (const m of window.matchAll(re)) {
      const end = re === BREAKS[0] || re === BREAKS[1] ? m.index : m.index + m[0].length;
      if (end >= min) cut = end;
    }
    if (cut > 0) return cut;
  }
  return window.length;
}

/**
 * Splits plain text into chunks whose escaped length fits `limit`, cutting at a paragraph, line,
 * sentence or word boundary where one lies in the second half of the allowed window, and never
 * inside a surrogate pair. Returns `[]` for blank text.
 */
export function splitText(text: string, limit = MESSAGE_LIMIT): string[] {
  const chunks: string[] = [];
  let rest = text.replace(/\s+$/, '');
  while (escapedLength(rest) > limit) {
    let end = 0;
    let cost = 0;
    while (end < rest.length && cost + escapedCost(rest[end]!) <= limit) cost += escapedCost(rest[end++]!);
    const code = rest.charCodeAt(end - 1);
    if (end > 1 && code >= 0xd800 && code <= 0xdbff) end--;
    // A limit below one escaped character still makes progress.
    if (end === 0) end = Math.min(rest.length, rest.codePointAt(0)! > 0xffff ? 2 : 1);
    const cut = bestBreak(rest.slice(0, end));
    const chunk = rest.slice(0, cut).replace(/\s+$/, '');
    if (chunk) chunks.push(chunk);
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.trim()) chunks.push(rest);
  return chunks;
}

/** Display width of a label: CJK and other wide characters count double. */
export function labelWidth(label: string): number {
  let w = 0;
  for (const ch of label)
    w +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\u{1f300}-\u{1faff}]/u.test(
        ch,
      )
        ? 2
        : 1;
  return w;
}

function rowsOf<T>(items: T[], perRow: number): T[][] {
  const rows: T[][] = [];
  for (let i = 0; i < items.length; i += perRow) rows.push(items.slice(i, i + perRow));
  return rows;
}

/** Buttons Telegram will accept: a label and callback data of 1–64 bytes. Others are dropped. */
export function usableButtons(buttons: readonly Button[] | undefined): Button[] {
  return (buttons ?? []).filter(
    (b) => b.label.trim() !== '' && b.data !== '' && Buffer.byteLength(b.data, 'utf8') <= CALLBACK_DATA_LIMIT,
  );
}

/**
 * Lays buttons out as an inline keyboard: a scale in balanced rows of at most six (0–10 → 6 + 5),
 * yes/no in one row, up to four short choices side by side, mid-length ones two a row, long ones
 * one per row.
 */
export function layoutKeyboard(message: OutboundMessage): InlineKeyboardMarkup | undefined {
  const buttons = usableButtons(message.buttons);
  if (!buttons.length) return undefined;
  const keys: InlineKeyboardButton.CallbackButton[] = buttons.map((b) => ({
    text: b.label,
    callback_data: b.data,
  }));
  const widest = Math.max(...buttons.map((b) => labelWidth(b.label)));
  let rows: InlineKeyboardButton.CallbackButton[][];
  if (message.kind === 'scale' || message.kind === 'number' || widest <= 3) {
    const rowCount = Math.ceil(keys.length / 6);
    rows = rowsOf(keys, Math.ceil(keys.length / rowCount));
  } else if (message.kind === 'yesno' && keys.length <= 3) {
    rows = [keys];
  } else if (keys.length <= 4 && buttons.reduce((w, b) => w + labelWidth(b.label), 0) <= 28) {
    rows = [keys];
  } else if (widest <= 14) {
    rows = rowsOf(keys, 2);
  } else {
    rows = rowsOf(keys, 1);
  }
  return { inline_keyboard: rows };
}

/** One Telegram call's worth of content: HTML text (already escaped) and an optional keyboard. */
export interface RenderedPart {
  html: string;
  keyboard?: InlineKeyboardMarkup;
}

/**
 * Renders a text message as one or more parts, each within {@link MESSAGE_LIMIT} once escaped;
 * the keyboard rides on the last part, next to the question. Blank text becomes an ellipsis so
 * Telegram accepts it.
 */
export function renderText(message: OutboundMessage, limit = MESSAGE_LIMIT): RenderedPart[] {
  const chunks = splitText(message.text, limit);
  if (!chunks.length) chunks.push('…');
  const keyboard = layoutKeyboard(message);
  return chunks.map((c, i) => ({
    html: escapeHtml(c),
    ...(keyboard && i === chunks.length - 1 ? { keyboard } : {}),
  }));
}

/**
 * Text on an Adaptive Card, shown exactly as written. A TextBlock reads its text as Markdown (bold,
 * italics, lists, links), so a patient whose display name was `[Verify account](https://…)
 * **URGENT**` reached the counsellors' urgent alert as a link and a bold word. Every string Dongyu
 * sends is plain text (the Telegram channel escapes all of it as HTML), so on a card every line is
 * a RichTextBlock of one TextRun, whose text no Teams client reads as Markdown (Adaptive Cards
 * schema: "TextRun.text: Markdown is not supported"). One block per line keeps line breaks the same
 * on every client; an empty line is a no-break space, so the card keeps the message's blank lines.
 */

/** What stands for an empty line (a TextRun must hold some text). */
export const EMPTY_LINE = '\u00a0';

/** A card element (TextBlock, Image, ActionSet); loose on purpose, it is JSON for Teams. */
export type CardElement = { type: string } & Record<string, unknown>;

/** The card elements that show `text` literally, one RichTextBlock per line. */
export function literalText(text: string): CardElement[] {
  return text.split(/\r\n|\r|\n/).map((line) => ({
    type: 'RichTextBlock',
    inlines: [{ type: 'TextRun', text: line === '' ? EMPTY_LINE : line }],
  }));
}

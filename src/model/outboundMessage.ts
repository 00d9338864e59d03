/** A message as every channel receives it, before it is rendered for a platform. */

/** A button as channels render it. `data` is short (Telegram allows 64 bytes). */
export interface Button {
  label: string;
  data: string;
}

/** A message ready for a channel: plain text (channels escape it) and optional buttons. */
export interface OutboundMessage {
  text: string;
  /** How the buttons should look: a 0–10 scale, yes/no, or a list of choices. */
  kind?: 'scale' | 'yesno' | 'choice' | 'number' | 'text';
  buttons?: Button[];
  /** Ask id, so a channel can retire old keyboards. */
  askId?: string;
  /** A typed number answers with an amount (hours of sleep), not a button's position: don't number them. */
  numbersAreAmounts?: true;
  /** An image (PNG) with a text fallback in `text`. */
  image?: { png: Uint8Array; alt: string };
  /** A question that was answered: the answer given (a card that stays shows it, buttons gone). */
  answered?: string;
  /**
   * The first line is a heading of this tone (an alert's level, green once acknowledged): Teams
   * colours it; elsewhere it reads as any first line.
   */
  heading?: 'attention' | 'warning' | 'good' | 'default';
  /**
   * The same message laid out for a card (issue 23: an alert as a Teams card): heading lines, its
   * details as label/value pairs, and lines after them. Platforms without cards show `text`.
   */
  details?: { heading: string[]; facts: { title: string; value: string }[]; footer: string[] };
  /** Files sent with the message (a patient's data export); `text` is said with them. */
  files?: OutboundFile[];
  /**
   * The patient whose data the image or files hold, as an opaque tag (`fileSubject(patientId)`):
   * a channel that writes them to disk names them by it, so they go with the patient's `/delete`.
   */
  subject?: string;
}

/** A file to send: its name as the person will see it, its media type and its bytes. */
export interface OutboundFile {
  name: string;
  mime: string;
  bytes: Uint8Array;
}

/**
 * Text for a terminal, shown as written. A terminal reads control characters: ANSI escape
 * sequences (ESC …) recolour, move the cursor, clear the screen or set the window title, and
 * bidirectional overrides (U+202A–U+202E, U+2066–U+2069) reorder what follows. A name or a relayed
 * text holding them could make the console chat show something that is not there. Every control
 * character but the line break and the tab is replaced by U+FFFD, and so is every direction override.
 */

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every terminal control character and direction override made visible as �. */
export function consoleSafe(text: string): string {
  return text.replace(UNSAFE, '\ufffd');
}

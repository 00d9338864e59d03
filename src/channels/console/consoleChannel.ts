/**
 * The console chat: `npm start` with no platform configured. You are the patient; choices are
 * numbered (by their own numbers where they stand for one, e.g. PHQ scores); what a counsellor
 * would receive is printed apart. Charts are written to PNG files and data exports to JSON and CSV
 * files, named by the patient they are about, so `/delete` erases them too.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Address, Channel, Inbound, OutboundMessage, SentRef } from '../../engine/types.js';
import { decodeButtonData } from '../../engine/types.js';
import { consoleSafe } from './consoleText.js';

/** The console patient's address. */
export const CONSOLE_PATIENT: Address = { channel: 'console', conversationId: 'patient' };
/** Where the console shows counsellor alerts. */
export const CONSOLE_COUNSELLORS: Address = { channel: 'console', conversationId: 'counsellors' };

/** Options for the console chat. */
export interface ConsoleOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  /** Folder for chart PNGs (default `.dongyu/charts`). */
  chartDir?: string;
  /** Folder for data exports (default `.dongyu/exports`). */
  exportDir?: string;
  /** Called for each line the patient types (the app hands it to the engine). */
  onInbound: (message: Inbound) => Promise<void>;
  onClose?: () => void;
  /** The console's own labels, in the chat's language. */
  label?: (key: 'toCounsellors' | 'updated', id: string) => string;
}

/** Maps a typed line to an inbound message, using the buttons last shown. */
export function consoleInbound(line: string, buttons: { data: string }[], numbered: boolean): Inbound {
  const t = line.trim();
  const cmd = t.match(/^\/([A-Za-z]+)\s*([\s\S]*)$/);
  if (cmd) return { kind: 'command', name: cmd[1]!, args: cmd[2]! };
  if (numbered && /^\d{1,2}$/.test(t)) {
    const b = buttons[Number(t) - 1];
    const d = b && decodeButtonData(b.data);
    if (d) return { kind: 'choice', askId: d.askId, value: d.value };
  }
  return { kind: 'text', text: line };
}

/** The console {@link Channel}. */
export class ConsoleChannel implements Channel {
  readonly name = 'console' as const;
  private rl: Interface | null = null;
  private buttons: { data: string }[] = [];
  private numbered = false;
  private seq = 0;
  /** Files written by this chat (keeps two written in one millisecond apart). */
  private files = 0;
  private readonly out: NodeJS.WritableStream;

  constructor(private readonly options: ConsoleOptions) {
    this.out = options.output ?? process.stdout;
  }

  async start(): Promise<void> {
    this.rl = createInterface({ input: this.options.input ?? process.stdin, terminal: false });
    let queue = Promise.resolve();
    this.rl.on('line', (line) => {
      if (line.trim() === '/quit') {
        this.rl?.close();
        return;
      }
      if (!line.trim()) return;
      // Numbers are mapped to the buttons shown when the line's turn comes (input may be piped ahead).
      queue = queue
        .then(() => this.options.onInbound(consoleInbound(line, this.buttons, this.numbered)))
        .catch((err) => this.write(`! ${(err as Error).message}\n`));
    });
    this.rl.on('close', () => void queue.then(() => this.options.onClose?.()));
  }

  async stop(): Promise<void> {
    this.rl?.close();
  }

  private label(key: 'toCounsellors' | 'updated', id: string): string {
    return this.options.label?.(key, id) ?? `${key} #${id}`;
  }

  private write(s: string): void {
    this.out.write(s);
  }

  async send(address: Address, original: OutboundMessage): Promise<SentRef> {
    const id = String(++this.seq);
    // Names and relayed texts are shown as written: no terminal control sequences (consoleText.ts).
    const message = {
      ...original,
      text: consoleSafe(original.text),
      ...(original.buttons
        ? { buttons: original.buttons.map((b) => ({ ...b, label: consoleSafe(b.label) })) }
        : {}),
    };
    if (address.conversationId === CONSOLE_COUNSELLORS.conversationId) {
      const bar = '─'.repeat(60);
      this.write(
        `\n┌${bar}\n│ ${this.label('toCounsellors', id)}\n${message.text
          .split('\n')
          .map((l) => `│ ${l}`)
          .join('\n')}\n└${bar}\n\n`,
      );
      return { address, messageId: id };
    }
    let text = `\n🤖 ${message.text.split('\n').join('\n   ')}\n`;
    if (message.image) {
      const file = this.writeFile(this.chartDir, message.subject, 'progress.png', message.image.png);
      text += `   🖼  ${file}\n`;
    }
    for (const f of message.files ?? [])
      text += `   📄 ${this.writeFile(this.exportDir, message.subject, f.name, f.bytes)}\n`;
    const buttons = message.buttons ?? [];
    if (buttons.length) {
      this.buttons = buttons;
      // Options that stand for numbers (PHQ scores, minutes) show those numbers: a typed number
      // then means the same as in every other channel, instead of a position in the list.
      const values = buttons.map((b) => decodeButtonData(b.data)?.value);
      const numeric = values.every((v) => v !== undefined && /^\d{1,3}$/.test(v));
      this.numbered = message.kind !== 'scale' && !numeric && !message.numbersAreAmounts;
      // A typed number that is an amount (hours of sleep) is no position either: labels only.
      text +=
        message.kind === 'scale' || message.numbersAreAmounts
          ? `   [${buttons.map((b) => b.label).join('] [')}]\n`
          : `${buttons.map((b, i) => `   ${numeric ? values[i] : i + 1}) ${b.label}`).join('\n')}\n`;
    }
    this.write(`${text}> `);
    return { address, messageId: id };
  }

  /**
   * Erases the files written about a patient: every chart and export whose name starts with their
   * tag (`/delete`). Never throws.
   */
  async eraseFiles(subject: string): Promise<void> {
    if (!/^[\w-]+$/.test(subject)) return;
    for (const dir of [this.chartDir, this.exportDir]) {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue; // nothing written there yet
      }
      for (const name of names) if (name.startsWith(`${subject}-`)) rmSync(join(dir, name), { force: true });
    }
  }

  private get chartDir(): string {
    return this.options.chartDir ?? join(process.cwd(), '.dongyu', 'charts');
  }

  private get exportDir(): string {
    return this.options.exportDir ?? join(process.cwd(), '.dongyu', 'exports');
  }

  /** Writes one file, named `<subject>-<time>-<name>` so that the patient's `/delete` finds it. */
  private writeFile(dir: string, subject: string | undefined, name: string, bytes: Uint8Array): string {
    mkdirSync(dir, { recursive: true });
    const safeName = name.replace(/[^\w.-]/g, '_');
    const file = join(dir, `${subject ? `${subject}-` : ''}${Date.now()}-${++this.files}-${safeName}`);
    writeFileSync(file, bytes);
    return file;
  }

  async edit(ref: SentRef, message: OutboundMessage): Promise<void> {
    this.write(`\n${this.label('updated', ref.messageId)} ${consoleSafe(message.text)}\n> `);
  }
}

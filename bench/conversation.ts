/**
 * What benchmark patients say: a cycle of 13 turns that an onboarded patient repeats — a daily
 * check-in started by `/checkin` (typed numbers, then button presses) and a rescue session started
 * by `/craving` (rated, chosen, stopped, rated again). Every turn of the cycle gets exactly one
 * reply, and the cycle ends where it started (`active.idle`), so it can run for ever.
 */
import type { Update } from 'grammy/types';
import { type Button, encodeButtonData, type Inbound } from '../src/engine/types.js';
import { callbackUpdate, textUpdate } from '../tests/channels/telegram/fakeUpdates.js';

/** One thing a patient does. */
export type Step =
  | { kind: 'command'; name: string }
  | { kind: 'text'; text: string }
  | { kind: 'press'; value: string };

/** The cycle: check-in (8 turns), then a rescue session (5 turns). */
export const CYCLE: readonly Step[] = [
  { kind: 'command', name: 'checkin' },
  { kind: 'text', text: '3' },
  { kind: 'text', text: '5' },
  { kind: 'text', text: '6' },
  { kind: 'press', value: 'good' },
  { kind: 'press', value: '20' },
  { kind: 'press', value: 'aerobic' },
  { kind: 'press', value: 'no' },
  { kind: 'command', name: 'craving' },
  { kind: 'text', text: '6' },
  { kind: 'press', value: 'breathing5' },
  { kind: 'press', value: 'stop' },
  { kind: 'text', text: '4' },
];

/** The step a patient takes on its `n`th turn. */
export function stepAt(n: number): Step {
  return CYCLE[n % CYCLE.length]!;
}

/** Remembers the buttons each chat was last shown, so a press carries the ask id it answers. */
export class ButtonMemory {
  private readonly last = new Map<string, Button[]>();

  /** Records the buttons of a message sent to `chat` (a message without buttons clears them). */
  shown(chat: string, buttons: Button[] | undefined): void {
    if (buttons?.length) this.last.set(chat, buttons);
    else this.last.delete(chat);
  }

  /** Records a Telegram `reply_markup` (inline keyboard) sent to `chat`. */
  shownMarkup(chat: string, markup: unknown): void {
    const rows = (markup as { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined)
      ?.inline_keyboard;
    const buttons = rows?.flat().map((b) => ({ label: b.text, data: b.callback_data ?? '' }));
    this.shown(chat, buttons);
  }

  /**
   * The button data for pressing `value` in `chat`. Without a matching button (a bot that shows
   * none, like the echo baseline), a well-formed press for an ask that does not exist.
   */
  press(chat: string, value: string): string {
    const found = this.last.get(chat)?.find((b) => b.data.endsWith(`:${value}`));
    return found?.data ?? encodeButtonData('zz', value);
  }
}

/** The engine's inbound message for `step`. */
export function toInbound(step: Step, chat: string, buttons: ButtonMemory): Inbound {
  if (step.kind === 'command') return { kind: 'command', name: step.name, args: '' };
  if (step.kind === 'text') return { kind: 'text', text: step.text };
  const data = buttons.press(chat, step.value);
  const i = data.indexOf(':');
  return { kind: 'choice', askId: data.slice(0, i), value: data.slice(i + 1) };
}

/** The Telegram update a patient's client would send for `step` (private chat: chat id = user id). */
export function toUpdate(
  step: Step,
  userId: number,
  updateId: number,
  languageCode: string,
  buttons: ButtonMemory,
): Update {
  const sender = { userId, languageCode };
  const draft =
    step.kind === 'press'
      ? callbackUpdate({ ...sender, data: buttons.press(String(userId), step.value) })
      : textUpdate({ ...sender, text: step.kind === 'command' ? `/${step.name}` : step.text });
  return { ...draft, update_id: updateId } as Update;
}

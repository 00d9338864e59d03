/**
 * Property-based fuzzing of the real engine (createApp: flows, locales, memory store, in-process
 * scheduler, a recording channel): at least 10,000 random and adversarial inputs in both
 * languages. Properties, after every step:
 * - no exception escapes a turn (or the scheduler running what came due);
 * - every inbound message (text, command, button press, forged press, sticker, hello) is answered;
 * - every message, rendered by the Telegram renderer in HTML mode, is escaped (no raw `<`, `>`, or
 *   bare `&`), fits Telegram's limits, and carries only buttons the bot itself can decode;
 * and after every conversation `/help` answers with the help text (no state without a way forward).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK_DATA_LIMIT, MESSAGE_LIMIT, renderText } from '../../src/channels/telegram/render.js';
import type { Inbound, Locale, OutboundMessage } from '../../src/engine/types.js';
import { decodeButtonData } from '../../src/engine/types.js';
import { localDay } from '../../src/scheduling/localTime.js';
import { Harness, onboard, type TestPatient } from '../support/patientHarness.js';
import { languageCode, onboarding, type Start, type Step, start, step } from './arbitraries.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 600);
const MIN_INPUTS = 10_000;

let h: Harness;
let patients = 0;
/** Inputs driven through the engine, and how many were answered in each language. */
const stats = { inputs: 0, timers: 0, locales: { en: 0, 'zh-CN': 0 } as Record<Locale, number> };
let helpText: Record<Locale, string>;

beforeAll(async () => {
  h = await Harness.create();
  helpText = { en: h.t('en', 'help.patient'), 'zh-CN': h.t('zh-CN', 'help.patient') };
});
afterAll(() => h?.close());

/** What the Telegram channel would send for `m` must be escaped HTML within Telegram's limits. */
function expectSafeForTelegram(m: OutboundMessage): void {
  expect(typeof m.text).toBe('string');
  const parts = renderText(m);
  expect(parts.length).toBeGreaterThan(0);
  for (const part of parts) {
    expect(part.html).not.toMatch(/[<>]/);
    expect(part.html.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    expect(part.html.length).toBeLessThanOrEqual(MESSAGE_LIMIT);
    const keys = (part.keyboard?.inline_keyboard.flat() ?? []) as { text: string; callback_data: string }[];
    for (const key of keys) {
      expect(Buffer.byteLength(key.callback_data, 'utf8')).toBeLessThanOrEqual(CALLBACK_DATA_LIMIT);
      expect(decodeButtonData(key.callback_data)).not.toBeNull();
      expect(key.text.trim()).not.toBe('');
    }
  }
  // No locale key or placeholder leaks to the patient.
  expect(m.text).not.toMatch(/\{[a-zA-Z_]+\}/);
  expect(m.text).not.toMatch(/^[a-z]+\.[a-zA-Z.]+$/);
}

/** Turns a step into an inbound message for patient `p` (null for clock steps). */
function inboundFor(p: TestPatient, s: Step, day: string): Inbound | null {
  switch (s.kind) {
    case 'text':
      return { kind: 'text', text: s.text };
    case 'command':
      return { kind: 'command', name: s.name, args: s.args };
    case 'press': {
      const asked = p.inbox.filter((m) => m.buttons?.length).reverse();
      const buttons = asked[Math.min(s.back, asked.length - 1)]?.buttons;
      const d = buttons?.length ? decodeButtonData(buttons[s.index % buttons.length]!.data) : null;
      return d ? { kind: 'choice', askId: d.askId, value: d.value } : { kind: 'text', text: 'ok' };
    }
    case 'typeLabel': {
      const buttons = p.inbox.filter((m) => m.buttons?.length).at(-1)?.buttons;
      return { kind: 'text', text: buttons?.length ? buttons[s.index % buttons.length]!.label : '5' };
    }
    case 'forged':
      return { kind: 'choice', askId: s.askId, value: s.value };
    case 'unsupported':
      return { kind: 'unsupported', what: s.what };
    case 'hello':
      return { kind: 'hello' };
    case 'timer':
      return {
        kind: 'timer',
        event: 'day' in s.event || s.event.type.startsWith('CHECKIN') ? { ...s.event, day } : s.event,
      } as Inbound;
    case 'advance':
      return null;
  }
}

/** The patient's current local date, in their time zone (as the scheduler computes it). */
async function localDayOf(p: TestPatient): Promise<string> {
  const loaded = await h.store.loadPatient(p.id);
  const context =
    loaded.status === 'ok'
      ? (loaded.doc.snapshot as { context?: { profile?: { timezone?: string } } }).context
      : undefined;
  return localDay(h.clock.now(), context?.profile?.timezone ?? 'Asia/Shanghai');
}

/** The running conversation's transcript (shown when a property fails). */
let transcript: string[] = [];

function note(line: string): void {
  transcript.push(line.length > 160 ? `${line.slice(0, 160)}…` : line);
}

/** Runs one step; checks the reply and rendering properties. */
async function run(p: TestPatient, s: Step): Promise<void> {
  const sentBefore = h.channel.sent.length;
  const inbound = inboundFor(p, s, await localDayOf(p));
  note(`> ${JSON.stringify(inbound ?? s)}`);
  if (!inbound) {
    h.clock.advance(s.kind === 'advance' ? s.ms : 0);
    await h.scheduler.runDue();
  } else {
    const replies = await p.send(inbound);
    stats.inputs++;
    if (inbound.kind === 'timer') stats.timers++;
    else expect(replies.length, `no reply to ${JSON.stringify(inbound).slice(0, 200)}`).toBeGreaterThan(0);
  }
  for (const { address, message } of h.channel.sent.slice(sentBefore)) {
    note(
      `  < ${address.conversationId === p.id ? '' : `[${address.conversationId}] `}${message.text.replace(/\s+/g, ' ')}`,
    );
    expectSafeForTelegram(message);
  }
}

/** `/help` answers with the help text in the patient's language, whatever state they are in. */
async function expectHelpAnswers(p: TestPatient): Promise<void> {
  // A brand-new (or just erased) patient's first message gets the welcome; help follows.
  for (let attempt = 0; attempt < 2; attempt++) {
    const loaded = await h.store.loadPatient(p.id);
    const locale: Locale = loaded.status === 'ok' ? loaded.doc.locale : 'zh-CN';
    const replies = await p.command('help');
    stats.inputs++;
    expect(replies.length).toBeGreaterThan(0);
    for (const m of replies) expectSafeForTelegram(m);
    if (loaded.status === 'ok') {
      expect(replies.map((m) => m.text).join('\n')).toContain(helpText[locale].split('\n')[0]);
      stats.locales[locale]++;
      return;
    }
  }
  throw new Error('/help did not answer with the help text on the second try');
}

/** Brings a new patient to a start point (each input counted and checked like the fuzzed ones). */
async function startAt(p: TestPatient, from: Start, answers: Parameters<typeof onboard>[1]): Promise<void> {
  if (from === 'fresh') return;
  const sentBefore = h.channel.sent.length;
  const inboxBefore = p.inbox.length;
  await onboard(p, answers);
  note(`onboarded (${JSON.stringify(answers)}), then ${from}`);
  if (from === 'checkin') await p.command('checkin');
  if (from === 'craving') await p.command('craving');
  if (from === 'lapse') await p.say(answers?.zh ? '我复吸了' : 'I used again');
  if (from === 'paused') await p.command('pause', '3');
  stats.inputs += p.inbox.length - inboxBefore > 0 ? 23 : 0;
  for (const { message } of h.channel.sent.slice(sentBefore)) expectSafeForTelegram(message);
}

describe('fuzzing the engine with adversarial input', () => {
  // A guard against a hang, not a speed test (speed is `npm run bench`'s): about 95 s on an idle
  // 2-core machine, far longer when the machine is shared.
  it(`survives ≥ ${MIN_INPUTS} random inputs in both languages`, { timeout: 600_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        languageCode,
        start,
        onboarding,
        fc.boolean(),
        fc.array(step, { minLength: 10, maxLength: 40 }),
        async (lang, from, answers, switchLanguage, steps) => {
          const p = h.patient(`fuzz-${patients++}`, lang);
          transcript = [`start: ${from}, language ${lang}`];
          try {
            await conversation(p, lang, from, answers, switchLanguage, steps);
          } catch (err) {
            throw new Error(`${(err as Error).message}\nTranscript:\n${transcript.slice(-40).join('\n')}`);
          } finally {
            // Each conversation stands alone: later clock jumps must not run this patient's timers.
            await h.scheduler.cancelAll(p.id);
            await h.store.deletePatient(p.id);
          }
        },
      ),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    expect(stats.inputs).toBeGreaterThanOrEqual(MIN_INPUTS);
    expect(stats.locales.en).toBeGreaterThan(RUNS / 10);
    expect(stats.locales['zh-CN']).toBeGreaterThan(RUNS / 10);
  });
});

/** One fuzzed conversation: a start point, an optional language switch, the steps, then `/help`. */
async function conversation(
  p: TestPatient,
  lang: string,
  from: Start,
  answers: Parameters<typeof onboard>[1],
  switchLanguage: boolean,
  steps: Step[],
): Promise<void> {
  await startAt(p, from, answers);
  if (switchLanguage) {
    await run(p, { kind: 'hello' });
    await run(p, { kind: 'command', name: 'language', args: lang.startsWith('zh') ? 'en' : 'zh' });
  }
  for (const s of steps) await run(p, s);
  await expectHelpAnswers(p);
}

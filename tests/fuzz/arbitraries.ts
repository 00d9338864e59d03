/**
 * fast-check arbitraries for adversarial patient input: random Unicode, emoji and ZWJ sequences,
 * right-to-left and zero-width characters, 4,096+ character messages, HTML and Markdown, numbers
 * in every script, real and forged button payloads, commands with odd arguments, stickers, timers
 * out of order and jumps in time.
 */
import fc from 'fast-check';
import type { TimerEvent } from '../../flows/intents.js';
import { COMMANDS } from '../../src/engine/interpret.js';

/** One step of a fuzzed conversation. */
export type Step =
  | { kind: 'text'; text: string }
  | { kind: 'command'; name: string; args: string }
  /** Press a button of the `back`-th newest message with buttons (0 = newest), by index. */
  | { kind: 'press'; back: number; index: number }
  /** Type the label of a button of the newest question (typed answers are always accepted). */
  | { kind: 'typeLabel'; index: number }
  /** A forged press: any ask id and any value. */
  | { kind: 'forged'; askId: string; value: string }
  | { kind: 'unsupported'; what: string }
  | { kind: 'hello' }
  | { kind: 'timer'; event: TimerSpec }
  /** Move the clock and run whatever came due. */
  | { kind: 'advance'; ms: number };

const ZERO_WIDTH = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u180e'];
const BIDI = [
  '\u202e',
  '\u202d',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200f',
  '\u200e',
];
const RTL_WORDS = ['مرحبا', 'نعم', 'لا', 'שלום', 'כן', 'لا أريد', '٣', 'سبعة', 'ثمانية عشر'];
const EMOJI = [
  '😀',
  '👍🏽',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '❤️',
  '🔥',
  '💊',
  '🏃‍♀️',
  '🇨🇳',
  '🇺🇸',
  '✅',
  '❌',
  '🆘',
  '1️⃣',
  '🔟',
];
const MARKUP = [
  '<b>bold</b>',
  '<script>alert(1)</script>',
  '<a href="tg://user?id=1">x</a>',
  '</code>',
  '&lt;',
  '&amp;',
  '& <',
  '<<>>',
  '**bold**',
  '__u__',
  '`code`',
  '```\nblock\n```',
  '[link](http://x.y)',
  '||spoiler||',
  '\\*',
  '_*[]()~`>#+-=|{}.!',
  '{name}',
  '{{code}}',
  '%s %d',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template placeholder as patient text, on purpose
  '${process.env}',
  'common.help',
  '\u0000',
  '\r\n\r\n',
  '\t',
];
/** The digits 0–9 in many scripts (ASCII, fullwidth, Arabic-Indic, Persian, Devanagari, Bengali, Thai, ...). */
const DIGIT_ZEROS = [
  0x30, 0xff10, 0x660, 0x6f0, 0x966, 0x9e6, 0xe50, 0x1040, 0x17e0, 0x1810, 0x1d7ce, 0x1d7ec,
];
const CJK_NUMBERS = [
  '零',
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '二十',
  '三十',
  '四十五',
  '一百',
  '两',
  '叁',
  '拾',
  '〇',
  '壹',
  '贰',
];
const WORDS = [
  'yes',
  'no',
  'Yes!',
  'NO',
  'ok',
  'y',
  'n',
  '是',
  '否',
  '不',
  '好',
  '同意',
  '没有',
  'maybe',
  'I want to use',
  'craving',
  'I used',
  '想吸',
  '我复吸了',
  'all',
  'either',
  'indoors',
  'outdoors',
  '21:00',
  '7:30pm',
  '25:99',
  'Asia/Shanghai',
  'America/New_York',
  'Mars/Olympus',
  'done',
  'stop',
  'help',
  'poor',
  'good',
  'en',
  'zh',
  'English',
  '中文',
  '-1',
  '11',
  '1e9',
  'NaN',
  'Infinity',
  '0x10',
  '3.5',
  '999999999999999999999',
  ' 4 ',
  '4/10',
];

/** A number written in one script's digits (with the odd sign or decimal). */
export const scriptNumber = fc
  .tuple(fc.constantFrom(...DIGIT_ZEROS), fc.integer({ min: -5, max: 200 }), fc.boolean())
  .map(([zero, n, decimal]) => {
    const digits = [...String(Math.abs(n))].map((d) => String.fromCodePoint(zero + Number(d))).join('');
    return `${n < 0 ? '-' : ''}${digits}${decimal ? `.${String.fromCodePoint(zero + 5)}` : ''}`;
  });

const pieces = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: scriptNumber },
  { weight: 1, arbitrary: fc.constantFrom(...CJK_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 1, arbitrary: fc.constantFrom(...ZERO_WIDTH) },
  { weight: 1, arbitrary: fc.constantFrom(...BIDI) },
  { weight: 1, arbitrary: fc.constantFrom(...RTL_WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(' ', '\n', '  ', '\u3000') },
);

/** A text message a patient might send, short or very long. */
export const messageText: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.array(pieces, { minLength: 0, maxLength: 6 }).map((p) => p.join('')) },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    // 4,096 characters and beyond: repeated markup, CJK or emoji (surrogate pairs at the cut).
    arbitrary: fc
      .tuple(
        fc.constantFrom('<b>&amp;</b>', '动愈', '😀', 'a', '\u200b', 'مرحبا '),
        fc.integer({ min: 4_000, max: 9_000 }),
      )
      .map(([unit, len]) => unit.repeat(Math.ceil(len / unit.length))),
  },
);

const COMMAND_NAMES = [...COMMANDS, 'HELP', 'Start', 'clear', 'ack', 'unknown', 'x'.repeat(80), '', '帮助'];

/** Commands, known and unknown, with odd arguments. */
export const command = fc.record({
  name: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...COMMAND_NAMES) }, fc.string({ maxLength: 10 })),
  args: fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    fc.constantFrom('3', '0', '-1', '999', 'en', 'zh', 'zh-CN', 'fr', '@dongyu_bot', 'P-7F3K'),
    scriptNumber,
    messageText,
  ),
});

/**
 * Timer events as the scheduler delivers them, in any order: a check-in's due, reminder and day-end
 * for the patient's current local day (filled in when the step runs), session timers for any step,
 * the weekly summary and a counsellor's clearance.
 */
export type TimerSpec =
  | { type: 'CHECKIN_DUE' | 'CHECKIN_REMINDER' | 'CHECKIN_DAY_END' }
  | Exclude<TimerEvent, { day: string }>;

/** Timer events (see {@link TimerSpec}). */
export const timerEvent: fc.Arbitrary<TimerSpec> = fc.oneof(
  fc
    .constantFrom('CHECKIN_DUE' as const, 'CHECKIN_REMINDER' as const, 'CHECKIN_DAY_END' as const)
    .map((type) => ({ type })),
  fc.integer({ min: -2, max: 12 }).map((step) => ({ type: 'SESSION_TIMER' as const, step })),
  fc.constant({ type: 'WEEKLY_SUMMARY' as const }),
  fc
    .constantFrom('counsellor', '', 'x'.repeat(200))
    .map((by) => ({ type: 'CLEARANCE_GRANTED' as const, by })),
);

/** One step. Real button presses are frequent so that walks reach deep states. */
export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 8, arbitrary: messageText.map((text) => ({ kind: 'text' as const, text })) },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('press' as const),
      back: fc.constantFrom(0, 0, 0, 0, 1, 2, 5),
      index: fc.nat(12),
    }),
  },
  { weight: 3, arbitrary: fc.nat(12).map((index) => ({ kind: 'typeLabel' as const, index })) },
  { weight: 3, arbitrary: command.map((c) => ({ kind: 'command' as const, ...c })) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('forged' as const),
      askId: fc.oneof(
        fc.integer({ min: 0, max: 60 }).map((n) => n.toString(36)),
        fc.string({ maxLength: 14 }),
      ),
      value: fc.oneof(
        fc.constantFrom(
          'yes',
          'no',
          '0',
          '10',
          '11',
          'all',
          '21:00',
          'en',
          'zh-CN',
          'Asia/Shanghai',
          '../..',
          '',
        ),
        fc.string({ maxLength: 50 }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('sticker', 'photo', 'voice', 'edited', 'location', '')
      .map((what) => ({ kind: 'unsupported' as const, what })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'hello' as const }) },
  { weight: 2, arbitrary: timerEvent.map((event) => ({ kind: 'timer' as const, event })) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(60_000, 10 * 60_000, 3_600_000, 2 * 3_600_000, 86_400_000, 3 * 86_400_000)
      .map((ms) => ({ kind: 'advance' as const, ms })),
  },
);

/** Platform language codes a first message may carry (unknown ones fall back to the default). */
export const languageCode = fc.constantFrom(
  'en',
  'en-US',
  'zh-CN',
  'zh-hans',
  'zh-Hant-TW',
  'zh',
  'ar',
  'he',
  'ru',
  '',
  'xx-invalid',
);

/** Where a fuzzed conversation starts: a new patient, or one already onboarded and busy. */
export type Start = 'fresh' | 'onboarded' | 'checkin' | 'craving' | 'lapse' | 'paused';

/** Start points, weighted towards the states reached only after onboarding. */
export const start: fc.Arbitrary<Start> = fc.constantFrom<Start>(
  'fresh',
  'onboarded',
  'onboarded',
  'checkin',
  'checkin',
  'craving',
  'craving',
  'lapse',
  'paused',
);

/** Onboarding answers (both languages, cleared or not, any craving and mood). */
export const onboarding = fc.record({
  zh: fc.boolean(),
  parqYes: fc.boolean(),
  days: fc.integer({ min: 0, max: 400 }),
  craving: fc.integer({ min: 0, max: 10 }),
  // A PHQ-2 of 3 or more asks the full PHQ-9 (the fuzzed steps reach it from `fresh` and `checkin`).
  phq2: fc.constantFrom<[number, number]>([0, 0], [0, 1], [1, 1], [2, 0]),
});

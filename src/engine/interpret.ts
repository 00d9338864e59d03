/**
 * Understanding what a patient sent, against the question they were asked: the one place where a
 * typed answer, a button press, a command or a timer becomes a machine event. Pure.
 */
import type { FlowContent } from '../../flows/content/schema.js';
import { ARGUMENT_ANSWERS } from '../../flows/machine/patientMachine.js';
import { isOverlayField, questionOf, type TypedReading } from '../../flows/machine/questions.js';
import type { InvalidHint, PatientContext, PatientEvent, PendingAsk } from '../../flows/machine/types.js';
import { canonicalZone } from '../../flows/rules/localTime.js';
import {
  byLabelWord,
  byPartOfLabel,
  byWord,
  byYesNo,
  isUtcOffset,
  modalityOf,
  parseLanguage,
} from '../../flows/understanding/choices.js';
import { commandWord, slashCommand } from '../../flows/understanding/commandWords.js';
import { normaliseWidth, parseClockTime, parseIntegerInRange } from '../../flows/understanding/numbers.js';
import { normaliseForMatch } from '../../flows/understanding/phrases.js';
import { parseAmountInRange, parseHours, parseRating } from '../../flows/understanding/quantities.js';
import { saidRange } from '../../flows/understanding/ranges.js';
import { isWorkoutWords, parseWeekdays } from '../../flows/understanding/weekdays.js';
import { wishAfterNo } from '../../flows/understanding/wishAfterNo.js';
import { confirmsUse, readYesNo, tellsOfUse } from '../../flows/understanding/yesNo.js';
import type { I18n } from '../i18n.js';
import { LOCALES } from '../i18n.js';
import { screenRedFlag, screenSelfHarm, screenUse } from './screen.js';
import type { Inbound } from './types.js';

type Answer = string | number | boolean;

/**
 * A whole number within the ask's range, read in its question's unit (`1 week` is 7 days, `3次` no
 * rating; see `flows/machine/questions.ts`).
 */
function readInteger(a: PendingAsk, text: string, min: number, max: number): number | null {
  const { unit } = questionOf(a.field);
  if (unit === 'rating') return parseRating(text, min, max);
  if (unit) return parseAmountInRange(text, unit, min, max);
  return parseIntegerInRange(text, min, max);
}

/**
 * The typed readings of choice questions (see {@link TypedReading}), tried before the options. An
 * `only` reading is the whole answer: what it cannot read is no answer, whatever the options say.
 */
const TYPED_READINGS: Record<
  TypedReading,
  { read: (a: PendingAsk, text: string) => Answer | null; only?: true }
> = {
  clockTime: { read: (_a, t) => parseClockTime(t), only: true },
  timezone: { read: (_a, t) => (isTimezone(t) ? t : null) },
  sleepHours: {
    read: (_a, t) => {
      const hours = parseHours(t);
      return hours !== null && hours >= 0 && hours <= 24 ? hours : null;
    },
  },
  amount: { read: (a, t) => readInteger(a, t, a.min ?? 0, a.max ?? 0) },
  language: { read: (_a, t) => parseLanguage(t) },
  integer: { read: (a, t) => parseIntegerInRange(t, a.min ?? 0, a.max ?? 0) },
  // Workout days (周一三五, "Mon Wed Fri"): the machine checks how many the plan takes.
  weekdays: { read: (_a, t) => parseWeekdays(t) },
};

/** The words that say yes to a yes/no question beyond "yes" (see `Question.yesAlso`). */
const YES_ALSO = { tellsOfUse, confirmsUse } as const;

/**
 * Reads an answer to the pending ask from typed text; null when it is not an answer. `content`
 * lets a session offer be answered by the kind of exercise (散步, "something calm").
 */
export function readAnswer(
  context: PatientContext,
  text: string,
  i18n: I18n,
  content?: FlowContent,
): Answer | null {
  const a = context.ask;
  if (!a) return null;
  const question = questionOf(a.field);
  const t = normaliseWidth(text);
  switch (a.kind) {
    case 'scale':
    case 'number': {
      const min = a.min ?? 0;
      const max = a.max ?? 10;
      const n = readInteger(a, t, min, max);
      if (n !== null) return n;
      // A word for a number (每天 is 7 days a week, 昨天 one day ago).
      const word = byWord(a.field, t);
      return word !== null && Number(word) >= min && Number(word) <= max ? Number(word) : null;
    }
    case 'yesno': {
      const yes = readYesNo(t);
      // A doubtful answer only where the question takes it (see `Question.hedged`).
      const takes = yes && (!yes.hedged || !question.hedged || (question.hedged === 'yesOnly') === yes.value);
      if (yes && takes) return yes.value;
      // "Any use since your last check-in?": saying what happened is a yes (用了一点, I used).
      // "Do you mean you used again?": "I did", "用了" say yes; "I used my bike" does not.
      const also = question.yesAlso;
      return also && YES_ALSO[also](t) ? true : null;
    }
    case 'text':
      return t.slice(0, 500);
    case 'choice': {
      // A time's buttons are examples: any time may be typed, and a text that is none is not an
      // option's position either (凌晨1点 is 01:00, never the first button).
      const reading = question.reading && TYPED_READINGS[question.reading];
      if (reading) {
        const typed = reading.read(a, t);
        if (typed !== null || reading.only) return typed;
      }
      const wanted = normaliseForMatch(t);
      const byValue = a.options.find((o) => normaliseForMatch(o.value) === wanted);
      if (byValue) return optionValue(a, byValue.value);
      const byLabel = a.options.find((o) =>
        LOCALES.some((l) => normaliseForMatch(i18n.t(l, o.label.key, o.label.params)) === wanted),
      );
      if (byLabel) return optionValue(a, byLabel.value);
      // A number typed for a numbered list (the console shows options as 1, 2, 3...); never at the
      // time zone question, where a number is an offset, not a place (UTC+3 is not the third button).
      const index = question.noPositions ? null : parseIntegerInRange(t, 1, a.options.length);
      if (index !== null) return optionValue(a, a.options[index - 1]!.value);
      const values = a.options.map((o) => o.value);
      const meant = byWord(a.field, t) ?? byYesNo(a.field, values, t);
      if (meant !== null && values.includes(meant)) return optionValue(a, meant);
      const word = byLabelWord(
        t,
        a.options.map((o) => o.label.key),
      );
      if (word !== null) return optionValue(a, a.options[word]!.value);
      const labels = a.options.map((o) => LOCALES.map((l) => i18n.t(l, o.label.key, o.label.params)));
      // At a session offer the options are ranked: "walk" is the best-ranked walk.
      const part = byPartOfLabel(t, labels, a.field === 'offer');
      if (part !== null) return optionValue(a, a.options[part]!.value);
      if (a.field === 'offer' && content) return offeredOfKind(a, t, content);
      return null;
    }
  }
}

/**
 * A range said where a number is wanted: the answer at its riskier end where the question says which
 * (`Question.range`), else "which one?" (INVALID with the two numbers); null when it is no range of
 * two answers to this question.
 */
function rangeAnswer(
  context: PatientContext,
  text: string,
  i18n: I18n,
  content: FlowContent,
  now: number,
): PatientEvent | null {
  const said = saidRange(text);
  if (!said) return null;
  const low = readAnswer(context, said.low, i18n, content);
  const high = readAnswer(context, said.high, i18n, content);
  if (typeof low !== 'number' || typeof high !== 'number' || low >= high) return null;
  const end = questionOf(context.ask!.field).range;
  if (end) return answerEvent(context, end === 'higher' ? high : low, now);
  return { type: 'INVALID', hint: 'pickOne', between: [low, high], now };
}

/** The best-ranked session offered of the kind of exercise a word names (散步 → a walk), or null. */
function offeredOfKind(a: PendingAsk, text: string, content: FlowContent): string | null {
  const kind = modalityOf(text);
  if (!kind) return null;
  const modality = (id: string) => content.sessions.sessions.find((s) => s.id === id)?.modality;
  return a.options.find((o) => modality(o.value) === kind)?.value ?? null;
}

/**
 * Why a typed text is no answer, when the question has its own word for it: a UTC offset at the
 * time zone question (UTC+8 is mainland China, Hong Kong and Taiwan, each with its own helplines).
 */
function invalidHint(ask: PendingAsk, text: string): InvalidHint | undefined {
  return questionOf(ask.field).reading === 'timezone' && isUtcOffset(text) ? 'zoneOffset' : undefined;
}

/** An option's value as the answer: a number for the questions whose answers are numbers. */
function optionValue(a: PendingAsk, value: string): Answer {
  return questionOf(a.field).numeric ? Number(value) : value;
}

/** True for an IANA time zone name. */
export function isTimezone(tz: string): boolean {
  return /^[A-Za-z_]+\/[A-Za-z_/+-]+$/.test(tz) && canonicalZone(tz) !== null;
}

/** The value of a button press for the pending ask (validated against its options). */
function readChoice(context: PatientContext, value: string): Answer | null {
  const a = context.ask!;
  if (!a.options.some((o) => o.value === value)) return null;
  if (a.kind === 'yesno') return value === 'yes';
  if (a.kind === 'scale') return Number(value);
  return optionValue(a, value);
}

const answerEvent = (context: PatientContext, value: Answer, now: number): PatientEvent => {
  const field = context.ask!.field;
  return isOverlayField(field)
    ? { type: 'OVERLAY_ANSWER', field, value, now }
    : { type: 'ANSWER', value, now };
};

/** Known command names (anything else is answered as unknown). */
export const COMMANDS = [
  'start',
  'help',
  'checkin',
  'craving',
  'lapse',
  'plan',
  'progress',
  'language',
  'pause',
  'resume',
  'time',
  'timezone',
  'delete',
  'workout',
] as const;

/**
 * Safety first, whatever question is pending (docs/safety.md): the risk reader's `risk` is the
 * crisis reply, `possible` the direct question, `thirdParty` its own reply; then medical red flags
 * (during a session they stop it and alert; elsewhere the patient is told where to get help).
 * Applies to every text the patient sends: a message, a caption, an edit, a command's argument.
 * A yes or no typed to the direct question itself is its answer, unless the words are `risk`.
 */
function safetyEvent(
  text: string,
  context: PatientContext,
  content: FlowContent,
  i18n: I18n,
  now: number,
): PatientEvent | null {
  const reading = screenSelfHarm(text, content);
  if (reading.outcome === 'risk')
    return reading.category ? { type: 'CRISIS', why: reading.category, now } : { type: 'CRISIS', now };
  // Right after a crisis reply (its Continue still open) the patient has been heard and helped: more
  // words that may mean risk are heard as such, not asked about again.
  const afterCrisis = context.ask?.field === 'resume';
  if (reading.outcome === 'possible' && reading.category && !afterCrisis) {
    const answers = () => readAnswer(context, text, i18n, content) !== null;
    const checkOpen = context.ask?.field === 'riskCheck';
    // The statistical net (docs/safety.md#the-statistical-net) asks only about words nothing else
    // explains: not while the direct question is open already, not an answer to the question
    // asked, not a report of use or a wish to use.
    const explained = () =>
      checkOpen ||
      answers() ||
      screenUse(text, content).outcome !== 'none' ||
      wishAfterNo(text, content.listening.wishAfterNo, context.listening?.useDeniedAt, now);
    const byModelOnly = reading.rule === 'model' && explained();
    if (!byModelOnly && !(checkOpen && answers()))
      return { type: 'POSSIBLE_RISK', why: reading.category, now };
  }
  if (reading.outcome === 'thirdParty') return { type: 'THIRD_PARTY', now };
  const flag = screenRedFlag(text, content);
  if (flag.outcome === 'redFlag')
    return flag.category ? { type: 'RED_FLAG', why: flag.category, now } : { type: 'RED_FLAG', now };
  return null;
}

/**
 * The text of a message that is screened for safety: a text, an edit (screened, never read as an
 * answer), a caption (the same), a command's argument (`/help I want to die` is a crisis). The whole
 * of it, whatever its length: Teams allows far more than Telegram's 4,096 characters, and the words
 * that matter may come at the end.
 */
export function screenedText(message: Inbound): string | undefined {
  switch (message.kind) {
    case 'text':
    case 'edited':
      return message.text;
    case 'unsupported':
      return message.caption;
    case 'command':
      return message.args;
    default:
      return undefined;
  }
}

/** Turns an inbound message into the machine event, given where the patient is. */
export function interpret(
  context: PatientContext,
  inbound: Inbound,
  content: FlowContent,
  i18n: I18n,
  now: number,
): PatientEvent {
  const screened = screenedText(inbound);
  const safety = screened ? safetyEvent(screened, context, content, i18n, now) : null;
  if (safety) return safety;
  switch (inbound.kind) {
    case 'timer':
      return { ...inbound.event, now } as PatientEvent;
    case 'hello':
      return { type: 'HELLO', now };
    case 'unsupported': {
      // An empty message (Teams sends one for a bare @mention) is no sticker: answered as text.
      if (inbound.what === 'empty')
        return context.ask ? { type: 'INVALID', now } : { type: 'FREE_TEXT', now };
      // A caption, or a forwarded message's words, was screened like a text (above), but is never
      // read as an answer.
      return inbound.what === 'forwarded'
        ? { type: 'UNSUPPORTED', forwarded: true, now }
        : { type: 'UNSUPPORTED', now };
    }
    case 'edited':
      // Screened like a text, but not read as a new message: an edit usually corrects one already
      // answered, and read against the question pending now it would land in the wrong place.
      return { type: 'EDITED', now };
    case 'command':
      return {
        type: 'CMD',
        name: inbound.name.toLowerCase().slice(0, 32),
        args: inbound.args.slice(0, 200),
        now,
      };
    case 'choice': {
      if (!context.ask || inbound.askId !== context.ask.id) return { type: 'STALE', now };
      // The current question's button with a value it does not have (a forged or garbled
      // payload): not "that question has passed", it is the current one; say what is wanted.
      const v = readChoice(context, inbound.value);
      return v === null ? { type: 'INVALID', now } : answerEvent(context, v, now);
    }
    case 'text': {
      const text = inbound.text.slice(0, 4096);
      // `/checkin`, `／checkin`, `、checkin` (the slash a Chinese input method types), `/打卡`.
      const cmd = slashCommand(text, content.commands);
      if (cmd) return { type: 'CMD', ...cmd, now };
      // 两三分, 七八分, 2-3 weeks: the riskier end, or "which one?" (see `Question.range`). Before
      // the number itself at a number question (两三天 is no 23 days); after the options at a choice
      // (两三天 to a PHQ item is "several days").
      const numeric = context.ask?.kind === 'scale' || context.ask?.kind === 'number';
      const range = () => (context.ask ? rangeAnswer(context, text, i18n, content, now) : null);
      const early = numeric ? range() : null;
      if (early) return early;
      const value = readAnswer(context, text, i18n, content);
      if (value !== null) return answerEvent(context, value, now);
      const late = numeric ? null : range();
      if (late) return late;
      // "Today's workout", 今天的运动: /workout in words (docs/program.md).
      if (isWorkoutWords(text, content)) return { type: 'CMD', name: 'workout', args: '', now };
      // 打卡, 帮助, "my plan": a command in words (an answer to the question asked goes first).
      const word = commandWord(text, content.commands);
      if (word) return { type: 'CMD', ...word, now };
      const use = screenUse(text, content);
      if (use.outcome === 'lapse') return { type: 'LAPSE_REPORT', now };
      // "I used my bike", 今天用了跑步机: maybe a use, maybe not. Asked before anything changes.
      if (use.outcome === 'possibleLapse') return { type: 'LAPSE_UNSURE', now };
      if (use.outcome === 'craving') return { type: 'CRAVING_REPORT', now };
      // "I just really want it", just after "no, it wasn't a use": the craving it is.
      if (wishAfterNo(text, content.listening.wishAfterNo, context.listening?.useDeniedAt, now))
        return { type: 'CRAVING_REPORT', now };
      if (!context.ask) return { type: 'FREE_TEXT', now };
      const hint = invalidHint(context.ask, text);
      return hint ? { type: 'INVALID', hint, now } : { type: 'INVALID', now };
    }
  }
}

/**
 * What a command's argument answers (`/craving 8`): the event for the question the command just
 * opened, with that question's id, or null. Only for {@link ARGUMENT_ANSWERS}, only when the
 * command opened a new question, and only when the argument reads as an answer to it; otherwise
 * the question stands as asked.
 */
export function argumentAnswer(
  event: PatientEvent,
  before: PendingAsk | null,
  context: PatientContext,
  content: FlowContent,
  i18n: I18n,
  now: number,
): { askId: string; event: PatientEvent } | null {
  if (event.type !== 'CMD' || !ARGUMENT_ANSWERS.has(event.name) || !event.args.trim()) return null;
  const opened = context.ask;
  if (!opened || opened.id === before?.id) return null;
  const answer = interpret(context, { kind: 'text', text: event.args }, content, i18n, now);
  return answer.type === 'ANSWER' || answer.type === 'OVERLAY_ANSWER'
    ? { askId: opened.id, event: answer }
    : null;
}

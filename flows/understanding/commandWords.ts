/**
 * Commands typed the way people type them (docs/patient-journey.md#command-words): a slash in any
 * width (`/checkin`, `／checkin`) or the `、` a Chinese input method types for `/`; a command's
 * words in either language (打卡, 帮助, "my plan"), with the polite words around them; and, for a
 * command nobody knows, the nearest one (`/chekin` → `/checkin`). Pure.
 */
import type { FlowContent } from '../content/schema.js';
import { canonicalZone } from '../rules/localTime.js';
import { byWord, parseLanguage } from './choices.js';
import { everyday } from './everyday.js';
import { normaliseWidth, parseClockTime } from './numbers.js';
import { parseAmount, parseRating } from './quantities.js';

/** A command read from a text: its name and what follows it. */
export interface TypedCommand {
  name: string;
  args: string;
}

type CommandWords = FlowContent['commands'];

/** Commands that are no words of `commands.json` but can be typed with a slash (start, lapse). */
const SLASH_ONLY = ['start', 'lapse'] as const;

/** Every patient command a typo can be near, in the order a tie is broken. */
export function knownCommands(commands: CommandWords): string[] {
  return [...Object.keys(commands.words), ...SLASH_ONLY];
}

// A slash (any width: NFKC makes ／ a /) or the IME's 、, then a Latin name (an @bot suffix in a
// group is dropped), then the arguments. `、` only before a Latin name: 、 opening a Chinese sentence
// is punctuation, not a command.
const SLASHED = /^(?:\/\s*|、)([A-Za-z]+)(?:@\w+)?\s*([\s\S]*)$/u;
const SLASHED_WORD = /^[/、]\s*(\S[\s\S]*)$/u;

/**
 * A command typed with a slash in any width, or with the `、` a Chinese input method types for
 * `/`: `/checkin`, `／ｃｈｅｃｋｉｎ`, `、checkin`, `/打卡` (a command word after the slash). Null for
 * anything else. The name is returned lower-cased; unknown names too (the flow suggests the
 * nearest one).
 */
export function slashCommand(text: string, commands: CommandWords): TypedCommand | null {
  const t = normaliseWidth(text);
  const m = t.match(SLASHED);
  if (m) return { name: m[1]!.toLowerCase().slice(0, 32), args: m[2]!.slice(0, 200) };
  const w = t.match(SLASHED_WORD);
  return w ? commandWord(w[1]!, commands) : null;
}

// Words around a command that change nothing: a polite lead-in, a closing particle, punctuation.
const LEAD_IN =
  /^(?:请|请你|麻烦|麻烦你|我要|我想|我想要|我需要|帮我|给我|please|pls|i want to|i'd like to|i would like to|can i|could i|let me|let's|i need to|i wanna)\s*/u;
const CLOSING = /\s*(?:一下|一下吧|吧|呢|啊|呀|哦|喔|了|嘛|谢谢|please|pls|thanks|thank you|now please)$/u;
const EDGES = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/** A text normalised for lookup, without punctuation at either end. */
const bare = (text: string) => everyday(text).replace(EDGES, '');

/**
 * The ways a message may hold a command word: as it is, and without the polite words around it
 * (请帮我打卡一下 is 打卡). Both are tried, so a word that starts like a lead-in keeps its meaning.
 */
function candidates(text: string): string[] {
  const t = bare(text);
  let polite = t;
  for (let i = 0; i < 2; i++) polite = polite.replace(LEAD_IN, '').replace(CLOSING, '').replace(EDGES, '');
  return polite && polite !== t ? [t, polite] : [t];
}

/** The commands whose words may be followed by their argument, and what reads as one. */
const ARGUMENTS: Record<string, (rest: string) => boolean> = {
  pause: (rest) => parseAmount(rest, 'days') !== null,
  time: (rest) => parseClockTime(rest) !== null,
  timezone: (rest) =>
    (/^[A-Za-z_]+\/[A-Za-z_/+-]+$/.test(rest) && canonicalZone(rest) !== null) ||
    byWord('setZone', rest) !== null,
  language: (rest) => parseLanguage(rest) !== null,
  craving: (rest) => parseRating(rest, 0, 10) !== null,
};

/** The longest a message can be and still be a command word (a sentence is not a command). */
const MAX_WORD_MESSAGE = 40;

// Compiled once per content: each word (cleaned like a message) and its command, longest first so
// that 暂停打卡 wins over 暂停 when an argument follows.
const lookup = new WeakMap<CommandWords, { word: string; name: string }[]>();
function wordsOf(commands: CommandWords) {
  let list = lookup.get(commands);
  if (!list) {
    list = Object.entries(commands.words)
      .flatMap(([name, lists]) => [...lists.en, ...lists['zh-CN']].map((w) => ({ word: bare(w), name })))
      .filter((w) => w.word.length > 0)
      .sort((a, b) => b.word.length - a.word.length);
    lookup.set(commands, list);
  }
  return list;
}

/**
 * The command a short message names in words (打卡, 帮助一下, "my plan please", 暂停一周,
 * "time zone Hong Kong"), or null. The whole message must be the word (give or take the polite
 * words around it), or the word of a command that takes an argument followed by one it can read:
 * 时间过得好慢 is no /time.
 */
export function commandWord(text: string, commands: CommandWords): TypedCommand | null {
  if (normaliseWidth(text).length > MAX_WORD_MESSAGE) return null;
  const words = wordsOf(commands);
  const ways = candidates(text).filter(Boolean);
  for (const t of ways) {
    const exact = words.find((w) => w.word === t);
    if (exact) return { name: exact.name, args: '' };
  }
  for (const t of ways)
    for (const { word, name } of words) {
      const reads = ARGUMENTS[name];
      if (!reads || !t.startsWith(word)) continue;
      // A Latin word ends at a word's end ("pause" is not the start of "pauses").
      if (/[a-z]$/.test(word) && /^[a-z]/.test(t.slice(word.length))) continue;
      const rest = t
        .slice(word.length)
        .replace(/^[\s:：,，]+/u, '')
        .trim();
      if (rest && reads(rest)) return { name, args: rest };
    }
  return null;
}

/** Edit distance with adjacent swaps (optimal string alignment): `chekin` is 1 from `checkin`. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}

/**
 * The known command an unknown name was most likely meant to be, or null: within one edit for a
 * short name (up to 4 letters), two for a longer one, or the start of exactly one command (`prog`
 * is `progress`). Ties go to the earlier command in {@link knownCommands}.
 */
export function nearestCommand(name: string, known: readonly string[]): string | null {
  const n = name.toLowerCase();
  if (!n || n.length > 32 || known.includes(n)) return null;
  const limit = n.length <= 4 ? 1 : 2;
  let best: { name: string; distance: number } | null = null;
  for (const k of known) {
    const distance = editDistance(n, k);
    if (distance <= limit && (!best || distance < best.distance)) best = { name: k, distance };
  }
  if (best) return best.name;
  const starts = n.length >= 3 ? known.filter((k) => k.startsWith(n)) : [];
  return starts.length === 1 ? starts[0]! : null;
}

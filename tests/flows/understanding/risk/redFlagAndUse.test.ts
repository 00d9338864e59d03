/**
 * Medical red flags and reported use, read by the same reader (docs/safety.md#red-flags,
 * docs/safety.md#reported-use).
 */
import { describe, expect, it } from 'vitest';
import { readRedFlag, readUse } from '../../../../flows/understanding/risk/index.js';
import { loadContent } from '../../../../src/content.js';

const lexicon = loadContent().risk;

describe('medical red flags in everyday words', () => {
  it.each([
    ['chestPain', '胸口很闷'],
    ['chestPain', 'pressure in the centre of my chest that wont go away'],
    ['palpitations', '心跳得特别快'],
    ['palpitations', 'my heart is racing and I feel faint'],
    ['fainting', 'I nearly blacked out on the treadmill'],
    ['breathless', "I can't breathe properly even sitting down"],
    ['breathless', '喘不过气'],
    ['dizziness', 'the room is spinning, I am so dizzy'],
    ['confusion', "I don't know where I am"],
  ])('%s: %s', (category, text) => {
    const reading = readRedFlag(text, lexicon);
    expect(reading.outcome).toBe('redFlag');
    if (category !== 'palpitations' || !text.includes('faint')) expect(reading.category).toBe(category);
  });

  it.each([
    'out of breath but feeling great',
    "heart's racing in a good way, I got the job!!",
    'chest and tris tonight',
    'bit puffed on the stairs, back to normal in a minute',
    'breathtaking view at the top',
    '跑完步有点喘 很正常',
    '看恐怖片吓得心怦怦跳 哈哈',
    'no chest pain today',
    'a lady at the bus stop fainted in the heat',
  ])('not a red flag: %s', (text) => {
    expect(readRedFlag(text, lexicon).outcome).toBe('none');
  });
});

describe('reported use: a clear report, a maybe, a craving', () => {
  it.each([
    ['lapse', 'smoked ice last night'],
    ['lapse', 'I relapsed yesterday'],
    ['lapse', '昨晚又吸了冰'],
    ['possibleLapse', 'i caved'],
    ['possibleLapse', '最后还是没忍住 对不起'],
    ['craving', 'I really want to use tonight'],
    ['craving', '好想吸一口'],
    ['none', 'I used to jog every morning'],
    ['none', 'ice on my knee after the walk'],
    ['none', '喝了杯冰奶茶'],
    ['none', "didn't use, went to bed early"],
    ['none', 'my friend relapsed'],
  ])('%s: %s', (expected, text) => {
    expect(readUse(text, lexicon).outcome).toBe(expected);
  });
});

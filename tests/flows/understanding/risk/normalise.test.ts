/**
 * Words hidden by how they are typed are still read (docs/safety.md#normalise): invisible bidi marks
 * and zero-width characters, look-alike letters, full-width forms, stretched and run-together words,
 * traditional characters and Cantonese, and the whole of a very long message.
 */
import { describe, expect, it } from 'vitest';
import { readSelfHarm } from '../../../../flows/understanding/risk/index.js';
import { normalise } from '../../../../flows/understanding/risk/normalise.js';
import { loadContent } from '../../../../src/content.js';

const lexicon = loadContent().risk;
const outcome = (text: string) => readSelfHarm(text, lexicon).outcome;

describe('format characters are dropped', () => {
  it.each([
    ['a left-to-right mark inside 自杀', '我想自\u200e杀'],
    ['a right-to-left mark inside 自杀', '我想自\u200f杀'],
    ['a bidi isolate inside "kill myself"', 'I want to ki\u2066ll mys\u2069elf'],
    ['a left-to-right mark inside "kill myself"', 'I want to kill\u200e myself'],
    ['a zero-width space inside 想死', '我好想\u200b死'],
    ['a soft hyphen inside "suicide"', 'thinking about sui\u00adcide'],
  ])('%s', (_why, text) => {
    expect(outcome(text)).toBe('risk');
  });

  it('normalise removes every Cf character', () => {
    expect(normalise('a\u200e\u200f\u202a\u202e\u2066\u2069\u200b\u200d\ufeffb')).toBe('ab');
  });
});

describe('look-alike and full-width letters are read as Latin', () => {
  it.each([
    ['Cyrillic е in "dead"', 'i wish i was d\u0435ad'],
    ['Cyrillic і and е in "kill myself"', 'thinking about how to k\u0456ll mys\u0435lf'],
    ['Greek ο in "overdose"', 'going to \u03bfverdose tonight'],
    ['full-width letters', '\uff4b\uff49\uff4c\uff4c myself'],
    ['accents', 'I want to dïé'],
  ])('%s', (_why, text) => {
    expect(outcome(text)).toBe('risk');
  });
});

describe('stretched, run-together and misspelled words are read', () => {
  it.each([
    'i want to diiiie',
    'i just wanttodie',
    'gonna killmyself tonight',
    'i want to kill myslef',
    'thinking about suicde',
    'k1ll myself',
  ])('%s', (text) => {
    expect(outcome(text)).toBe('risk');
  });

  it('ordinary long words are left whole', () => {
    expect(outcome('we did everything together at the therapist')).toBe('none');
  });
});

describe('traditional characters, Cantonese and spaced characters are read', () => {
  it.each([
    '我好想自殺',
    '我真的不想活了',
    '真係唔想再活落去',
    '我 真 的 不 想 活 了',
    '我只會拖累家裡人 他們沒有我會比較好過',
  ])('%s', (text) => {
    expect(outcome(text)).toBe('risk');
  });
});

describe('the whole message is read, whatever its length', () => {
  it('a 5,000-character message with the words at its end', () => {
    const text = `${'went for a walk by the canal and had a coffee. '.repeat(110)}I am going to kill myself tonight`;
    expect(text.length).toBeGreaterThan(5000);
    expect(outcome(text)).toBe('risk');
  });

  it('a 5,000-character Chinese message with the words at its end', () => {
    const text = `${'今天天气不错 出去走了走 '.repeat(400)}我真的不想活了`;
    expect(text.length).toBeGreaterThan(5000);
    expect(outcome(text)).toBe('risk');
  });

  it('a 100,000-character message thick with death words and negations is read to its end', () => {
    const filler = 'not kill not want to die 不想死 我不 kill die 死 想. '.repeat(2500);
    expect(filler.length).toBeGreaterThan(100_000);
    expect(outcome(filler)).toBe('none');
    expect(readSelfHarm(`${filler}I am going to kill myself`, lexicon)).toMatchObject({
      outcome: 'risk',
      category: 'ideation',
    });
  });
});

/**
 * The self-harm reader as clinical rules (docs/safety.md#rules): what earns the crisis reply at once,
 * what earns the direct question, what is someone else's risk, and what is everyday language.
 */
import { describe, expect, it } from 'vitest';
import { readSelfHarm } from '../../../../flows/understanding/risk/index.js';
import { loadContent } from '../../../../src/content.js';

const lexicon = loadContent().risk;
const outcome = (text: string) => readSelfHarm(text, lexicon).outcome;

describe('a plan, a preparation, a goodbye, a burden, a wish to be dead or self-injury is `risk`', () => {
  it.each([
    // self + method + intent → plan
    ['plan', 'I am going to hang myself in the garage tonight'],
    ['plan', 'the pills are counted out on the bed, doing it tonight'],
    ['plan', '我打算从我家阳台跳下去'],
    ['plan', '今晚烧炭 门窗都封好了'],
    // preparatory act
    ['preparatory', 'wrote my suicide note last night'],
    ['preparatory', 'been saving my sleeping pills for weeks'],
    ['preparatory', '遗书写好了 放在抽屉里'],
    // finality + goodbye
    ['goodbye', "you won't hear from me again after today"],
    ['goodbye', 'tell my mum I love her and it was not her fault'],
    ['goodbye', '替我跟家人说声对不起'],
    // burden + absence
    ['burden', 'everyone would be better off without me'],
    ['burden', '没有我 他们会过得更好'],
    // self + death wish
    ['deathWish', 'I just want to die'],
    ['deathWish', "I don't want to wake up tomorrow"],
    ['deathWish', '我真的不想活了'],
    ['deathWish', '死了算了'],
    // suicidal thoughts
    ['ideation', 'I keep thinking about killing myself'],
    ['ideation', '最近脑子里一直有自杀的想法'],
    // self-injury verb + self, past or present
    ['selfInjury', 'I cut myself last night'],
    ['selfInjury', 'burned my arm with a cigarette on purpose'],
    ['selfInjury', '我用烟头烫自己'],
    ['selfInjury', '又割了好几道口子'],
  ])('%s: %s', (category, text) => {
    const reading = readSelfHarm(text, lexicon);
    expect(reading.outcome).toBe('risk');
    expect(reading.category).toBe(category);
    expect(reading.rule).toEqual(expect.any(String));
  });
});

describe('indirect words earn the direct question (`possible`), never silence', () => {
  it.each([
    "I can't do this anymore",
    'whats the point of anything',
    'I feel completely hopeless',
    '我撑不下去了',
    '活着到底图个啥',
    '没有人在乎我',
  ])('%s', (text) => {
    expect(outcome(text)).toBe('possible');
  });
});

describe('someone else at risk is `thirdParty`: a different reply and a high alert, not silence', () => {
  it.each([
    'my friend said he wants to die',
    'my sister has been cutting herself',
    'my dad keeps saying the family would be better off without him',
    "my mate texted me 'gonna kms' and now he won't answer",
    '我朋友说他想自杀',
    '我妈最近一直说不想活了',
  ])('%s', (text) => {
    const reading = readSelfHarm(text, lexicon);
    expect(reading.outcome).toBe('thirdParty');
    expect(reading.category).toBe('thirdParty');
  });
});

describe('negation: "I don\'t want to die" is not a wish to die', () => {
  it.each([
    "I don't want to die, I want to get better",
    "I'd never kill myself, my kids need me",
    'no plans to harm myself, just tired',
    '我不想死 我想好好活着',
    '我不会自杀的 你放心',
    '我从来没想过要结束自己',
  ])('%s', (text) => {
    expect(outcome(text)).toBe('none');
  });

  it('a negation says nothing across "but" or a new "I"', () => {
    expect(outcome("I don't know why, I just want to die")).toBe('risk');
    expect(outcome("I don't think I can keep going. I want to die")).toBe('risk');
  });

  it('"特别想死" is not negated by the 别 inside 特别', () => {
    expect(outcome('我特别想死')).toBe('risk');
  });

  it('a wish not to live is a wish to die, and a double negation is not', () => {
    expect(outcome("I don't want to live anymore")).toBe('risk');
    expect(outcome('不是不想活 是想换个活法')).toBe('none');
  });
});

describe('everyday idioms get neither the crisis reply nor the question', () => {
  it.each([
    '笑死我了',
    '累死了',
    '好久不见 想死你了',
    '热死了 今天不出门',
    'this workout is killing me',
    'I could kill for a coffee',
    'my phone died',
    'that joke killed me',
    'dead tired after the run',
    'did jump rope for ten minutes',
    'trying to cut back on sugar',
    'killed it at the gym today',
  ])('%s', (text) => {
    expect(outcome(text)).toBe('none');
  });
});

describe('questions about the topic, news, songs and the past are not the patient at risk', () => {
  it.each([
    'is it normal to think about death?',
    'what are the warning signs that someone is suicidal?',
    'why do celebrities kill themselves',
    'the news said someone jumped off the bridge',
    '刚看完《霸王别姬》 程蝶衣最后拔剑自刎那段',
    'back in rehab I wanted to die every day, now I look forward to mornings',
    '以前真的很想死 现在觉得活着真好',
    'took my sleeping tablets as prescribed',
  ])('%s', (text) => {
    expect(outcome(text)).toBe('none');
  });

  it('a question about lethal doses still earns the direct question', () => {
    expect(outcome('吃多少片安眠药会有危险啊 就问问')).toBe('possible');
  });

  it('a question with the patient in it is the patient speaking', () => {
    expect(outcome('have u ever wanted to kill urself? cause i do every day')).toBe('risk');
  });
});

describe('a joke turns a bare death wish into the question, not the crisis reply', () => {
  it('平板支撑撑到想死 哈哈', () => {
    expect(outcome('平板支撑撑到想死 哈哈哈')).toBe('possible');
  });
});

import { describe, expect, it } from 'vitest';
import { phrasesSchema } from '../../flows/content/schema.js';
import { initialContext } from '../../flows/machine/patientMachine.js';
import { mentions } from '../../flows/understanding/phrases.js';
import { loadContent } from '../../src/content.js';
import { interpret } from '../../src/engine/interpret.js';
import { I18n } from '../../src/i18n.js';

const content = loadContent();
const phrases = content.phrases;

describe('self-harm words are heard in both languages (better a false alarm than a miss)', () => {
  it.each([
    '我想伤害自己',
    '我要伤害自己',
    '想伤害自己',
    '伤害自己',
    '我想伤害我自己',
    '我又伤害了自己',
    '死了算了',
    '想吃安眠药一了百了',
    '活着好累，没意思',
    '活着没劲',
    '真不想醒来',
    '我不想再活下去了',
    'I keep thinking about hurting myself',
    'hurting myself',
    'I want to overdose',
    'thinking of overdosing',
    'I wish I was dead',
    'I wish I were dead',
    'I might as well be dead',
    'sometimes I just want to disappear',
    'I don’t want to wake up tomorrow',
  ])('%s', (text) => expect(mentions(text, 'selfHarm', phrases)).toBe(true));

  it.each([
    'I walked for 20 minutes',
    '今天走了半小时，感觉不错',
    '我想伤害别人，不是自己',
    'I hurt my knee',
  ])('not in an ordinary sentence: %s', (text) => expect(mentions(text, 'selfHarm', phrases)).toBe(false));

  it('a self-harm phrase gets the crisis reply whatever question is pending', () => {
    const context = initialContext({ locale: 'zh-CN', timezone: 'Asia/Shanghai' });
    context.ask = {
      id: '1',
      field: 'craving',
      kind: 'scale',
      prompt: { key: 'screening.craving' },
      options: [],
      min: 0,
      max: 10,
    };
    const event = interpret(context, { kind: 'text', text: '我想伤害自己' }, content, new I18n(), 0);
    expect(event.type).toBe('CRISIS');
  });
});

describe('medical red flags during a session are heard', () => {
  it.each([
    '胸口疼',
    '胸口很闷',
    '胸口很痛',
    '心脏好难受',
    '心脏不舒服',
    '心口疼',
    '心跳好快',
    '我快晕了',
    '眼前发黑',
    'my heart is racing',
    'my heart is pounding',
    'palpitations',
    'chest pressure',
    'my chest is tight',
    'I feel faint',
    "I'm blacking out",
  ])('%s', (text) => expect(mentions(text, 'redFlag', phrases)).toBe(true));

  it.each(['I walked for 20 minutes', '今天走得很开心'])('not in an ordinary sentence: %s', (text) =>
    expect(mentions(text, 'redFlag', phrases)).toBe(false),
  );

  it('a red flag typed during a session stops it', () => {
    const context = initialContext({ locale: 'en', timezone: 'Asia/Shanghai' });
    context.session = { id: 'walk15', step: 0, before: 8 };
    const event = interpret(context, { kind: 'text', text: 'my heart is racing' }, content, new I18n(), 0);
    expect(event.type).toBe('RED_FLAG');
  });
});

describe('a gap … in a phrase bridges a few characters within one clause', () => {
  const lists = (zh: string[]) =>
    phrasesSchema.parse({
      selfHarm: { en: [], 'zh-CN': zh },
      redFlag: { en: [], 'zh-CN': [] },
      craving: { en: [], 'zh-CN': [] },
      lapse: { en: [], 'zh-CN': [] },
      possibleLapse: { en: [], 'zh-CN': [] },
    });

  it('matches with and without words in the gap, but not across a comma or a long stretch', () => {
    const p = lists(['伤害…自己']);
    expect(mentions('伤害自己', 'selfHarm', p)).toBe(true);
    expect(mentions('伤害一下我自己', 'selfHarm', p)).toBe(true);
    expect(mentions('伤害别人，不是自己', 'selfHarm', p)).toBe(false);
    expect(mentions('伤害了很多很多很多很多人和自己', 'selfHarm', p)).toBe(false);
  });

  it.each([['…自己'], ['伤害…'], ['伤害……自己'], [' 伤害']])('the schema rejects %j', (bad) =>
    expect(() => lists([bad])).toThrow(),
  );
});

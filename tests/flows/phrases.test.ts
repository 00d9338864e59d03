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
    // Found missing by clinical QA.
    '活腻了',
    '真是生不如死',
    '我有点想不开',
    '我不想再醒来了',
    '我想从楼上跳下去',
    '想跳楼',
    'I wish I could sleep and never wake up',
    "I don't want to be here anymore",
    'I dont wanna be here anymore',
    "life isn't worth it",
    "my life just isn't worth it",
    'life is not worth it',
    'life is not worth living',
    'I might as well end it',
  ])('%s', (text) => expect(mentions(text, 'selfHarm', phrases)).toBe(true));

  // 想不开 mostly means "can't get over something" (这件事我一直想不开), but it is also how a
  // suicide is spoken of (一时想不开). Better a false alarm than a miss: it is a crisis word, and
  // the crisis reply lets the conversation go on.
  it('想不开 counts, even where it means "can\'t get over it"', () =>
    expect(mentions('这件事我一直想不开', 'selfHarm', phrases)).toBe(true));

  it.each([
    'I never wake up before eight',
    'I want to be here every week',
    '我不想那么早醒来',
    '楼上的邻居在跳绳',
    // "kms" is left alone: a unit ("ran 5 kms").
    'kms',
    'I ran 5 kms today',
  ])('not in an everyday sentence: %s', (text) => expect(mentions(text, 'selfHarm', phrases)).toBe(false));

  it.each([
    'I walked for 20 minutes',
    '今天走了半小时，感觉不错',
    '我想伤害别人，不是自己',
    'I hurt my knee',
  ])('not in an ordinary sentence: %s', (text) => expect(mentions(text, 'selfHarm', phrases)).toBe(false));

  it('a self-harm phrase gets the crisis reply whatever question is pending', () => {
    const context = initialContext({ locale: 'zh-CN', timezone: 'Asia/Shanghai' }, content.thresholds);
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
    // Found missing by clinical QA.
    'I passed out',
    'I blacked out',
    'lightheaded',
    'I feel light-headed',
    'I collapsed',
    'I am gasping for air',
    'severely out of breath',
    "I can't catch my breath",
    '呼吸很困难',
    '呼吸有点困难',
    '我晕过去了',
    '差点晕了过去',
    '我昏过去了',
    '喘得厉害',
    '喘得很厉害',
    '上气不接下气',
    '胸口很难受',
    '胸口难受',
    '我快不行了',
    'my chest feels really heavy',
    'my chest is so heavy',
    '胸口很沉',
    '胸口像被压着',
  ])('%s', (text) => expect(mentions(text, 'redFlag', phrases)).toBe(true));

  it.each([
    'I walked for 20 minutes',
    '今天走得很开心',
    // Being a little out of breath on a brisk walk is what moderate means, not a red flag.
    "I'm a bit out of breath but fine",
    'the breathing exercise is hard',
    '呼吸练习做完了',
  ])('not in an ordinary sentence: %s', (text) => expect(mentions(text, 'redFlag', phrases)).toBe(false));

  it('a red flag typed during a session stops it', () => {
    const context = initialContext({ locale: 'en', timezone: 'Asia/Shanghai' }, content.thresholds);
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

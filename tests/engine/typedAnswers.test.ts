import { afterEach, describe, expect, it } from 'vitest';
import { initialContext } from '../../flows/machine/patientMachine.js';
import type { PendingAsk } from '../../flows/machine/types.js';
import { loadContent } from '../../src/content.js';
import { interpret } from '../../src/engine/interpret.js';
import { I18n } from '../../src/i18n.js';
import { Harness, onboard } from '../support/patientHarness.js';

const content = loadContent();
const i18n = new I18n();

type Ask = Omit<PendingAsk, 'id' | 'prompt'>;

/** The event a typed text becomes while `ask` is pending. */
function typed(ask: Ask, text: string) {
  const context = initialContext({ locale: 'zh-CN', timezone: 'Asia/Shanghai' });
  context.ask = { id: '1', prompt: { key: 'common.n' }, ...ask };
  return interpret(context, { kind: 'text', text }, content, i18n, 0);
}

const lastUse: Ask = { field: 'lastUse', kind: 'number', options: [], min: 0, max: 36500 };
const exercise: Ask = {
  field: 'exercise',
  kind: 'choice',
  options: ['0', '10', '20', '30'].map((v) => ({ value: v, label: { key: `checkin.exerciseOption.${v}` } })),
  min: 0,
  max: 600,
};
const craving: Ask = { field: 'craving', kind: 'scale', options: [], min: 0, max: 10 };
const activity: Ask = { field: 'activity', kind: 'scale', options: [], min: 0, max: 7 };

describe('numbers are read in the unit the question counts', () => {
  it.each([
    ['1 week', 7],
    ['3 weeks', 21],
    ['两个月', 60],
    ['1 year', 365],
    ['45', 45],
    ['四十五天', 45],
  ])('days since last use: %s → %d', (text, days) =>
    expect(typed(lastUse, text)).toMatchObject({ type: 'ANSWER', value: days }),
  );

  it.each([
    ['1 hour', 60],
    ['半小时', 30],
    ['一个半小时', 90],
    ['1.5 hours', 90],
    ['30+', 30],
    ['20', 20],
  ])('exercise minutes: %s → %d', (text, minutes) =>
    expect(typed(exercise, text)).toMatchObject({ type: 'ANSWER', value: minutes }),
  );

  it.each(['3 months', '3 weeks', '2次'])('a 0–10 rating with a unit is asked again: %s', (text) =>
    expect(typed(craving, text).type).toBe('INVALID'),
  );

  it('a numeral inside a word is no rating: 很想吸一口 is a craving said, not a 1', () =>
    expect(typed(craving, '很想吸一口').type).toBe('CRAVING_REPORT'));

  it.each([
    ['7分', 7],
    ['7/10', 7],
    ['七', 7],
  ])('a rating still reads %s → %d', (text, n) =>
    expect(typed(craving, text)).toMatchObject({ type: 'ANSWER', value: n }),
  );

  it('days of exercise a week keep their plain reading (3天 is 3)', () =>
    expect(typed(activity, '3天')).toMatchObject({ type: 'ANSWER', value: 3 }));
});

const options = (prefix: string, values: string[]) =>
  values.map((v) => ({ value: v, label: { key: `${prefix}.${v}` } }));
const exerciseType: Ask = {
  field: 'exerciseType',
  kind: 'choice',
  options: options('checkin.modality', ['aerobic', 'resistance', 'mindbody']),
};
const offer: Ask = {
  field: 'offer',
  kind: 'choice',
  options: [
    ...['breathing5', 'walk15', 'easywalk10'].map((id) => ({
      value: id,
      label: { key: `sessions.${id}.label` },
    })),
    { value: 'notnow', label: { key: 'offer.notNow' } },
  ],
};
const sleep: Ask = {
  field: 'sleep',
  kind: 'choice',
  options: options('checkin.sleepOption', ['poor', 'ok', 'good']),
};
const deleteConfirm: Ask = {
  field: 'deleteConfirm',
  kind: 'yesno',
  options: options('common', ['yes', 'no']),
};
const likes: Ask = {
  field: 'likes',
  kind: 'choice',
  options: options('screening.likesOption', ['mindbody', 'aerobic', 'resistance', 'all']),
};
const asks: Record<string, Ask> = { exerciseType, offer, sleep, exercise, likes };

describe('a typed answer to buttons may be part of one label, a yes or no, or another word for it', () => {
  it.each([
    ['有氧', 'exerciseType', 'aerobic'],
    ['走路', 'exerciseType', 'aerobic'],
    ['breathing', 'exerciseType', 'mindbody'],
    ['breathing', 'offer', 'breathing5'],
    ['paced breathing', 'offer', 'breathing5'],
    ['快走', 'offer', 'walk15'],
    ['no', 'offer', 'notnow'],
    ['不要', 'offer', 'notnow'],
    ['yes', 'offer', 'breathing5'],
    ['好', 'offer', 'breathing5'],
    ['2', 'offer', 'walk15'],
    ['很差', 'sleep', 'poor'],
    ['好', 'sleep', 'good'],
    ['还行', 'sleep', 'ok'],
    ['terrible', 'sleep', 'poor'],
    ['no', 'exercise', 0],
    ['走路', 'likes', 'aerobic'],
    ['散步', 'likes', 'aerobic'],
    ['running', 'likes', 'aerobic'],
    ['跑步', 'exerciseType', 'aerobic'],
    ['swimming', 'exerciseType', 'aerobic'],
    ['yoga', 'likes', 'mindbody'],
    ['冥想', 'exerciseType', 'mindbody'],
    ['俯卧撑', 'exerciseType', 'resistance'],
    ['都行', 'likes', 'all'],
  ])('%s at %s → %s', (text, field, value) =>
    expect(typed(asks[field]!, text)).toMatchObject({ type: 'ANSWER', value }),
  );

  it.each([
    ['walk', 'offer', 'a part that fits two labels'],
    ['走', 'offer', 'one Chinese character'],
    ['wa', 'offer', 'two Latin letters'],
    ['chess', 'exerciseType', 'a word in no label'],
    ['都行', 'exerciseType', 'a word for an option this question does not have'],
  ])('%s at %s is not an answer (%s)', (text, field) =>
    expect(typed(asks[field]!, text).type).toBe('INVALID'),
  );

  it.each([
    ['7', 7],
    ['3', 3],
    ['八', 8],
    ['6.5', 6.5],
  ])(
    'a bare number at the sleep question is hours, as it asks (%s → %s), never a button position',
    (text, hours) => expect(typed(sleep, text)).toMatchObject({ type: 'ANSWER', value: hours }),
  );

  it('确定 confirms /delete', () =>
    expect(typed(deleteConfirm, '确定')).toMatchObject({ type: 'OVERLAY_ANSWER', value: true }));

  it.each([
    ['seven', 7],
    ['ten', 10],
    ['zero', 0],
    ['Five', 5],
  ])('English number words rate: %s → %d', (text, n) =>
    expect(typed(craving, text)).toMatchObject({ type: 'ANSWER', value: n }),
  );

  it('English number words count days with their unit: two months → 60', () =>
    expect(typed(lastUse, 'two months')).toMatchObject({ type: 'ANSWER', value: 60 }));
});

describe('units through the whole app', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('两个月 since last use is early abstinence, 60 days (not acute, 2 days)', async () => {
    h = await Harness.create();
    const p = h.patient('units');
    await p.send({ kind: 'hello' });
    for (const a of ['yes', '30', 'no', 'no', 'no', 'no', 'no', 'no', 'no']) await p.say(a);
    const reply = await p.say('两个月');
    expect(reply[0]!.text).toContain(h.t('en', 'screening.stage.early', { days: 60 }));
  });

  it('/pause 1 week pauses for 7 days', async () => {
    h = await Harness.create();
    const p = h.patient('pauseWeek');
    await onboard(p);
    const reply = await p.command('pause', '1 week');
    expect(reply[0]!.text).toContain(h.t('en', 'pause.done', { days: 7 }));
  });
});

describe('a language, named in either language', () => {
  const language: Ask = {
    field: 'language',
    kind: 'choice',
    options: [
      { value: 'zh-CN', label: { key: 'language.zh' } },
      { value: 'en', label: { key: 'language.en' } },
    ],
  };
  it.each([
    ['zh', 'zh-CN'],
    ['中文', 'zh-CN'],
    ['Chinese', 'zh-CN'],
    ['en', 'en'],
    ['English', 'en'],
    ['英文', 'en'],
  ])('%s at the language question → %s', (text, value) =>
    expect(typed(language, text)).toMatchObject({ type: 'OVERLAY_ANSWER', value }),
  );
  it('"enough" is not English', () => expect(typed(language, 'enough').type).toBe('INVALID'));
});

describe('/language with the language named', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });
  it.each(['中文', 'Chinese', 'zh'])('/language %s switches to Chinese at once', async (arg) => {
    h = await Harness.create();
    const p = h.patient(`lang-${arg}`);
    await onboard(p);
    const reply = await p.command('language', arg);
    expect(reply[0]!.text).toContain(h.t('zh-CN', 'language.changed'));
  });
});

describe('yes or no, as people answer', () => {
  const use: Ask = { field: 'use', kind: 'yesno', options: options('common', ['yes', 'no']) };
  it.each([
    ['no, never', false],
    ['是的，用了一点', true],
    ['用了一点', true],
    ['用了', true],
    ['我今天用了', true],
    ['昨晚又吸了', true],
    ['I used', true],
    ['I used today', true],
    ['Yes, I did', true],
  ])('%s to "any use since your last check-in?" → %s', (text, value) =>
    expect(typed(use, text)).toMatchObject({ type: 'ANSWER', value }),
  );
});

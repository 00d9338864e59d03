import { afterEach, describe, expect, it } from 'vitest';
import { initialContext } from '../../flows/machine/patientMachine.js';
import type { PendingAsk } from '../../flows/machine/types.js';
import { loadContent } from '../../src/content.js';
import { interpret } from '../../src/engine/interpret.js';
import { I18n } from '../../src/i18n.js';
import { TYPED_ONBOARDING } from '../support/onboardingAnswers.js';
import { Harness, onboard } from '../support/patientHarness.js';

const content = loadContent();
const i18n = new I18n();

type Ask = Omit<PendingAsk, 'id' | 'prompt'>;

/** The event a typed text becomes while `ask` is pending. */
function typed(ask: Ask, text: string) {
  const context = initialContext(
    { locale: 'zh-CN', timezone: '@screening.tz.Asia_Shanghai' },
    content.thresholds,
  );
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
    // At an offer the sessions are ranked: a part of two labels is the first of them.
    ['walk', 'offer', 'walk15'],
    ['呼吸吧', 'offer', 'breathing5'],
    ['散步吧', 'offer', 'easywalk10'],
    ['walk I guess', 'offer', 'walk15'],
  ])('%s at %s → %s', (text, field, value) =>
    expect(typed(asks[field]!, text)).toMatchObject({ type: 'ANSWER', value }),
  );

  it.each([
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

// QA defects in typed answers (a time taken as a button's position, lost halves, everyday words).
describe('a typed time is a time, never a button by its position', () => {
  const times = ['08:00', '12:30', '18:00', '21:00'].map((t) => ({
    value: t,
    label: { key: 'common.raw', params: { text: t } },
  }));
  const checkinTime: Ask = { field: 'checkinTime', kind: 'choice', options: times };
  const setTime: Ask = { field: 'setTime', kind: 'choice', options: times };

  it.each([
    ['凌晨1点', '01:00'],
    ['凌晨2点', '02:00'],
    ['凌晨3点', '03:00'],
    ['凌晨4点', '04:00'],
    ['晚9点', '21:00'],
    ['21.30', '21:30'],
    ['1', '01:00'],
    ['09:30', '09:30'],
  ])('%s at the check-in time question → %s', (text, time) =>
    expect(typed(checkinTime, text)).toMatchObject({ type: 'ANSWER', value: time }),
  );

  it('the same at /time', () =>
    expect(typed(setTime, '凌晨2点')).toMatchObject({ type: 'OVERLAY_ANSWER', value: '02:00' }));

  it.each(['凌晨8点', '上午', 'second', '第二个'])('%s is no time, and no option either', (text) =>
    expect(typed(checkinTime, text).type).toBe('INVALID'),
  );
});

describe('time zones by the names of their places', () => {
  const zones = [
    'Asia/Shanghai',
    'Asia/Hong_Kong',
    'Asia/Taipei',
    'America/New_York',
    'America/Los_Angeles',
    'Europe/London',
  ];
  const timezone: Ask = {
    field: 'timezone',
    kind: 'choice',
    options: zones.map((tz) => ({ value: tz, label: { key: `screening.tz.${tz.replace('/', '_')}` } })),
  };
  it.each([
    ['上海', 'Asia/Shanghai'],
    ['北京', 'Asia/Shanghai'],
    ['台北', 'Asia/Taipei'],
    ['香港', 'Asia/Hong_Kong'],
    ['纽约', 'America/New_York'],
    ['London', 'Europe/London'],
  ])('%s → %s', (text, zone) => expect(typed(timezone, text)).toMatchObject({ type: 'ANSWER', value: zone }));

  it.each(['东八区', 'UTC+8', 'GMT+8', 'utc+08:00', '+8'])(
    '%s is several places with their own helplines: none is picked, the offset is explained',
    (text) => expect(typed(timezone, text)).toMatchObject({ type: 'INVALID', hint: 'zoneOffset' }),
  );

  it.each(['3', '美国'])('%s picks no zone (no position, no place of two zones)', (text) => {
    const event = typed(timezone, text);
    expect(event.type).toBe('INVALID');
    expect(event).not.toHaveProperty('hint');
  });

  it('only zones offered: a place whose zone is not a button picks nothing', () => {
    const fewer: Ask = { ...timezone, options: timezone.options.slice(1) };
    expect(typed(fewer, '上海').type).toBe('INVALID');
  });
});

describe('everyday words for an answer', () => {
  const setting: Ask = {
    field: 'setting',
    kind: 'choice',
    options: options('screening.settingOption', ['indoors', 'outdoors', 'either']),
  };
  const session = (last: boolean): Ask => ({
    field: 'session',
    kind: 'choice',
    options: [
      { value: 'next', label: { key: last ? 'session.done' : 'session.next' } },
      { value: 'stop', label: { key: 'session.stop' } },
      { value: 'unwell', label: { key: 'session.unwell' } },
    ],
  });
  const shareName: Ask = { field: 'shareName', kind: 'yesno', options: options('common', ['yes', 'no']) };

  it.each([
    ['今天', 0],
    ['today', 0],
    ['昨天', 1],
    ['yesterday', 1],
    ['前天', 2],
    ['上周', 7],
    ['last week', 7],
    ['a week ago', 7],
  ])('days since last use: %s → %d', (text, days) =>
    expect(typed(lastUse, text)).toMatchObject({ type: 'ANSWER', value: days }),
  );

  it.each([
    ['没运动', 0],
    ['没有运动', 0],
    ['没锻炼', 0],
    ['一刻钟', 15],
    ['三刻钟', 45],
  ])('exercise: %s → %d minutes', (text, minutes) =>
    expect(typed(exercise, text)).toMatchObject({ type: 'ANSWER', value: minutes }),
  );

  it.each([
    ['六个半小时', 6.5],
    ['7个半小时', 7.5],
  ])('sleep: %s → %d hours', (text, hours) =>
    expect(typed(sleep, text)).toMatchObject({ type: 'ANSWER', value: hours }),
  );

  it.each([
    ['每天', 7],
    ['every day', 7],
    ['三', 3],
  ])('days a week: %s → %d', (text, days) =>
    expect(typed(activity, text)).toMatchObject({ type: 'ANSWER', value: days }),
  );

  it.each([
    ['都行', 'either'],
    ['随便', 'either'],
    ['在家', 'indoors'],
    ['家里', 'indoors'],
    ['外面', 'outdoors'],
    ['户外', 'outdoors'],
  ])('indoors or outdoors: %s → %s', (text, value) =>
    expect(typed(setting, text)).toMatchObject({ type: 'ANSWER', value }),
  );

  it.each(['好了', '做完了', 'done'])('%s taps Done on the last step of a session', (text) =>
    expect(typed(session(true), text)).toMatchObject({ type: 'ANSWER', value: 'next' }),
  );

  it.each(['好了', '做完了'])(
    '%s is no answer where the button is Next (done with a step, or with all?)',
    (text) => expect(typed(session(false), text).type).toBe('INVALID'),
  );

  it.each([
    ['不行', false],
    ['好啊', true],
    ['行', true],
    ['可以', true],
  ])('yes/no: %s → %s', (text, value) =>
    expect(typed(shareName, text)).toMatchObject({ type: 'ANSWER', value }),
  );
});

describe('typed answers through the whole app (QA)', () => {
  let h: Harness;
  afterEach(() => h?.close());

  it('凌晨1点 at onboarding sets 01:00, not the first button (08:00)', async () => {
    h = await Harness.create();
    const p = h.patient('small-hours', 'zh-CN');
    await p.send({ kind: 'hello' });
    const answers = TYPED_ONBOARDING['zh-CN'].map((a) => (a === '21:00' ? '凌晨1点' : a));
    const replies = [];
    for (const a of answers) replies.push(...(await p.say(a)));
    const text = replies.map((m) => m.text).join('\n');
    expect(text).toContain(h.t('zh-CN', 'onboarding.ready', { time: '01:00' }));
  });

  it.each(['凌晨3点', '凌晨4点'])('/time then %s sets that time', async (typedTime) => {
    h = await Harness.create();
    const p = h.patient(`time-${typedTime}`, 'zh-CN');
    await onboard(p, { zh: true });
    await p.command('time');
    const reply = (await p.say(typedTime)).map((m) => m.text).join('\n');
    const time = `0${typedTime.slice(2, 3)}:00`;
    expect(reply).toContain(
      h.t('zh-CN', 'settings.changed', { time, timezone: '@screening.tz.Asia_Shanghai' }),
    );
  });

  it.each([
    ['en', 'whenever'],
    ['zh-CN', '不记得了'],
  ] as const)(
    '(%s) days since last use not understood: told what to type, not "0 to 36500"',
    async (locale, text) => {
      h = await Harness.create();
      const p = h.patient(`days-${locale}`, locale);
      await p.send({ kind: 'hello' });
      for (const a of TYPED_ONBOARDING[locale].slice(0, 9)) await p.say(a);
      const reply = (await p.say(text)).map((m) => m.text).join('\n');
      expect(reply).toContain(h.t(locale, 'common.invalid.daysAgo'));
      expect(reply).not.toContain('36500');
      const ok = await p.say(locale === 'en' ? 'yesterday' : '昨天');
      expect(ok[0]!.text).toContain(h.t(locale, 'screening.stage.acute', { days: 1 }));
    },
  );
});

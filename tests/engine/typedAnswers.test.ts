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

/**
 * Natural answers understood (docs/patient-journey.md#how-typed-answers-are-understood): A-not-A
 * answers, dialect and net forms, hedges, PHQ frequency in words, ranges, choices named in the
 * patient's own words, craving slang told from use slang. As tables against a pending question,
 * and through the real engine in both languages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { initialContext } from '../../../flows/machine/patientMachine.js';
import type { PendingAsk } from '../../../flows/machine/types.js';
import { loadContent } from '../../../src/content.js';
import { interpret } from '../../../src/engine/interpret.js';
import type { Locale } from '../../../src/engine/types.js';
import { I18n } from '../../../src/i18n.js';
import { Harness, onboard } from '../../support/patientHarness.js';

const content = loadContent();
const i18n = new I18n();
let h: Harness;
afterEach(() => h?.close());

type Ask = Omit<PendingAsk, 'id' | 'prompt'>;
const options = (prefix: string, values: string[]) =>
  values.map((v) => ({ value: v, label: { key: `${prefix}.${v}` } }));
const yesNo = (field: 'parq' | 'consent' | 'riskCheck' | 'deleteConfirm'): Ask => ({
  field,
  kind: 'yesno',
  options: options('common', ['yes', 'no']),
});
const phq: Ask = {
  field: 'phq',
  kind: 'choice',
  options: options('screening.phqOption', ['0', '1', '2', '3']),
  min: 0,
  max: 3,
};
const scale = (field: 'craving' | 'mood' | 'peak' | 'reportCraving'): Ask => ({
  field,
  kind: 'scale',
  options: [],
  min: 0,
  max: 10,
});
const lastUse: Ask = { field: 'lastUse', kind: 'number', options: [], min: 0, max: 36500 };

/** The event a typed text becomes while `ask` is pending. */
function typed(ask: Ask | null, text: string) {
  const context = initialContext({ locale: 'zh-CN', timezone: 'Asia/Shanghai' }, content.thresholds);
  context.ask = ask ? { id: '1', prompt: { key: 'common.n' }, ...ask } : null;
  return interpret(context, { kind: 'text', text }, content, i18n, 0);
}

describe('yes and no, said the way people say them', () => {
  it.each([
    ['不会', false],
    ['不会啊', false],
    ['会', true],
    ['没有', false],
    ['有', true],
    ['没得', false],
    ['木有', false],
    ['有滴', true],
    ['冇', false],
    ['no way', false],
    ['No way!', false],
    ['not that I know of', false],
    ["I don't think so", false],
    ['应该没有吧', false],
    ['有一点', true],
    ['sometimes', true],
  ])('PAR-Q+: %s → %s', (text, value) =>
    expect(typed(yesNo('parq'), text)).toMatchObject({ type: 'ANSWER', value }),
  );

  it.each(['行吧', '好滴', 'yeah sure', 'ok sure'])('consent: %s is a yes', (text) =>
    expect(typed(yesNo('consent'), text)).toMatchObject({ type: 'ANSWER', value: true }),
  );

  it.each([
    ['not really', 'INVALID'],
    ['应该没有', 'INVALID'],
  ])('the direct question about risk takes no doubtful no: %s is asked again', (text, type) =>
    expect(typed(yesNo('riskCheck'), text).type).toBe(type),
  );

  it.each(['有一点', 'kind of', 'sometimes'])(
    'the direct question about risk takes a doubtful yes: %s',
    (text) => expect(typed(yesNo('riskCheck'), text)).toMatchObject({ type: 'OVERLAY_ANSWER', value: true }),
  );

  it.each(['probably', 'i guess'])('erasing everything takes no doubtful yes: %s', (text) =>
    expect(typed(yesNo('deleteConfirm'), text).type).toBe('INVALID'),
  );
});

describe('how often, in words, to a PHQ item', () => {
  it.each([
    ['天天都这样 😭', 3],
    ['几乎每天', 3],
    ['every single day', 3],
    ['一半以上', 2],
    ['大概一半以上吧', 2],
    ['most days', 2],
    ['有几天吧', 1],
    ['两三天', 1],
    ['a few days', 1],
    ['完全没有', 0],
    ['not at all', 0],
    ['1到2', 2],
  ])('%s → %d', (text, value) => expect(typed(phq, text)).toMatchObject({ type: 'ANSWER', value }));
});

describe('ranges: the riskier end where a rule about risk reads it, else "which one?"', () => {
  it.each([
    ['craving', '两三分吧', 3],
    ['craving', '七八分', 8],
    ['craving', '7-8', 8],
    ['peak', '5 or 6', 6],
    ['reportCraving', '六七', 7],
  ] as const)('%s: %s → %d (the higher)', (field, text, value) =>
    expect(typed(scale(field), text)).toMatchObject({ type: 'ANSWER', value }),
  );

  it.each([
    ['两三天', 2],
    ['一两周', 7],
    ['三四个月', 90],
  ])('days since last use: %s → %d (the fewer: the earlier stage, the gentler plan)', (text, value) =>
    expect(typed(lastUse, text)).toMatchObject({ type: 'ANSWER', value }),
  );

  it('mood: 两三分 is asked which one', () =>
    expect(typed(scale('mood'), '两三分')).toMatchObject({
      type: 'INVALID',
      hint: 'pickOne',
      between: [2, 3],
    }));
});

describe('craving slang is no report of a use, and use slang is noticed', () => {
  it.each(['好想溜冰啊', '想溜冰', '想嗨', '想拉一口', 'jonesing', "I'm fiending so bad", 'wanna get high'])(
    '%s is a craving',
    (text) => expect(typed(null, text).type).toBe('CRAVING_REPORT'),
  );
  it.each(['溜了', '嗨了一下'])('%s is asked about', (text) =>
    expect(typed(null, text).type).toBe('LAPSE_UNSURE'),
  );
  it.each(['拉了一口', 'I got high last night', 'got high again'])('%s is a use', (text) =>
    expect(typed(null, text).type).toBe('LAPSE_REPORT'),
  );
  it.each(['我先溜了', '今天溜了一圈'])('%s is neither', (text) =>
    expect(['LAPSE_REPORT', 'LAPSE_UNSURE', 'CRAVING_REPORT']).not.toContain(typed(null, text).type),
  );
});

const texts = (replies: { text: string }[]) => replies.map((m) => m.text).join('\n');

describe.each(['en', 'zh-CN'] as const)('(%s) natural answers through the engine', (locale: Locale) => {
  const zh = locale === 'zh-CN';

  it('consent with a reluctant yes, and the PAR-Q+ with A-not-A, dialect and hedged answers', async () => {
    h = await Harness.create();
    const p = h.patient(`natural-${locale}`, locale);
    await p.send({ kind: 'hello' });
    expect(texts(await p.say(zh ? '行吧' : 'ok sure'))).toContain(h.t(locale, 'screening.age'));
    await p.say('30');
    const answers = zh
      ? ['没有', '不会', '没得', '木有', '应该没有吧', '不会啊', '没有过']
      : ['no', 'no way', 'not that I know of', "I don't think so", 'nope', 'not really', 'never'];
    for (const a of answers.slice(0, 6)) {
      const reply = texts(await p.say(a));
      expect(reply).not.toContain(h.t(locale, 'common.invalid.yesno'));
    }
    expect(texts(await p.say(answers[6]!))).toContain(h.t(locale, 'screening.lastUse'));
    // All no: cleared, no light-only note, no alert.
    expect(h.alerts).toEqual([]);
  });

  it('PHQ in words, a range for craving, and a session picked in the patient own words', async () => {
    h = await Harness.create();
    const p = h.patient(`phq-${locale}`, locale);
    await p.send({ kind: 'hello' });
    for (const a of [zh ? '同意' : 'yes', '30', 'no', 'no', 'no', 'no', 'no', 'no', 'no', '45'])
      await p.say(a);
    // 两三分 at the craving question: the higher, 3.
    expect(texts(await p.say(zh ? '两三分吧' : '2-3'))).toContain(h.t(locale, 'screening.phqIntro'));
    await p.say(zh ? '有几天吧' : 'a few days');
    // 1 + 3 = 4 ≥ 3: the full PHQ-9 follows.
    expect(texts(await p.say(zh ? '天天都这样 😭' : 'every day 😭'))).toContain(
      h.t(locale, 'screening.phq9Intro'),
    );
  });

  it('"breathing, I guess" at the session offer starts the breathing', async () => {
    h = await Harness.create();
    const p = h.patient(`offer-${locale}`, locale);
    await onboard(p, { zh });
    await p.command('craving', '6');
    const reply = texts(await p.say(zh ? '呼吸吧' : 'breathing I guess'));
    expect(reply).toContain(h.t(locale, 'sessions.breathing5.s1', { step: 1, steps: 2 }));
  });

  it('好想溜冰啊 is met as a craving, not asked whether it was a use', async () => {
    h = await Harness.create();
    const p = h.patient(`ice-${locale}`, locale);
    await onboard(p, { zh });
    const reply = texts(await p.say(zh ? '好想溜冰啊' : "I'm jonesing so bad"));
    expect(reply).toContain(h.t(locale, 'craving.howStrong'));
    expect(reply).not.toContain(h.t(locale, 'lapse.confirm'));
  });

  it('嗨了一下 is asked about kindly, not ignored', async () => {
    h = await Harness.create();
    const p = h.patient(`high-${locale}`, locale);
    await onboard(p, { zh });
    expect(texts(await p.say('昨晚嗨了一下'))).toContain(h.t(locale, 'lapse.confirm'));
  });

  it('"no, I just really want it" after the use question is met as a craving', async () => {
    h = await Harness.create();
    const p = h.patient(`notuse-${locale}`, locale);
    await onboard(p, { zh });
    expect(texts(await p.say(zh ? '今天溜了' : 'I used'))).toContain(h.t(locale, 'lapse.confirm'));
    expect(texts(await p.say(zh ? '不是' : 'no'))).toContain(h.t(locale, 'lapse.notUse'));
    const reply = texts(await p.say(zh ? '就是特别想' : 'I just really want it'));
    expect(reply).toContain(h.t(locale, 'craving.howStrong'));
  });

  it('a mood given as a range is asked which one, with its buttons', async () => {
    h = await Harness.create();
    const p = h.patient(`mood-${locale}`, locale);
    await onboard(p, { zh });
    await p.command('checkin');
    await p.say('3');
    await p.say('4');
    const reply = await p.say(zh ? '两三分' : '2 or 3');
    expect(texts(reply)).toBe(h.t(locale, 'common.invalid.pickOne', { low: 2, high: 3 }));
    expect(reply[0]!.buttons).toHaveLength(11);
  });
});

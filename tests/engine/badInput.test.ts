import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('bad input gets a kind reply and never loses state', () => {
  it.each([
    ['free text where a number is due', 'a lot'],
    ['a 4,000-character message', 'x'.repeat(4000)],
    ['markup', '<b>7</b> and <i>8</i>'],
    ['out of range', '99999'],
    ['a negative number', '-5'],
  ])('%s', async (_why, text) => {
    h = await Harness.create();
    const p = h.patient('bad');
    await p.send({ kind: 'hello' });
    await p.say('yes');
    await p.say('30');
    await p.say('no');
    // Now on PAR-Q 2/7 (yes/no) → move to a number question first.
    for (let i = 0; i < 6; i++) await p.say('no');
    const reply = await p.say(text);
    // Days since last use has its own hint (a number of days, or words like "2 weeks"), not "0 to 36500".
    expect(reply.at(0)!.text).toContain(h.t('en', 'common.invalid.daysAgo'));
    // Still on the same question: a good answer is accepted.
    const ok = await p.say('４５');
    expect(ok[0]!.text).toContain(h.t('en', 'screening.stage.early', { days: 45 }));
  });

  it('a sticker: said so in one line, with the consent buttons under it', async () => {
    h = await Harness.create();
    const p = h.patient('odd', 'zh-CN');
    await p.send({ kind: 'hello' });
    const reply = await p.send({ kind: 'unsupported', what: 'sticker' });
    expect(reply.map((m) => m.text)).toEqual([h.t('zh-CN', 'common.unsupported')]);
    expect(reply[0]!.buttons).toHaveLength(2);
  });

  it('an unknown command: said so, then the question again', async () => {
    h = await Harness.create();
    const p = h.patient('odd', 'zh-CN');
    await p.send({ kind: 'hello' });
    const reply = await p.send({ kind: 'command', name: 'frobnicate', args: '' });
    expect(reply[0]!.text).toContain(h.t('zh-CN', 'common.unknownCommand'));
    expect(reply.at(-1)!.text).toContain(h.t('zh-CN', 'onboarding.consent'));
  });

  it('a press on an old button says the question has passed', async () => {
    h = await Harness.create();
    const p = h.patient('stale');
    await p.send({ kind: 'hello' });
    const consent = p.last.buttons![0]!.data;
    await p.press('yes');
    const [askId, value] = consent.split(':');
    const reply = await p.send({ kind: 'choice', askId: askId!, value: value! });
    expect(reply[0]!.text).toContain(h.t('en', 'common.stale'));
  });

  it('an empty message is answered like text, not as a sticker or picture', async () => {
    h = await Harness.create();
    const p = h.patient('empty');
    await p.send({ kind: 'hello' });
    const reply = await p.send({ kind: 'unsupported', what: 'empty' });
    const text = reply.map((m) => m.text).join('\n');
    expect(text).not.toContain(h.t('en', 'common.unsupported'));
    expect(text).toContain(h.t('en', 'common.invalid.yesno'));
  });

  it('a press on the current question with a value it does not have (forged) is not "passed"', async () => {
    h = await Harness.create();
    const p = h.patient('forged-value');
    await p.send({ kind: 'hello' });
    const [askId] = p.last.buttons![0]!.data.split(':');
    const reply = await p.send({ kind: 'choice', askId: askId!, value: 'maybe' });
    const text = reply.map((m) => m.text).join('\n');
    expect(text).not.toContain(h.t('en', 'common.stale'));
    expect(text).toContain(h.t('en', 'common.invalid.yesno'));
    expect(reply.at(-1)!.buttons?.length).toBe(2);
  });

  it('/help always answers, and /language switches at any time', async () => {
    h = await Harness.create();
    const p = h.patient('help');
    await p.send({ kind: 'hello' });
    expect((await p.command('help'))[0]!.text).toContain(h.t('en', 'help.patient').split('\n')[0]);
    await p.command('language');
    const switched = await p.press('zh-CN');
    expect(switched[0]!.text).toContain(h.t('zh-CN', 'language.changed'));
    expect(switched.at(-1)!.text).toContain(h.t('zh-CN', 'onboarding.consent'));
  });
});

/**
 * Short re-asks: an answer that is not understood gets one line naming what is wanted, with the
 * buttons again, never the whole question; from the third miss in a row, the buttons alone with
 * "or type /help". Through the real engine, in both languages.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../../src/engine/types.js';
import { Harness, onboard } from '../../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const texts = (replies: { text: string }[]) => replies.map((m) => m.text);
const yes = (locale: Locale) => (locale === 'en' ? 'yes' : '同意');

describe.each(['en', 'zh-CN'] as const)('(%s) short re-asks', (locale) => {
  it('the consent question, not understood: one line and its buttons, never the seven-line block', async () => {
    h = await Harness.create();
    const p = h.patient(`consent-${locale}`, locale);
    await p.send({ kind: 'hello' });
    const reply = await p.say('blorp');
    expect(texts(reply)).toEqual([h.t(locale, 'common.invalid.yesno')]);
    expect(reply[0]!.buttons).toHaveLength(2);
    // The buttons under the short line answer the question.
    await p.press('yes');
    expect(p.transcript).toContain(h.t(locale, 'screening.age'));
  });

  it('from the third miss in a row: the buttons, and "or type /help"', async () => {
    h = await Harness.create();
    const p = h.patient(`misses-${locale}`, locale);
    await p.send({ kind: 'hello' });
    expect(texts(await p.say('blorp'))).toEqual([h.t(locale, 'common.invalid.yesno')]);
    expect(texts(await p.say('blorp'))).toEqual([h.t(locale, 'common.invalid.yesno')]);
    const third = await p.say('blorp');
    expect(texts(third)).toEqual([h.t(locale, 'common.reask.tapOrHelp')]);
    expect(third[0]!.buttons).toHaveLength(2);
    expect(texts(await p.say('blorp'))).toEqual([h.t(locale, 'common.reask.tapOrHelp')]);
  });

  it('the count starts again at the next question', async () => {
    h = await Harness.create();
    const p = h.patient(`reset-${locale}`, locale);
    await p.send({ kind: 'hello' });
    await p.say('blorp');
    await p.say('blorp');
    await p.say(yes(locale));
    // The age question: a typed number, no buttons; its hint, and /help only from the third miss.
    expect(texts(await p.say('blorp'))).toEqual([h.t(locale, 'common.invalid.range', { min: 1, max: 120 })]);
    await p.say('blorp');
    const third = texts(await p.say('blorp')).join('\n');
    expect(third).toContain(h.t(locale, 'common.invalid.range', { min: 1, max: 120 }));
    expect(third).toContain(h.t(locale, 'common.reask.stuck'));
  });

  it('a PHQ item not understood is told it may be said as how often', async () => {
    h = await Harness.create();
    const p = h.patient(`phq-${locale}`, locale);
    await p.send({ kind: 'hello' });
    for (const answer of [yes(locale), '30', 'no', 'no', 'no', 'no', 'no', 'no', 'no', '45', '4'])
      await p.say(answer);
    const reply = await p.say('blorp');
    expect(texts(reply)).toEqual([h.t(locale, 'common.invalid.often')]);
    expect(reply[0]!.buttons).toHaveLength(4);
  });

  it('mid-session, a thumbs-up or a sticker gets a line and the step buttons, not the whole step', async () => {
    h = await Harness.create();
    const p = h.patient(`session-${locale}`, locale);
    await onboard(p, { zh: locale === 'zh-CN' });
    await p.command('craving', '6');
    await p.press('breathing5');
    const step = h.t(locale, 'sessions.breathing5.s1', { step: 1, steps: 2 });
    expect(p.last.text).toContain(step);
    const thumbs = await p.say('👍');
    expect(texts(thumbs)).toEqual([h.t(locale, 'common.invalid.step')]);
    expect(thumbs[0]!.buttons!.length).toBe(3);
    const sticker = await p.send({ kind: 'unsupported', what: 'sticker' });
    expect(texts(sticker)).toEqual([h.t(locale, 'common.unsupported')]);
    expect(sticker[0]!.buttons!.length).toBe(3);
    expect(p.transcript.split(step).length - 1).toBe(1);
  });
});

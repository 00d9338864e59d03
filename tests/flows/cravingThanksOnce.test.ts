/**
 * Telling of a craving is thanked once (docs/tone.md#a-craving: "Thank you for telling me. That takes
 * strength."), not again in the offer that follows the rating.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('a craving reported with its rating (/craving 5)', () => {
  it.each([
    ['en', false, /thank/gi],
    ['zh-CN', true, /谢谢/g],
  ] as const)('(%s) is thanked once, then the offer', async (locale, zh, thanks) => {
    h = await Harness.create();
    const p = h.patient(`thanks-once-${locale}`, locale);
    await onboard(p, { zh });
    const reply = await p.command('craving', '5');
    const text = reply.map((m) => m.text).join('\n');
    expect(text).toContain(h.t(locale, 'craving.thanks'));
    expect(text.match(thanks)).toHaveLength(1);
    expect(reply.at(-1)!.text).toContain(h.t(locale, 'offer.prompt', { before: 5 }));
  });
});

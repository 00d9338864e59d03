/**
 * A question the patient opened (/language, /delete's confirmation...) is not talked over by the
 * clock: a session step that comes due while it is open waits behind it, and comes once it is answered.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('a session step that comes due while an overlay question is open', () => {
  it('waits behind /language, then follows the answer in the new language', async () => {
    h = await Harness.create();
    const p = h.patient('step-behind-language');
    await onboard(p);
    await p.say('I really want to use');
    await p.say('8');
    await p.press('breathing5');
    await p.command('language');
    const languageQuestion = p.last;
    await h.advance(150_000); // the step timer fires
    expect(p.last).toBe(languageQuestion);
    const answered = (await p.press('zh-CN')).map((m) => m.text).join('\n');
    expect(answered).toContain(h.t('zh-CN', 'language.changed'));
    expect(answered).toContain(h.t('zh-CN', 'sessions.breathing5.s2', { step: 2, steps: 2 }));
  });
});

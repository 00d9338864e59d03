/**
 * Someone who says they have a craving while still setting up is not told "that works later": they
 * get a breathing exercise to do now, and setting up goes on where it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('a craving while setting up', () => {
  it.each([
    ['en', { kind: 'command', name: 'craving', args: '' }],
    ['zh-CN', { kind: 'command', name: 'craving', args: '8' }],
    ['en', { kind: 'text', text: "I'm craving so bad" }],
  ] as const)('(%s) %o: something to do now, then the same question', async (locale, message) => {
    h = await Harness.create();
    const p = h.patient(`setup-craving-${locale}-${message.kind}`, locale);
    await p.send({ kind: 'hello' });
    await p.say(locale === 'en' ? 'yes' : '是');
    const reply = (await p.send(message)).map((m) => m.text).join('\n');
    expect(reply).toContain(h.t(locale, 'craving.duringSetup'));
    expect(reply).not.toContain(h.t(locale, 'common.afterSetup'));
    expect(reply).toContain(h.t(locale, 'screening.age'));
  });
});

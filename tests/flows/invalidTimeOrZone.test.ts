/**
 * A wrong time or time zone is told what is wanted (a time like 21:30, a zone name), not "type an
 * option or its number": the buttons there are examples, any time or zone may be typed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('a wrong time or zone', () => {
  it.each([
    ['en', 'time', '25:99', 'common.invalid.time'],
    ['zh-CN', 'time', '晚上吧', 'common.invalid.time'],
    ['en', 'timezone', 'Mars/Olympus', 'common.invalid.zone'],
    ['zh-CN', 'timezone', '火星', 'common.invalid.zone'],
    // An offset is several places with their own helplines: the patient is told to pick the place.
    ['en', 'timezone', 'UTC+8', 'common.invalid.zoneOffset'],
    ['zh-CN', 'timezone', '东八区', 'common.invalid.zoneOffset'],
    // Not a button's position (凌晨1点 used to set 08:00), and not an offered time: still a time.
    ['zh-CN', 'time', '凌晨', 'common.invalid.time'],
  ] as const)('(%s) /%s then %s is told what to type', async (locale, command, typed, key) => {
    h = await Harness.create();
    const p = h.patient(`wrong-${command}-${locale}`, locale);
    await onboard(p, { zh: locale === 'zh-CN' });
    await p.command(command);
    const text = (await p.say(typed)).map((m) => m.text).join('\n');
    expect(text).toContain(h.t(locale, key));
    expect(text).not.toContain(h.t(locale, 'common.invalid.choice'));
  });
});

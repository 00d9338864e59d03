/**
 * Crisis numbers follow where the patient is (their time zone), and are said in their language:
 * the language alone never picks a region (docs/clinical-protocol.md#crisis-lines-by-region).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Locale } from '../../src/engine/types.js';
import { Harness, onboard, type TestPatient } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const crisisText = (locale: Locale, region: string) =>
  h.t(locale, 'safety.crisis', { numbers: h.t(locale, `safety.numbers.${region}`) });

/** Onboards, then moves the patient to `zone` with /timezone (typed, as any zone can be). */
async function livingIn(p: TestPatient, zone: string, zh = false) {
  await onboard(p, { zh });
  await p.command('timezone');
  await p.say(zone);
}

describe('the crisis reply', () => {
  it('for a Chinese speaker in Paris: 112, in Chinese, not mainland numbers', async () => {
    h = await Harness.create();
    const p = h.patient('zh-paris', 'zh-CN');
    await livingIn(p, 'Europe/Paris', true);
    const reply = await p.say('想死');
    expect(reply[0]!.text).toBe(crisisText('zh-CN', 'EU'));
    expect(reply[0]!.text).toContain('112');
    expect(reply[0]!.text).not.toMatch(/12356|120|110/);
  });

  it('for an English speaker in Shanghai: 12356 and 120/110, in English', async () => {
    h = await Harness.create();
    const p = h.patient('en-shanghai', 'en');
    await livingIn(p, 'Asia/Shanghai');
    const reply = await p.say('I want to die');
    expect(reply[0]!.text).toBe(crisisText('en', 'CN'));
    expect(reply[0]!.text).toMatch(/12356[\s\S]*120[\s\S]*110/);
  });

  it('for an English speaker in Berlin: 112; in London: 999 and Samaritans', async () => {
    h = await Harness.create();
    const berlin = h.patient('en-berlin', 'en');
    await livingIn(berlin, 'Europe/Berlin');
    expect((await berlin.say('I want to die'))[0]!.text).toBe(crisisText('en', 'EU'));
    const london = h.patient('en-london', 'en');
    await livingIn(london, 'Europe/London');
    const reply = (await london.say('I want to die'))[0]!.text;
    expect(reply).toBe(crisisText('en', 'UK'));
    expect(reply).toMatch(/116 123[\s\S]*999/);
  });

  it('for a Chinese speaker in Tokyo: the local emergency number, in Chinese', async () => {
    h = await Harness.create();
    const p = h.patient('zh-tokyo', 'zh-CN');
    await livingIn(p, 'Asia/Tokyo', true);
    expect((await p.say('想死'))[0]!.text).toBe(crisisText('zh-CN', 'other'));
  });

  it('for a Chinese speaker in Taipei or New York: that region’s numbers, in Chinese', async () => {
    h = await Harness.create();
    const taipei = h.patient('zh-taipei', 'zh-CN');
    await livingIn(taipei, 'Asia/Taipei', true);
    expect((await taipei.say('想死'))[0]!.text).toBe(crisisText('zh-CN', 'TW'));
    const newYork = h.patient('zh-new-york', 'zh-CN');
    await livingIn(newYork, 'America/New_York', true);
    expect((await newYork.say('想死'))[0]!.text).toBe(crisisText('zh-CN', 'US'));
  });

  it.each([
    ['zh-CN', '我不想活了', {}, 'CN'],
    ['en', 'I want to die', {}, 'CN'],
    ['en', 'I want to die', { DEFAULT_TIMEZONE: 'America/Los_Angeles' }, 'US'],
    ['zh-CN', '我不想活了', { DEFAULT_TIMEZONE: 'Europe/Paris' }, 'EU'],
    ['zh-CN', '我不想活了', { DEFAULT_TIMEZONE: 'Asia/Tokyo' }, 'other'],
  ] as const)(
    'before onboarding sets a zone (%s, %j): the deployment zone (DEFAULT_TIMEZONE) decides, not the language',
    async (locale, text, env, region) => {
      h = await Harness.create(env);
      const p = h.patient(`first-${locale}-${region}`, locale);
      const reply = await p.say(text);
      expect(reply.map((m) => m.text).join('\n')).toContain(crisisText(locale, region));
    },
  );
});

describe('/help', () => {
  const helpText = (locale: Locale, region: string) =>
    h.t(locale, 'help.patient', { numbers: h.t(locale, `safety.numbers.${region}`) });

  it.each([
    ['zh-CN', 'Asia/Hong_Kong', 'HK'],
    ['zh-CN', 'Asia/Taipei', 'TW'],
    ['zh-CN', 'America/Los_Angeles', 'US'],
    ['zh-CN', 'Asia/Shanghai', 'CN'],
    ['zh-CN', 'Europe/Paris', 'EU'],
    ['zh-CN', 'Asia/Tokyo', 'other'],
    ['en', 'Asia/Hong_Kong', 'HK'],
    ['en', 'Asia/Shanghai', 'CN'],
    ['en', 'Europe/Berlin', 'EU'],
    ['en', 'Europe/London', 'UK'],
  ] as const)('for a %s patient in %s shows the crisis lines of %s', async (locale, zone, region) => {
    h = await Harness.create();
    const p = h.patient(`help-${zone}`, locale);
    await livingIn(p, zone, locale === 'zh-CN');
    const reply = await p.command('help');
    expect(reply[0]!.text).toBe(helpText(locale, region));
    if (region !== 'CN') expect(reply[0]!.text).not.toContain('12356');
  });

  it('for a Hong Kong patient in English names 999, not 911 or 120', async () => {
    h = await Harness.create();
    const p = h.patient('help-hk-en', 'en');
    await livingIn(p, 'Asia/Hong_Kong');
    const text = (await p.command('help'))[0]!.text;
    expect(text).toContain('999');
    expect(text).not.toMatch(/911|120/);
  });

  it('shows the same crisis lines as a crisis reply would, wherever the patient is', async () => {
    h = await Harness.create();
    for (const zone of [
      'Asia/Shanghai',
      'Asia/Hong_Kong',
      'Asia/Taipei',
      'America/Chicago',
      'Europe/Paris',
      'Europe/London',
      'Asia/Tokyo',
    ]) {
      const p = h.patient(`same-${zone}`, 'zh-CN');
      await livingIn(p, zone, true);
      const help = (await p.command('help'))[0]!.text;
      const crisis = (await p.say('想死'))[0]!.text;
      const lines = (text: string) => text.split('\n').filter((l) => l.startsWith('·'));
      expect(lines(help)).toEqual(lines(crisis));
    }
  });
});

/**
 * A check-in interrupted by a craving (/craving, or "I'm craving" in words) is not lost: after the
 * rescue part, the check-in goes on at the first question not answered, and the answers given
 * before (a peak of 8 among them) are recorded with the rest.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('a check-in interrupted by a craving', () => {
  it.each(['en', 'zh-CN'] as const)(
    '(%s) goes on where it was after the rescue offer, answers kept',
    async (locale) => {
      h = await Harness.create();
      const p = h.patient(`resume-${locale}`, locale);
      await onboard(p, { zh: locale === 'zh-CN' });
      await p.command('checkin');
      await p.say('2');
      await p.say('8');
      await p.say('3');
      await p.command('craving');
      await p.say('5');
      const back = await p.press('notnow');
      const text = back.map((m) => m.text).join('\n');
      expect(text).toContain(h.t(locale, 'checkin.resume'));
      expect(back.at(-1)!.text).toContain(h.t(locale, 'checkin.sleep', { i: 4, n: 6 }));
      await p.press('good');
      await p.press('0');
      await p.press('no');
      const checkins = (await h.store.getHistory(p.id)).filter((e) => e.t === 'checkin');
      expect(checkins).toHaveLength(1);
      expect(checkins[0]).toMatchObject({ craving: 2, peak: 8, mood: 3, sleep: 'good', use: false });
    },
  );

  it('is not resumed after a reported use (/lapse): its use question is answered', async () => {
    h = await Harness.create();
    const p = h.patient('resume-lapse');
    await onboard(p);
    await p.command('checkin');
    await p.say('2');
    const reply = await p.command('lapse');
    expect(reply.map((m) => m.text).join('\n')).not.toContain(h.t('en', 'checkin.resume'));
  });

  it('a new /checkin starts afresh', async () => {
    h = await Harness.create();
    const p = h.patient('resume-fresh');
    await onboard(p);
    await p.command('checkin');
    await p.say('2');
    const reply = await p.command('checkin');
    expect(reply.at(-1)!.text).toContain(h.t('en', 'checkin.craving', { i: 1, n: 6 }));
  });
});

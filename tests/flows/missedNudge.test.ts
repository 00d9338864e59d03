/**
 * Three missed check-ins in a row (docs/clinical-protocol.md#escalation, routine): a gentle nudge. It must be
 * true for a patient who has been talking all along (a craving reported every day) as for one who has been
 * silent: it speaks of the check-ins, never of not hearing from them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const HOUR = 3_600_000;

describe('the nudge after three missed check-ins', () => {
  it.each([
    ['en', false, /check-in/, /heard from you/],
    ['zh-CN', true, /打卡/, /没收到你的消息/],
  ] as const)(
    '(%s) speaks of the check-ins to a patient who reported cravings meanwhile',
    async (locale, zh, checkins, silence) => {
      h = await Harness.create();
      const p = h.patient(`missed-nudge-${locale}`, locale);
      await onboard(p, { zh });
      for (let day = 0; day < 3; day++) {
        await p.command('craving', '5'); // 12:00: active, a craving told and a session declined
        await p.press('notnow');
        await h.advance(24 * HOUR); // the check-in at 21:00 goes unanswered
      }
      const nudge = p.inbox.find((m) => m.text.includes(h.t(locale, 'checkin.missedNudge')));
      expect(nudge).toBeDefined();
      expect(nudge!.text).toMatch(checkins);
      expect(nudge!.text).not.toMatch(silence);
    },
  );
});

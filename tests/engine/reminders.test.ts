import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const HOUR = 3_600_000;

describe('check-in reminders, missed days and /pause', () => {
  it('one reminder two hours later; three missed days nudge the patient and tell the counsellor (routine)', async () => {
    h = await Harness.create();
    const p = h.patient('missed');
    await onboard(p);
    await h.advance(9 * HOUR + 60_000); // 21:01 Shanghai: the check-in
    expect(p.last.text).toContain(h.t('en', 'checkin.craving', { i: 1, n: 6 }));
    await h.advance(2 * HOUR);
    // Nothing answered yet: the check-in is "still open", not "nearly done".
    expect(p.last.text).toContain(h.t('en', 'checkin.reminderIntro'));
    expect(p.last.text).not.toContain(h.t('en', 'checkin.reminder'));
    for (let i = 0; i < 12; i++) await h.advance(6 * HOUR);
    expect(p.transcript).toContain(h.t('en', 'checkin.missedNudge'));
    const routine = (await h.store.listAlerts({ patientId: p.id })).filter((a) => a.level === 'routine');
    expect(routine.map((a) => a.reason)).toContain('alerts.reason.missedCheckins');
    expect((await h.store.getHistory(p.id)).filter((e) => e.t === 'missed').length).toBeGreaterThanOrEqual(3);
  });

  it('a reminder to a check-in already started says it is nearly done, and asks the open question', async () => {
    h = await Harness.create();
    const p = h.patient('reminder-started');
    await onboard(p);
    await h.advance(9 * HOUR + 60_000);
    await p.say('3');
    await h.advance(2 * HOUR);
    const last = p.inbox.slice(-1)[0]!.text;
    expect(p.transcript).toContain(h.t('en', 'checkin.reminder'));
    expect(last).toContain(h.t('en', 'checkin.peak', { i: 2, n: 6 }));
  });

  it('no reminder on a day already checked in, even with a second check-in open', async () => {
    h = await Harness.create();
    const p = h.patient('reminder-done');
    await onboard(p);
    await h.advance(9 * HOUR + 60_000);
    for (const a of ['3', '4', '6']) await p.say(a);
    await p.press('good');
    await p.press('0');
    await p.press('no');
    await p.command('checkin');
    const before = p.inbox.length;
    await h.advance(2 * HOUR);
    expect(
      p.inbox
        .slice(before)
        .map((m) => m.text)
        .join('\n'),
    ).not.toContain(h.t('en', 'checkin.reminder'));
    expect(
      p.inbox
        .slice(before)
        .map((m) => m.text)
        .join('\n'),
    ).not.toContain(h.t('en', 'checkin.reminderIntro'));
  });

  it('/pause 2 silences check-ins for two days, then they come back', async () => {
    h = await Harness.create();
    const p = h.patient('pause');
    await onboard(p);
    const reply = await p.command('pause', '2');
    expect(reply[0]!.text).toContain(h.t('en', 'pause.done', { days: 2 }));
    const intro = h.t('en', 'checkin.intro');
    const count = () => p.inbox.filter((m) => m.text.includes(intro)).length;
    for (let i = 0; i < 8; i++) await h.advance(6 * HOUR);
    expect(count()).toBe(0);
    for (let i = 0; i < 4; i++) await h.advance(6 * HOUR);
    expect(count()).toBe(1);
  });

  it('/pause without a number asks how long, and a typed answer is understood', async () => {
    h = await Harness.create();
    const p = h.patient('pause-ask');
    await onboard(p);
    await p.command('pause');
    expect(p.last.text).toContain(h.t('en', 'pause.howLong', { min: 1, max: 30 }));
    const reply = await p.say('三');
    expect(reply[0]!.text).toContain(h.t('en', 'pause.done', { days: 3 }));
  });

  it.each(['七', '７'])(
    '/pause %s is read like any typed number: a pause of 7 days, no question',
    async (days) => {
      h = await Harness.create();
      const p = h.patient(`pause-${days}`);
      await onboard(p);
      const reply = await p.command('pause', days);
      expect(reply.map((m) => m.text)).toEqual([h.t('en', 'pause.done', { days: 7 })]);
    },
  );

  it('/resume while "how many days?" is open drops that question instead of asking it again', async () => {
    h = await Harness.create();
    const p = h.patient('pause-then-resume');
    await onboard(p);
    await p.command('pause');
    const reply = await p.command('resume');
    expect(reply.map((m) => m.text)).toEqual([h.t('en', 'pause.resumed')]);
    // Nothing is pending: a number now is not taken as a pause length.
    await p.say('5');
    expect(p.transcript).not.toContain(h.t('en', 'pause.done', { days: 5 }));
  });
});

describe('changing the check-in time or time zone', () => {
  it('/time moves the daily check-in; /timezone moves it with the zone', async () => {
    h = await Harness.create();
    const p = h.patient('settings');
    await onboard(p); // 21:00 Shanghai; now 12:00 there
    await p.command('time');
    const changed = await p.press('18:00');
    expect(changed[0]!.text).toContain(
      h.t('en', 'settings.changed', { time: '18:00', timezone: '@screening.tz.Asia_Shanghai' }),
    );
    const intro = h.t('en', 'checkin.intro');
    const count = () => p.inbox.filter((m) => m.text.includes(intro)).length;
    await h.advance(6 * HOUR + 60_000); // 18:01 Shanghai
    expect(count()).toBe(1);
    for (const a of ['3', '5', '6', 'good', '0', 'no']) await p.say(a);
    await p.command('timezone');
    await p.say('Europe/London'); // 18:00 in London is 02:00 the next day in Shanghai
    // Tomorrow 18:01 in Shanghai (10:01 UTC): the old plan is gone.
    await h.advance(24 * HOUR);
    expect(count()).toBe(1);
    // Tomorrow 18:01 in London (18:01 UTC).
    await h.advance(8 * HOUR);
    expect(count()).toBe(2);
  });
});

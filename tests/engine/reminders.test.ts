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
    expect(p.last.text).toContain(h.t('en', 'checkin.reminder'));
    for (let i = 0; i < 12; i++) await h.advance(6 * HOUR);
    expect(p.transcript).toContain(h.t('en', 'checkin.missedNudge'));
    const routine = (await h.store.listAlerts({ patientId: p.id })).filter((a) => a.level === 'routine');
    expect(routine.map((a) => a.reason)).toContain('alerts.reason.missedCheckins');
    expect((await h.store.getHistory(p.id)).filter((e) => e.t === 'missed').length).toBeGreaterThanOrEqual(3);
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
});

import { describe, expect, it } from 'vitest';
import { CONFIG_GROUP, type Harness, harness, TEAMS_CHANNEL } from './harness.js';

const A = { patientId: 'telegram:1', code: 'P-AAAA' };
const B = { patientId: 'teams:2', code: 'P-BBBB' };
const HOUR = 3_600_000;

async function setup(env: Record<string, string> = {}): Promise<Harness> {
  const h = await harness(env); // the clock starts at 20:00 in Shanghai
  await h.addPatient(A);
  await h.addPatient(B);
  await h.enrolTeams();
  h.delivery.clear();
  return h;
}

const digests = (h: Harness, to = CONFIG_GROUP) =>
  h.delivery.to(to).filter((s) => s.message.text.startsWith('🟡'));

describe('the daily digest of routine alerts', () => {
  it('gathers routine alerts into one message per destination at DIGEST_TIME', async () => {
    const h = await setup();
    await h.escalation.sink.raise(h.draft(A, 'missedCheckins', 'routine'));
    h.clock.advance(HOUR);
    await h.escalation.sink.raise(h.draft(B, 'phq9High', 'routine'));
    await h.escalation.sink.raise(h.draft(B, 'parqYes', 'routine'));
    expect(h.delivery.sent).toEqual([]);

    await h.advance(11 * HOUR); // 08:00 next morning
    expect(h.delivery.sent).toEqual([]);
    await h.advance(HOUR); // 09:00
    expect(digests(h)).toHaveLength(1);
    expect(digests(h, TEAMS_CHANNEL)).toHaveLength(1);
    const zh = digests(h)[0]!.message;
    expect(zh.text.split('\n')[0]).toBe('🟡 每日汇总：3 条常规预警');
    expect(zh.text).toContain('P-AAAA：连续 3 次未打卡');
    expect(zh.text).toContain('/clear P-BBBB');
    // Two alerts of one patient: their buttons say which is which (the id, as in the line's /ack).
    const ids = (await h.store.listAlerts({ open: true })).map((a) => a.id);
    expect(zh.buttons!.map((b) => b.label)).toHaveLength(3);
    expect(new Set(zh.buttons!.map((b) => b.label)).size).toBe(3);
    for (const b of zh.buttons!) expect(ids.some((id) => b.label.endsWith(` · ${id}`))).toBe(true);
    expect(digests(h, TEAMS_CHANNEL)[0]!.message.text).toContain('P-AAAA: three check-ins missed in a row');

    // Sent once: the next day's digest has nothing to say.
    await h.advance(24 * HOUR);
    expect(digests(h)).toHaveLength(1);
  });

  it('follows the configured time', async () => {
    const h = await setup({ DIGEST_TIME: '21:30' });
    await h.escalation.sink.raise(h.draft(A, 'worseningWeek', 'routine'));
    await h.advance(HOUR + 29 * 60_000);
    expect(digests(h)).toHaveLength(0);
    await h.advance(60_000);
    expect(digests(h)).toHaveLength(1);
  });

  it('marks an acknowledged item in every copy of the digest and keeps the other buttons', async () => {
    const h = await setup();
    await h.escalation.sink.raise(h.draft(A, 'missedCheckins', 'routine'));
    await h.escalation.sink.raise(h.draft(B, 'phq9High', 'routine'));
    await h.escalation.alerts.sendDigest();
    const [a] = await h.store.listAlerts({ patientId: A.patientId });
    await h.counsellor(
      TEAMS_CHANNEL,
      { kind: 'choice', askId: 'ack', value: a!.id },
      { id: '29:ann', name: 'Ann Lee' },
    );

    const zh = h.delivery.current(digests(h)[0]!.ref);
    expect(zh.text).toMatch(/P-AAAA：连续 3 次未打卡.*✅ Ann Lee \d\d:\d\d 已认领/);
    expect(zh.buttons!.map((b) => b.label)).toEqual([expect.stringMatching(/^✅ P-BBBB · /)]);
    const en = h.delivery.current(digests(h, TEAMS_CHANNEL)[0]!.ref);
    expect(en.text).toMatch(/P-AAAA: three check-ins missed in a row.*✅ Ann Lee \d\d:\d\d acknowledged/);
  });

  it('keeps routine alerts for the next digest when no destination is registered', async () => {
    const h = await harness({ COUNSELLOR_TELEGRAM_CHAT_IDS: '' });
    await h.addPatient(A);
    await h.escalation.sink.raise(h.draft(A, 'phq9High', 'routine'));
    await h.escalation.alerts.sendDigest();
    expect((await h.store.listAlerts())[0]!.repeats).toBe(0);
    await h.enrolTeams();
    await h.escalation.alerts.sendDigest();
    expect(digests(h, TEAMS_CHANNEL)).toHaveLength(1);
  });
});

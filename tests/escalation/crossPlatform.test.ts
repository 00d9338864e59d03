import { describe, expect, it } from 'vitest';
import { CONFIG_GROUP, harness, isAlertFor, TEAMS_CHANNEL } from './harness.js';

describe('alerts cross platforms', () => {
  it("a Telegram patient's alert reaches a Teams channel, and a Teams patient's reaches a Telegram group", async () => {
    const h = await harness();
    await h.enrolTeams();
    const tg = await h.addPatient({ patientId: 'telegram:777', code: 'P-TG01' });
    const teams = await h.addPatient({
      patientId: 'teams:29:bob',
      code: 'P-TM01',
      locale: 'en',
      address: { channel: 'teams', conversationId: 'a:bob', reference: { conversation: { id: 'a:bob' } } },
    });
    h.delivery.clear();
    await h.escalation.sink.raise(h.draft(tg, 'selfHarm', 'urgent'));
    await h.escalation.sink.raise(h.draft(teams, 'medicalRedFlag', 'urgent'));
    for (const to of [CONFIG_GROUP, TEAMS_CHANNEL]) {
      const got = h.delivery.to(to).map((s) => s.message);
      expect(got.some((m) => isAlertFor(m, 'P-TG01'))).toBe(true);
      expect(got.some((m) => isAlertFor(m, 'P-TM01'))).toBe(true);
    }
    // Teams destinations keep their conversation reference for proactive sends.
    expect(h.delivery.to(TEAMS_CHANNEL)[0]!.address.reference).toEqual(TEAMS_CHANNEL.reference);
  });

  it('a counsellor in a Teams channel acknowledges a Telegram copy and relays to a Telegram patient', async () => {
    const h = await harness();
    await h.enrolTeams();
    const tg = await h.addPatient({ patientId: 'telegram:777', code: 'P-TG01' });
    await h.escalation.sink.raise(h.draft(tg, 'lapse', 'high'));
    const [alert] = await h.store.listAlerts();
    const ann = { id: '29:ann', name: 'Ann Lee' };
    await h.counsellor(TEAMS_CHANNEL, { kind: 'command', name: 'ack', args: alert!.id }, ann);
    const tgCopy = alert!.sentTo.find((r) => r.address.channel === 'telegram')!;
    expect(h.delivery.current(tgCopy).text).toMatch(/^✅ Ann Lee \d\d:\d\d 已认领\n/);

    await h.counsellor(TEAMS_CHANNEL, { kind: 'text', text: 'reply P-TG01 我们明天见' }, ann);
    const toPatient = h.delivery.to({ channel: 'telegram', conversationId: '777' });
    // One way: the patient is told that an answer here does not reach the counsellor.
    expect(toPatient.map((s) => s.message.text)).toEqual([
      `💬 你的咨询师给你发来一条消息：\n我们明天见\n\n${h.i18n.t('zh-CN', 'alerts.relay.oneWay')}`,
    ]);
  });
});

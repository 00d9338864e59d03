import { describe, expect, it } from 'vitest';
import { CONFIG_GROUP, type Harness, harness, isAlertFor, TEAMS_CHANNEL } from './harness.js';

const PATIENT = { patientId: 'telegram:777', code: 'P-7F3K' };
const MIN = 60_000;

async function urgentAlert(): Promise<{ h: Harness; id: string }> {
  const h = await harness();
  await h.addPatient(PATIENT);
  await h.enrolTeams();
  await h.escalation.sink.raise(h.draft(PATIENT, 'selfHarm', 'urgent'));
  const [alert] = await h.store.listAlerts();
  return { h, id: alert!.id };
}

const alertCount = (h: Harness) => h.delivery.sent.filter((s) => isAlertFor(s.message, PATIENT.code)).length;

describe('acknowledging an alert', () => {
  it('records who and when, stops the re-alerts and edits every copy everywhere', async () => {
    const { h, id } = await urgentAlert();
    await h.advance(15 * MIN); // one reminder in each chat
    expect(alertCount(h)).toBe(4);
    h.clock.set(Date.UTC(2026, 0, 5, 6, 5)); // 14:05 in Shanghai
    await h.counsellor(CONFIG_GROUP, { kind: 'choice', askId: 'ack', value: id });

    const alert = (await h.store.getAlert(id))!;
    expect(alert.acknowledgedBy).toEqual({ name: '李医生', at: h.clock.now(), via: CONFIG_GROUP });
    expect(h.scheduler.pending(PATIENT.patientId)).toEqual([]);
    await h.advance(120 * MIN);
    expect(alertCount(h)).toBe(4);

    // Every posted copy (first alerts and reminders, both chats) now shows who took it.
    expect(alert.sentTo).toHaveLength(4);
    for (const ref of alert.sentTo) {
      const now = h.delivery.current(ref);
      expect(now.buttons ?? []).toEqual([]);
      if (ref.address.channel === 'telegram') expect(now.text).toContain('✅ 李医生 14:05 已认领');
      else expect(now.text).toContain('✅ 李医生 14:05 acknowledged');
    }
    const audit = await h.store.listAudit();
    expect(audit).toContainEqual(expect.objectContaining({ kind: 'ack', patientCode: 'P-7F3K', detail: id }));
  });

  it('works from a Teams card submit (an ack command) and a typed /ack', async () => {
    const { h, id } = await urgentAlert();
    await h.counsellor(
      TEAMS_CHANNEL,
      { kind: 'command', name: 'ack', args: id },
      { id: '29:ann', name: 'Ann Lee' },
    );
    expect((await h.store.getAlert(id))!.acknowledgedBy?.name).toBe('Ann Lee');
    expect(h.delivery.to(TEAMS_CHANNEL).at(-1)!.message.text).toBe(`Alert ${id} (P-7F3K) acknowledged.`);

    await h.counsellor(CONFIG_GROUP, { kind: 'text', text: `/ack ${id.toUpperCase()}` });
    expect(h.delivery.to(CONFIG_GROUP).at(-1)!.message.text).toMatch(
      new RegExp(`预警 ${id} 已由 Ann Lee 在 \\d\\d:\\d\\d 认领`),
    );
    expect((await h.store.getAlert(id))!.acknowledgedBy?.name).toBe('Ann Lee');
  });

  it('stops a high alert before its one re-alert', async () => {
    const h = await harness();
    await h.addPatient(PATIENT);
    await h.escalation.sink.raise(h.draft(PATIENT, 'lapse', 'high'));
    const [alert] = await h.store.listAlerts();
    await h.advance(30 * MIN);
    await h.counsellor(CONFIG_GROUP, { kind: 'choice', askId: 'ack', value: alert!.id });
    await h.advance(60 * MIN);
    expect(alertCount(h)).toBe(1);
  });

  it('answers an unknown or malformed id without changing anything', async () => {
    const { h } = await urgentAlert();
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'ack', args: 'zzzzzzzz' });
    expect(h.delivery.to(CONFIG_GROUP).at(-1)!.message.text).toContain('没有预警 zzzzzzzz');
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'ack', args: '' });
    expect(h.delivery.to(CONFIG_GROUP).at(-1)!.message.text).toContain('用法：/ack');
    expect((await h.store.listAlerts({ open: true })).length).toBe(1);
  });

  it('refuses an Acknowledge press from a chat that is not a counsellor chat', async () => {
    const { h, id } = await urgentAlert();
    const stranger = { channel: 'telegram' as const, conversationId: '4242' };
    await h.counsellor(
      stranger,
      { kind: 'choice', askId: 'ack', value: id },
      { id: '4242', name: 'Mallory' },
    );
    expect((await h.store.getAlert(id))!.acknowledgedBy).toBeUndefined();
    expect((await h.store.listAudit()).at(-1)).toMatchObject({ kind: 'refused', actor: 'unregistered' });
    expect(JSON.stringify(await h.store.listAudit())).not.toMatch(/Mallory|4242/);
  });

  it('lets two counsellors race: the first wins, the second is told', async () => {
    const { h, id } = await urgentAlert();
    await Promise.all([
      h.counsellor(CONFIG_GROUP, { kind: 'choice', askId: 'ack', value: id }),
      h.counsellor(
        TEAMS_CHANNEL,
        { kind: 'choice', askId: 'ack', value: id },
        { id: '29:ann', name: 'Ann Lee' },
      ),
    ]);
    const acks = (await h.store.listAudit()).filter((a) => a.kind === 'ack');
    expect(acks).toHaveLength(1);
    expect(h.delivery.to(TEAMS_CHANNEL).at(-1)!.message.text).toMatch(/already acknowledged by 李医生/);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { decodeButtonData } from '../../src/engine/types.js';
import { alertIdFor } from '../../src/escalation/alertService.js';
import { escalationTable } from '../../src/escalation/escalationTable.js';
import { CONFIG_GROUP, type Harness, harness, isAlertFor, TEAMS_CHANNEL } from './harness.js';

const PATIENT = { patientId: 'telegram:777', code: 'P-7F3K' };
const ENROLLED_TG = { channel: 'telegram' as const, conversationId: '-100222' };

async function setup(): Promise<Harness> {
  const h = await harness();
  await h.addPatient(PATIENT);
  await h.enrolTeams();
  await h.counsellor(ENROLLED_TG, { kind: 'command', name: 'counsellor', args: 'open-sesame-42' });
  h.delivery.clear();
  return h;
}

const RECIPIENTS = [CONFIG_GROUP, TEAMS_CHANNEL, ENROLLED_TG];

describe('every trigger gives the right level and recipients', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await setup();
  });

  it.each(escalationTable().triggers.map((t) => [t.reason, t.level] as const))(
    '%s → %s',
    async (reason, level) => {
      await h.escalation.sink.raise(h.draft(PATIENT, `alerts.reason.${reason}`, level));
      const [alert] = await h.store.listAlerts({ patientId: PATIENT.patientId });
      expect(alert).toMatchObject({ level, code: PATIENT.code, repeats: 0 });
      const audit = await h.store.listAudit();
      expect(audit.filter((a) => a.kind === 'alert')).toEqual([
        expect.objectContaining({ patientCode: PATIENT.code, detail: `${level} ${reason} ${alert!.id}` }),
      ]);

      if (level === 'routine') {
        // Routine alerts wait for the daily digest.
        expect(h.delivery.sent).toEqual([]);
        await h.escalation.alerts.sendDigest();
      }
      for (const to of RECIPIENTS) {
        const got = h.delivery.to(to);
        expect(got, `${to.channel}:${to.conversationId}`).toHaveLength(1);
        expect(got[0]!.message.text).toContain(PATIENT.code);
        const ack = (got[0]!.message.buttons ?? []).map((b) => decodeButtonData(b.data));
        expect(ack).toContainEqual({ askId: 'ack', value: alert!.id });
      }
      const icon = escalationTable().levels[level].icon;
      expect(h.delivery.to(CONFIG_GROUP)[0]!.message.text).toContain(icon);
      const stored = (await h.store.getAlert(alert!.id))!;
      expect(stored.sentTo).toHaveLength(3);
    },
  );

  it('speaks each destination its own language', async () => {
    await h.escalation.sink.raise(h.draft(PATIENT, 'selfHarm'));
    expect(h.delivery.to(CONFIG_GROUP)[0]!.message.text).toContain('紧急');
    expect(h.delivery.to(CONFIG_GROUP)[0]!.message.buttons![0]!.label).toBe('✅ 我来处理');
    expect(h.delivery.to(TEAMS_CHANNEL)[0]!.message.text).toContain('URGENT');
    expect(h.delivery.to(TEAMS_CHANNEL)[0]!.message.buttons![0]!.label).toBe('✅ Acknowledge');
  });

  it('takes the level from the table when a flow drafted another', async () => {
    await h.escalation.sink.raise(h.draft(PATIENT, 'selfHarm', 'routine'));
    const [alert] = await h.store.listAlerts();
    expect(alert!.level).toBe('urgent');
    expect(h.delivery.sent).toHaveLength(3);
  });

  it('raises a draft only once, however often the outbox retries it', async () => {
    const draft = h.draft(PATIENT, 'lapse', 'high');
    await h.escalation.sink.raise(draft);
    await h.escalation.sink.raise(draft);
    expect(await h.store.listAlerts()).toHaveLength(1);
    expect(h.delivery.sent).toHaveLength(3);
    expect(alertIdFor(draft)).toMatch(/^[0-9a-z]{8}$/);
  });

  it('still reaches the other destinations when one fails', async () => {
    h.delivery.failing.add(`teams:${TEAMS_CHANNEL.conversationId}`);
    await h.escalation.sink.raise(h.draft(PATIENT, 'selfHarm'));
    expect(h.delivery.sent.map((s) => s.address.conversationId).sort()).toEqual(['-100111', '-100222']);
    expect((await h.store.listAlerts())[0]!.sentTo).toHaveLength(2);
  });

  it('skips a destination whose platform is not running', async () => {
    h.delivery.reachable.delete('teams');
    await h.escalation.sink.raise(h.draft(PATIENT, 'selfHarm'));
    expect(h.delivery.to(TEAMS_CHANNEL)).toEqual([]);
    expect(h.delivery.sent.every((s) => isAlertFor(s.message, PATIENT.code))).toBe(true);
  });
});

describe('destinations', () => {
  it('registers the configured chats at start and drops ones no longer configured', async () => {
    const h = await harness({ COUNSELLOR_TELEGRAM_CHAT_IDS: '-1, -2' });
    expect(
      (await h.store.listCounsellorDestinations()).map((d) => [d.address.conversationId, d.source, d.locale]),
    ).toEqual([
      ['-1', 'config', 'zh-CN'],
      ['-2', 'config', 'zh-CN'],
    ]);
  });

  it('keeps enrolled chats when the configuration changes', async () => {
    const h = await harness();
    await h.enrolTeams();
    await h.store.addCounsellorDestination({
      address: { channel: 'telegram', conversationId: '-999' },
      locale: 'en',
      source: 'config',
      addedAt: 0,
    });
    await h.escalation.start();
    const list = (await h.store.listCounsellorDestinations()).map((d) => d.address.conversationId).sort();
    expect(list).toEqual(['-100111', TEAMS_CHANNEL.conversationId].sort());
  });
});

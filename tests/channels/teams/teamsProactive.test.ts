import { afterEach, describe, expect, it } from 'vitest';
import { onboardByCards, TeamsApp } from './appHarness.js';

let t: TeamsApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const HOUR = 3_600_000;
const ENROL_CODE = 'teams-enrol-42';

describe('proactive messages in Teams', () => {
  it('delivers the scheduled evening check-in to the patient’s conversation, unprompted', async () => {
    t = await TeamsApp.start();
    const p = t.patient('evening', 'en-US');
    await onboardByCards(p, false);
    const before = p.inbox.length;
    // 12:00 in Shanghai now; the check-in is due at 21:00.
    await t.advance(8 * HOUR);
    expect(p.inbox.length).toBe(before);
    await t.advance(1 * HOUR + 60_000);
    const arrived = p.inbox.slice(before);
    expect(arrived.length).toBeGreaterThan(0);
    expect(arrived.every((m) => m.kind === 'send')).toBe(true);
    expect(arrived.map((m) => m.text).join('\n')).toContain(t.t('en', 'checkin.intro'));
    // The first check-in question is a 0–10 card; answering it by button continues the check-in.
    expect(p.last.buttons).toHaveLength(11);
    const next = await p.press('3');
    expect(next.map((m) => m.text).join('\n')).toContain(t.t('en', 'checkin.peak', { i: 2, n: 6 }));
  });
});

describe('counsellors in a Teams channel', () => {
  it('enrols a channel with the right code and refuses a wrong one', async () => {
    t = await TeamsApp.start({ COUNSELLOR_ENROL_CODE: ENROL_CODE });
    const channel = t.channel('en-US');
    const wrong = await channel.mention('counsellor not-the-code');
    expect(wrong.map((m) => m.text)).toEqual([t.t('en', 'alerts.desk.enrolWrong')]);
    expect(
      await t.app.desk.isCounsellorChat({ channel: 'teams', conversationId: channel.conversationId }),
    ).toBe(false);
    const audit = await t.store.listAudit();
    expect(audit.some((a) => a.kind === 'refused' || a.kind === 'enrol')).toBe(true);

    const right = await channel.mention(`counsellor ${ENROL_CODE}`);
    expect(right.map((m) => m.text)).toEqual([t.t('en', 'alerts.desk.enrolled')]);
    expect(
      await t.app.desk.isCounsellorChat({ channel: 'teams', conversationId: channel.conversationId }),
    ).toBe(true);
  });

  it('posts an urgent alert card with an Acknowledge action, and updates it when acknowledged', async () => {
    t = await TeamsApp.start({ COUNSELLOR_ENROL_CODE: ENROL_CODE });
    const channel = t.channel('en-US');
    await channel.mention(`counsellor ${ENROL_CODE}`);
    const p = t.patient('crisis', 'en-US');
    await onboardByCards(p, false);
    const before = channel.inbox.length;

    await p.say('some days I want to die');
    const alerts = channel.inbox.slice(before);
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert.kind).toBe('send');
    const ack = alert.buttons.find((b) => b.data.action === 'ack');
    expect(ack).toBeDefined();
    expect(typeof ack!.data.alertId).toBe('string');
    // The patient's name never reaches the counsellors' channel.
    expect(alert.text).not.toContain(p.user.name);

    await channel.submit(ack!.data);
    const edits = t.connector.to(channel.conversationId).filter((c) => c.kind === 'update');
    expect(edits).toHaveLength(1);
    expect(edits[0]!.activityId).toBe(alert.id);
    const open = await t.store.listAlerts({ open: true });
    expect(open).toHaveLength(0);
  });

  it('relays a counsellor’s reply to the patient’s Teams chat', async () => {
    t = await TeamsApp.start({ COUNSELLOR_ENROL_CODE: ENROL_CODE });
    const channel = t.channel('en-US');
    await channel.mention(`counsellor ${ENROL_CODE}`);
    const p = t.patient('relay', 'en-US');
    await onboardByCards(p, false);
    const stored = await t.store.loadPatient(p.patientId);
    const code = stored.status === 'ok' ? stored.doc.code : '';
    const before = p.inbox.length;
    await channel.mention(`reply ${code} Call me when you can.`);
    const relayed = p.inbox.slice(before);
    expect(relayed).toHaveLength(1);
    expect(relayed[0]!.text).toContain('Call me when you can.');
  });
});

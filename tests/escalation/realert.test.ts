import { describe, expect, it } from 'vitest';
import { CONFIG_GROUP, harness, isAlertFor } from './harness.js';

const PATIENT = { patientId: 'telegram:777', code: 'P-7F3K' };
const MIN = 60_000;

function alertsTo(h: Awaited<ReturnType<typeof harness>>) {
  return h.delivery.to(CONFIG_GROUP).filter((s) => isAlertFor(s.message, PATIENT.code));
}

describe('re-alerts until someone acknowledges', () => {
  it('sends an unacknowledged urgent alert again every 15 minutes', async () => {
    const h = await harness();
    await h.addPatient(PATIENT);
    await h.escalation.sink.raise(h.draft(PATIENT, 'selfHarm', 'urgent'));
    expect(alertsTo(h)).toHaveLength(1);

    await h.advance(14 * MIN);
    expect(alertsTo(h)).toHaveLength(1);
    await h.advance(1 * MIN);
    expect(alertsTo(h)).toHaveLength(2);
    expect(alertsTo(h)[1]!.message.text).toMatch(/^⏰ 第 1 次提醒/);
    for (let i = 0; i < 4; i++) await h.advance(15 * MIN);
    expect(alertsTo(h)).toHaveLength(6);
    expect(alertsTo(h)[5]!.message.text).toMatch(/^⏰ 第 5 次提醒/);
    const [alert] = await h.store.listAlerts();
    expect(alert!.repeats).toBe(5);
    expect(alert!.sentTo).toHaveLength(6);
  });

  it('sends an unacknowledged high alert once more after 60 minutes, and then no more', async () => {
    const h = await harness();
    await h.addPatient(PATIENT);
    await h.escalation.sink.raise(h.draft(PATIENT, 'lapse', 'high'));
    await h.advance(59 * MIN);
    expect(alertsTo(h)).toHaveLength(1);
    await h.advance(1 * MIN);
    expect(alertsTo(h)).toHaveLength(2);
    for (let i = 0; i < 6; i++) await h.advance(60 * MIN);
    expect(alertsTo(h)).toHaveLength(2);
    expect(h.scheduler.pending(PATIENT.patientId)).toEqual([]);
  });

  it('takes both intervals from configuration', async () => {
    const h = await harness({ URGENT_REALERT_MINUTES: '5', HIGH_REALERT_MINUTES: '20' });
    await h.addPatient(PATIENT);
    await h.addPatient({ patientId: 'teams:abc', code: 'P-2B2B' });
    await h.escalation.sink.raise(h.draft(PATIENT, 'medicalRedFlag', 'urgent'));
    await h.escalation.sink.raise(
      h.draft({ patientId: 'teams:abc', code: 'P-2B2B' }, 'sessionDeclined', 'high'),
    );
    await h.advance(5 * MIN);
    expect(alertsTo(h)).toHaveLength(2);
    for (let i = 0; i < 3; i++) await h.advance(5 * MIN);
    expect(alertsTo(h)).toHaveLength(5);
    expect(h.delivery.to(CONFIG_GROUP).filter((s) => s.message.text.includes('P-2B2B'))).toHaveLength(2);
  });

  it('never re-alerts a routine alert', async () => {
    const h = await harness();
    await h.addPatient(PATIENT);
    await h.escalation.sink.raise(h.draft(PATIENT, 'missedCheckins', 'routine'));
    expect(h.scheduler.pending(PATIENT.patientId)).toEqual([]);
  });

  it('ignores a duplicate or early re-alert job', async () => {
    const h = await harness();
    await h.addPatient(PATIENT);
    await h.escalation.sink.raise(h.draft(PATIENT, 'selfHarm', 'urgent'));
    const [alert] = await h.store.listAlerts();
    await h.escalation.handleDueJob({ target: 'alert', patientId: PATIENT.patientId, alertId: alert!.id });
    await h.advance(15 * MIN);
    await h.escalation.handleDueJob({ target: 'alert', patientId: PATIENT.patientId, alertId: alert!.id });
    expect(alertsTo(h)).toHaveLength(2);
  });

  it('catches up with one reminder, not a burst, after the scheduler was stopped for a while', async () => {
    const h = await harness();
    await h.addPatient(PATIENT);
    await h.escalation.sink.raise(h.draft(PATIENT, 'selfHarm', 'urgent'));
    await h.advance(90 * MIN);
    expect(alertsTo(h)).toHaveLength(2);
    await h.advance(15 * MIN);
    expect(alertsTo(h)).toHaveLength(3);
  });

  it('stops when the patient erased their data', async () => {
    const h = await harness();
    await h.addPatient(PATIENT);
    await h.escalation.sink.raise(h.draft(PATIENT, 'selfHarm', 'urgent'));
    await h.store.deletePatient(PATIENT.patientId);
    await h.scheduler.cancelAll(PATIENT.patientId);
    await h.advance(60 * MIN);
    expect(alertsTo(h)).toHaveLength(1);
  });
});

/**
 * Retention through the whole app (docs/clinical-protocol.md#privacy-and-retention: data is kept 180 days
 * after the last message): a patient silent for 180 days is erased by the retention sweep, record and
 * schedule alike, and gets no more check-ins; one who wrote on day 179 is kept and still checked in on. Time
 * moves by the harness's ManualClock; the sweep runs once a day as the app's timer would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

const DAY = 86_400_000;

let h: Harness;
afterEach(() => h?.close());

describe('retention: a patient silent for the retention period is erased', () => {
  it('erases the silent patient after 180 days (no more check-ins), and keeps one who wrote on day 179', async () => {
    h = await Harness.create();
    const silent = h.patient('silent');
    const writer = h.patient('writer');
    await onboard(silent);
    await onboard(writer);
    const code = ((await h.store.loadPatient(silent.id)) as { doc: { code: string } }).doc.code;
    const intro = h.t('en', 'checkin.intro');
    const checkins = (p: typeof silent) => p.inbox.filter((m) => m.text.includes(intro)).length;

    const day = async () => {
      await h.advance(DAY);
      await h.app.retention.sweep();
    };
    for (let d = 1; d <= 179; d++) await day();
    await writer.command('help');
    await day(); // day 180 after the silent patient's last message: still kept
    expect((await h.store.loadPatient(silent.id)).status).toBe('ok');
    expect(checkins(silent)).toBeGreaterThanOrEqual(179);

    await day(); // day 181: silent for more than 180 days
    expect(await h.store.loadPatient(silent.id)).toEqual({ status: 'missing' });
    expect(await h.store.getHistory(silent.id)).toEqual([]);
    expect(await h.store.findPatientByCode(code)).toBeNull();
    expect(h.scheduler.pending(silent.id)).toEqual([]);
    expect((await h.store.listAudit()).some((e) => e.patientCode === code)).toBe(false);
    expect((await h.store.listAudit()).at(-1)).toMatchObject({ kind: 'erase', detail: 'retention' });
    const sentBefore = silent.inbox.length;
    const writerCheckins = checkins(writer);

    for (let d = 0; d < 3; d++) await day();
    // Nothing more reaches the erased patient, and nothing brings their record back.
    expect(silent.inbox.length).toBe(sentBefore);
    expect(await h.store.loadPatient(silent.id)).toEqual({ status: 'missing' });
    // The patient who wrote on day 179 is kept, and still checked in on every day.
    expect((await h.store.loadPatient(writer.id)).status).toBe('ok');
    expect(checkins(writer)).toBe(writerCheckins + 3);
    expect(await h.store.listPatientIds()).toEqual([writer.id]);
  });

  it('a check-in that came due as the patient was erased does not greet them or store them again', async () => {
    h = await Harness.create();
    const p = h.patient('erased-meanwhile');
    await onboard(p);
    const sent = p.inbox.length;
    await h.store.deletePatient(p.id);
    await h.app.engine.handle({
      patientId: p.id,
      address: p.address,
      message: { kind: 'timer', event: { type: 'CHECKIN_DUE', day: '2026-03-02' } },
    });
    expect(p.inbox.length).toBe(sent);
    expect(await h.store.loadPatient(p.id)).toEqual({ status: 'missing' });
  });
});

/**
 * A patient with an open urgent alert who erases their data (/delete): the counsellors are told on
 * every copy of the alert, its Acknowledge button goes (it would lead nowhere), and the re-alerts
 * stop. Nothing of the patient is kept.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { COUNSELLORS, Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

describe('an open alert of a patient who erases their data', () => {
  it('is closed on every copy, without its button, and re-alerts no more', async () => {
    h = await Harness.create();
    const p = h.patient('erases-after-crisis');
    await onboard(p);
    await p.say('I want to kill myself');
    const sentBefore = h.alerts.length;
    await p.command('delete');
    await p.press('yes');
    const edits = h.channel.edits.filter((e) => e.ref.address.conversationId === COUNSELLORS.conversationId);
    expect(edits.length).toBeGreaterThan(0);
    expect(edits.at(-1)!.message.text).toContain(h.t('en', 'alerts.card.erased'));
    expect(edits.at(-1)!.message.buttons).toBeUndefined();
    await h.advance(60 * 60_000); // past several 15-minute re-alerts
    expect(h.alerts).toHaveLength(sentBefore);
    expect((await h.store.loadPatient(p.id)).status).toBe('missing');
  });
});

describe('an open alert of someone who declines consent after a crisis message', () => {
  it('stays with the counsellors: not closed, re-alerting, and acknowledgeable; their record goes', async () => {
    h = await Harness.create();
    const p = h.patient('declines-after-crisis');
    await p.say('I want to kill myself');
    expect(h.alerts.some((a) => a.text.includes('🔴'))).toBe(true);
    await p.press('continue');
    await p.press('no');
    expect((await h.store.loadPatient(p.id)).status).toBe('missing');
    const edits = h.channel.edits.filter((e) => e.ref.address.conversationId === COUNSELLORS.conversationId);
    expect(edits.map((e) => e.message.text).join('\n')).not.toContain(h.t('en', 'alerts.card.erased'));
    const [open] = await h.store.listAlerts({ open: true });
    expect(open?.level).toBe('urgent');
    const sent = h.alerts.length;
    await h.advance(15 * 60_000 + 1_000);
    expect(h.alerts.length).toBe(sent + 1);
    await h.app.desk.handle({
      address: COUNSELLORS,
      actor: { id: '501', name: 'Dr Li' },
      message: { kind: 'command', name: 'ack', args: open!.id },
    });
    expect(await h.store.listAlerts({ open: true })).toEqual([]);
  });
});

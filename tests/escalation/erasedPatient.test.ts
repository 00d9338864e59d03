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

/**
 * A reported use is a high alert whenever it comes (docs/clinical-protocol.md#escalation), during setting up
 * too, once the patient has consented; before consent nothing of theirs is kept, so it is only
 * thanked. Setting up then goes on where it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const lapseAlerts = async (patientId: string) =>
  (await h.store.listAlerts({ patientId })).filter((a) => a.reason === 'alerts.reason.lapse');

describe('a use reported while setting up', () => {
  it.each([
    ['/lapse', { kind: 'command', name: 'lapse', args: '' }],
    ['free text', { kind: 'text', text: 'I used meth last night' }],
  ] as const)(
    'after consent (%s): the counsellor is told (high), then the question comes back',
    async (_how, message) => {
      h = await Harness.create();
      const p = h.patient(`setup-lapse-${message.kind}`);
      await p.send({ kind: 'hello' });
      await p.say('yes');
      const reply = (await p.send(message)).map((m) => m.text).join('\n');
      expect(reply).toContain(h.t('en', 'lapse.duringSetupTold'));
      expect(reply).toContain(h.t('en', 'screening.age'));
      // The thanks for consenting was said once, with the first question, not again now.
      expect(reply).not.toContain(h.t('en', 'onboarding.consented'));
      const alerts = await lapseAlerts(p.id);
      expect(alerts.map((a) => a.level)).toEqual(['high']);
      expect((await h.store.getHistory(p.id)).filter((e) => e.t === 'lapse')).toHaveLength(1);
    },
  );

  it('before consent: thanked, nothing kept, no alert', async () => {
    h = await Harness.create();
    const p = h.patient('setup-lapse-no-consent');
    await p.send({ kind: 'hello' });
    const reply = (await p.command('lapse')).map((m) => m.text).join('\n');
    expect(reply).toContain(h.t('en', 'lapse.duringSetup'));
    expect(await lapseAlerts(p.id)).toEqual([]);
  });
});

/**
 * A command's argument answers the question the command opens (`/craving 8`, `/time 21:30`,
 * `/timezone Asia/Hong_Kong`); an argument that is no answer leaves the question asked. And an
 * argument is screened for safety like any text: `/help I want to die` is a crisis.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const texts = (reply: { text: string }[]) => reply.map((m) => m.text).join('\n');

describe('a command argument that answers its question', () => {
  it.each([
    ['en', '5', false],
    ['zh-CN', '五', true],
  ] as const)('(%s) /craving %s rates the craving at once and offers a session', async (locale, arg, zh) => {
    h = await Harness.create();
    const p = h.patient(`arg-craving-${locale}`, locale);
    await onboard(p, { zh });
    const reply = await p.command('craving', arg);
    const text = texts(reply);
    expect(text).toContain(h.t(locale, 'craving.thanks'));
    expect(text).not.toContain(h.t(locale, 'craving.howStrong'));
    expect(reply.at(-1)!.text).toContain(h.t(locale, 'offer.prompt', { before: 5 }));
  });

  it('/time 21:30 sets the check-in time without asking', async () => {
    h = await Harness.create();
    const p = h.patient('arg-time');
    await onboard(p);
    const text = texts(await p.command('time', '21:30'));
    expect(text).not.toContain(h.t('en', 'settings.timePrompt'));
    expect(text).toContain('21:30');
  });

  it('/timezone asia/hong_kong sets the zone without asking', async () => {
    h = await Harness.create();
    const p = h.patient('arg-zone');
    await onboard(p);
    const text = texts(await p.command('timezone', 'asia/hong_kong'));
    expect(text).toContain('Hong Kong');
    expect(text).not.toContain(h.t('en', 'screening.timezone', { current: '@screening.tz.Asia_Hong_Kong' }));
  });

  it('an argument that is no answer leaves the question asked (and is not called invalid)', async () => {
    h = await Harness.create();
    const p = h.patient('arg-bad');
    await onboard(p);
    const reply = await p.command('craving', 'really bad');
    expect(reply.at(-1)!.text).toContain(h.t('en', 'craving.howStrong'));
    expect(texts(reply)).not.toContain(h.t('en', 'common.invalid'));
    // …and the question is answered as usual.
    expect((await p.say('6')).at(-1)!.text).toContain(h.t('en', 'offer.prompt', { before: 6 }));
  });

  it('an argument does not answer a question the command did not open (/progress 30 mid-check-in)', async () => {
    h = await Harness.create();
    const p = h.patient('arg-progress');
    await onboard(p);
    await p.command('checkin');
    const reply = await p.command('progress', '3');
    expect(reply.at(-1)!.text).toContain(h.t('en', 'checkin.craving', { i: 1, n: 6 }));
  });
});

describe('a command argument is screened for safety', () => {
  it.each([
    ['en', 'help', 'I want to kill myself'],
    ['zh-CN', 'craving', '我想死'],
  ] as const)(
    '(%s) /%s with self-harm words gets the crisis reply and an urgent alert',
    async (locale, name, arg) => {
      h = await Harness.create();
      const p = h.patient(`arg-crisis-${locale}`, locale);
      await onboard(p, { zh: locale === 'zh-CN' });
      await p.command(name, arg);
      const alerts = await h.store.listAlerts({ patientId: p.id });
      expect(alerts.map((a) => a.level)).toContain('urgent');
    },
  );
});

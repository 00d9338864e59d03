/**
 * A forwarded message holds someone else's words. It never answers a question — a forwarded "yes"
 * is no consent, a forwarded "8" no craving rating — and the patient is told why, in their
 * language. Its words are still screened: self-harm words in it get the crisis reply.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const forwarded = (text: string) => ({ kind: 'unsupported', what: 'forwarded', caption: text }) as const;

describe('a forwarded message', () => {
  it.each([
    ['en', 'yes'],
    ['zh-CN', '是'],
  ] as const)('is no consent (%s): the patient is told why and asked again', async (locale, yes) => {
    h = await Harness.create();
    const p = h.patient(`fwd-consent-${locale}`, locale === 'en' ? 'en' : 'zh-hans');
    await p.send({ kind: 'hello' });
    const reply = (await p.send(forwarded(yes))).map((m) => m.text).join('\n');
    expect(reply).toContain(h.t(locale, 'common.forwarded'));
    expect(reply).not.toContain(h.t(locale, 'onboarding.consented'));
    // Still at consent: typed by the patient, the same word is consent.
    const own = (await p.say(yes)).map((m) => m.text).join('\n');
    expect(own).toContain(h.t(locale, 'onboarding.consented'));
  });

  it('is no answer to a check-in question, and the question stays', async () => {
    h = await Harness.create();
    const p = h.patient('fwd-checkin');
    await onboard(p);
    await p.command('checkin');
    const reply = await p.send(forwarded('8'));
    // One line, with the question's buttons under it: the question is not sent again in full.
    expect(reply.map((m) => m.text)).toEqual([h.t('en', 'common.forwarded')]);
    expect(reply[0]!.buttons).toHaveLength(11);
    // Typed by the patient, the rating is taken and the next question comes.
    expect((await p.say('8')).map((m) => m.text).join('\n')).toContain('2/6');
  });

  it('is screened: self-harm words in it get the crisis reply and an urgent alert', async () => {
    h = await Harness.create();
    const p = h.patient('fwd-crisis');
    await onboard(p);
    await p.send(forwarded('I want to kill myself'));
    const alerts = await h.store.listAlerts({ patientId: p.id });
    expect(alerts.map((a) => a.level)).toContain('urgent');
  });
});

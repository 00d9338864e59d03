/**
 * docs/clinical-protocol.md#escalation: self-harm words, and a medical red flag during a session, count
 * wherever the patient writes them: in a photo's, video's or file's caption, or in a message they edited. The
 * engine screens those texts exactly like a typed message; what holds no risk is answered honestly and never
 * read as an answer (an edit usually corrects a message already answered).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Inbound } from '../../src/engine/types.js';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const caption = (text: string): Inbound => ({ kind: 'unsupported', what: 'photo', caption: text });
const edited = (text: string): Inbound => ({ kind: 'edited', text });

describe('self-harm words in a caption or an edited message', () => {
  it.each([
    { how: 'a photo caption', inbound: caption('I want to kill myself') },
    { how: 'a video caption', inbound: { kind: 'unsupported', what: 'video', caption: '想死' } as Inbound },
    { how: 'an edited message', inbound: edited('I want to die') },
  ])('in $how: the crisis reply and an urgent alert', async ({ inbound }) => {
    h = await Harness.create();
    const p = h.patient('caption-crisis');
    await onboard(p);
    const reply = await p.send(inbound);
    const text = reply.map((m) => m.text).join('\n');
    expect(reply[0]!.text).toContain(h.t('en', 'safety.numbers.CN'));
    expect(text).not.toContain(h.t('en', 'common.unsupported'));
    expect(text).not.toContain(h.t('en', 'common.edited'));
    expect(h.alerts.some((a) => a.text.includes('🔴'))).toBe(true);
  });

  it('as the very first message: the crisis reply comes alone', async () => {
    h = await Harness.create();
    const p = h.patient('caption-first');
    const reply = await p.send(caption('I want to kill myself'));
    expect(reply.map((m) => m.text).join('\n')).not.toContain(h.t('en', 'onboarding.welcome'));
    expect(h.alerts.some((a) => a.text.includes('🔴'))).toBe(true);
  });
});

describe('a medical red flag in a caption or an edit during a session', () => {
  it.each([
    { how: 'a caption', inbound: caption('I have chest pain') },
    { how: 'an edit', inbound: edited('I feel faint') },
  ])('in $how stops the session with the emergency numbers', async ({ inbound }) => {
    h = await Harness.create();
    const p = h.patient('caption-red-flag');
    await onboard(p);
    await p.command('craving');
    await p.say('6');
    await p.press('breathing5');
    const reply = await p.send(inbound);
    expect(reply[0]!.text).toContain(
      h.t('en', 'safety.redFlag', { numbers: h.t('en', 'safety.emergency.CN') }),
    );
    expect(h.alerts.some((a) => a.text.includes('🔴'))).toBe(true);
  });
});

describe('a caption or an edit with no risk in it', () => {
  it('a caption gets the usual "I read text only" reply and what the question wants, unanswered', async () => {
    h = await Harness.create();
    const p = h.patient('caption-plain');
    await p.send({ kind: 'hello' });
    await p.say('yes');
    const reply = await p.send(caption('30'));
    expect(reply[0]!.text).toContain(h.t('en', 'common.unsupported'));
    // The age question has no buttons: what it wants is said in one line, not the whole question.
    expect(p.last.text).toContain(h.t('en', 'common.invalid.range', { min: 1, max: 120 }));
    expect(p.last.text).not.toContain(h.t('en', 'screening.age'));
    expect((await p.say('30')).map((m) => m.text).join('\n')).toContain(h.t('en', 'screening.parqIntro'));
    expect(h.alerts).toEqual([]);
  });

  it.each([
    { locale: 'en' as const, lang: 'en' },
    { locale: 'zh-CN' as const, lang: 'zh-hans' },
  ])(
    '($locale) an edit is told honestly that only new messages are read; nothing is answered',
    async ({ locale, lang }) => {
      h = await Harness.create();
      const p = h.patient(`edit-plain-${locale}`, lang);
      await p.send({ kind: 'hello' });
      await p.say(locale === 'en' ? 'yes' : '同意');
      const reply = await p.send(edited('30'));
      expect(reply[0]!.text).toContain(h.t(locale, 'common.edited'));
      expect(reply[0]!.text).not.toContain(h.t(locale, 'common.unsupported'));
      // The age question is asked again: the edited "30" was not taken as the age.
      expect(p.last.text).toContain(h.t(locale, 'screening.age'));
      expect(h.alerts).toEqual([]);
    },
  );

  it('an edit that reads like a craving report is still only an edit (send it again to act on it)', async () => {
    h = await Harness.create();
    const p = h.patient('edit-craving');
    await onboard(p);
    const reply = await p.send(edited('I really want to use right now'));
    expect(reply.map((m) => m.text).join('\n')).toBe(h.t('en', 'common.edited'));
  });
});

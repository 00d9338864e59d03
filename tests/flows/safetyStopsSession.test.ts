/**
 * docs/clinical-protocol.md#escalation, urgent row: whoever writes self-harm words or reports a medical red
 * flag during a rescue session is told to stop exercising. The session ends there: its step timer is
 * cancelled, no later step arrives unprompted, and the patient may start a new one when ready.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard, type TestPatient } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

/** Onboards a patient and starts the 5-minute breathing session (step 1 of 2, on a timer). */
async function inBreathingSession(p: TestPatient, zh = false) {
  await onboard(p, { zh });
  await p.command('craving');
  await p.say('6');
  await p.press('breathing5');
}

describe('self-harm words during a session', () => {
  it.each([
    { locale: 'zh-CN' as const, words: '想死', zh: true },
    { locale: 'en' as const, words: 'I want to kill myself', zh: false },
  ])(
    '($locale) stop the session: crisis reply, urgent alert, and no further step',
    async ({ locale, words, zh }) => {
      h = await Harness.create();
      const p = h.patient(`crisis-session-${locale}`, locale);
      await inBreathingSession(p, zh);
      expect(p.last.text).toContain(h.t(locale, 'sessions.breathing5.s1', { step: 1, steps: 2 }));

      const reply = await p.say(words);
      const text = reply.map((m) => m.text).join('\n');
      expect(reply[0]!.text).toContain(h.t(locale, 'safety.numbers.CN'));
      expect(text).toContain(h.t(locale, 'session.stoppedForSafety'));
      // No button of the session survives: nothing to tap that would carry on exercising.
      expect(reply.flatMap((m) => m.buttons ?? [])).toEqual([]);
      expect(h.alerts.some((a) => a.text.includes('🔴'))).toBe(true);

      // Long after the step's timer would have fired, nothing more has been sent.
      const sent = p.inbox.length;
      await h.advance(10 * 60_000);
      expect(p.inbox.length).toBe(sent);

      // The cut-short session is in the record, and the patient can start a new one when ready.
      const session = (await h.store.getHistory(p.id)).find((e) => e.t === 'session');
      expect(session).toMatchObject({ sessionId: 'breathing5', completed: false });
      await p.command('craving');
      expect(p.last.text).toContain(h.t(locale, 'craving.howStrong'));
    },
  );

  it('also when the step was waiting behind an overlay question (/language)', async () => {
    h = await Harness.create();
    const p = h.patient('crisis-session-overlay');
    await inBreathingSession(p);
    await p.command('language');
    await p.say('I want to die');
    const sent = p.inbox.length;
    await h.advance(10 * 60_000);
    expect(p.inbox.length).toBe(sent);
  });
});

describe('a medical red flag', () => {
  it('during a session stops it, cancels its timer and sends no further step', async () => {
    h = await Harness.create();
    const p = h.patient('red-flag-session');
    await inBreathingSession(p);
    const reply = await p.say('I have chest pain');
    expect(reply[0]!.text).toContain(
      h.t('en', 'safety.redFlag', { numbers: h.t('en', 'safety.emergency.CN') }),
    );
    // …and how to start again, as after self-harm words.
    expect(reply.map((m) => m.text).join('\n')).toContain(h.t('en', 'session.stoppedForSafety'));
    const sent = p.inbox.length;
    await h.advance(10 * 60_000);
    expect(p.inbox.length).toBe(sent);
  });

  // docs/clinical-protocol.md#escalation, urgent: fainting or severe breathlessness during a session, however
  // it is said. A phrase missed here was answered "please tap a button" while the exercise carried on.
  it.each([
    ['en', 'I passed out for a second'],
    ['en', 'I feel lightheaded'],
    ['en', "I'm gasping for air"],
    ['zh-CN', '我刚才晕过去了'],
    ['zh-CN', '呼吸很困难'],
    ['zh-CN', '上气不接下气'],
  ] as const)(
    '(%s) "%s" during a session stops it with the emergency reply and an urgent alert',
    async (locale, words) => {
      h = await Harness.create();
      const p = h.patient(`red-flag-words-${words}`, locale);
      await inBreathingSession(p, locale === 'zh-CN');
      const reply = await p.say(words);
      expect(reply[0]!.text).toContain(
        h.t(locale, 'safety.redFlag', { numbers: h.t(locale, 'safety.emergency.CN') }),
      );
      expect(reply.flatMap((m) => m.buttons ?? [])).toEqual([]);
      expect(h.alerts.some((a) => a.text.includes('🔴'))).toBe(true);
    },
  );

  it('right after the last step (craving asked again) still gets the emergency reply and an alert', async () => {
    h = await Harness.create();
    const p = h.patient('red-flag-after');
    await inBreathingSession(p);
    await p.press('next');
    await p.press('next');
    expect(p.last.text).toContain(h.t('en', 'session.after'));
    const reply = await p.say('I feel faint');
    expect(reply[0]?.text).toContain(
      h.t('en', 'safety.redFlag', { numbers: h.t('en', 'safety.emergency.CN') }),
    );
    expect(h.alerts.some((a) => a.text.includes('🔴'))).toBe(true);
    // The session was done; it is recorded as completed, without an after rating.
    const session = (await h.store.getHistory(p.id)).find((e) => e.t === 'session');
    expect(session).toMatchObject({ sessionId: 'breathing5', completed: true });
  });
});

describe('leaving a session for a check-in', () => {
  it('records it as cut short and says so, and no step follows', async () => {
    h = await Harness.create();
    const p = h.patient('leave-for-checkin');
    await onboard(p);
    await p.command('craving');
    await p.say('8');
    await p.press('breathing5');
    const reply = (await p.command('checkin')).map((m) => m.text).join('\n');
    expect(reply).toContain(h.t('en', 'session.stopped'));
    const session = (await h.store.getHistory(p.id)).find((e) => e.t === 'session');
    expect(session).toMatchObject({ sessionId: 'breathing5', completed: false });
    const before = p.inbox.length;
    await h.advance(150_000);
    expect(
      p.inbox
        .slice(before)
        .map((m) => m.text)
        .join('\n'),
    ).not.toContain('2/2');
  });
});

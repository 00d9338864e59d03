import { afterEach, describe, expect, it } from 'vitest';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('the daily check-in', () => {
  it("a second check-in the same day adds its exercise to the day's in the week's total (30 + 10 = 40)", async () => {
    h = await Harness.create();
    const p = h.patient('checkin-twice');
    await onboard(p);
    const checkin = async (minutes: string) => {
      await p.command('checkin');
      for (const a of ['3', '5', '6']) await p.say(a);
      await p.press('good');
      await p.say(minutes);
      await p.press('aerobic');
      return (await p.press('no')).map((m) => m.text).join('\n');
    };
    expect(await checkin('30')).toContain(h.t('en', 'checkin.thanksFirst', { minutes: 30 }));
    expect(await checkin('10')).toContain(h.t('en', 'checkin.thanksFirst', { minutes: 40 }));
  });

  it('comes at the chosen local time and is answered in under a minute', async () => {
    h = await Harness.create();
    const p = h.patient('checkin');
    await onboard(p);
    // 12:00 Shanghai now; the check-in is at 21:00 local.
    await h.advance(9 * HOUR + MIN);
    expect(p.last.text).toContain(h.t('en', 'checkin.craving', { i: 1, n: 6 }));
    await p.say('3');
    await p.say('5');
    await p.say('6');
    await p.press('good');
    await p.press('20');
    await p.press('aerobic');
    const done = await p.press('no');
    expect(done[0]!.text).toContain(h.t('en', 'checkin.thanksFirst', { minutes: 20 }));
    const history = await h.store.getHistory(p.id);
    expect(history.find((e) => e.t === 'checkin')).toMatchObject({
      craving: 3,
      peak: 5,
      mood: 6,
      exerciseMin: 20,
      use: false,
    });
  });

  it('a reported use gets support, a session offer, and tells the counsellor (high)', async () => {
    h = await Harness.create();
    const p = h.patient('use');
    await onboard(p);
    await p.command('checkin');
    for (const a of ['3', '5', '6']) await p.say(a);
    await p.press('ok');
    await p.press('0');
    const reply = await p.press('yes');
    expect(reply.map((m) => m.text).join('\n')).toContain(h.t('en', 'lapse.support'));
    expect(h.alerts.some((a) => a.text.includes('🟠'))).toBe(true);
  });
});

describe('commands always answer', () => {
  it('/checkin during a check-in starts it again; /craving during a session leaves it', async () => {
    h = await Harness.create();
    const p = h.patient('again');
    await onboard(p);
    await p.command('checkin');
    await p.say('3');
    const again = await p.command('checkin');
    expect(again.at(-1)!.text).toContain(h.t('en', 'checkin.craving', { i: 1, n: 6 }));
    await p.command('craving');
    await p.say('6');
    await p.press('breathing5');
    const craving = await p.command('craving');
    expect(craving.at(-1)!.text).toContain(h.t('en', 'craving.howStrong'));
    // The session's timer no longer moves anything along.
    await h.advance(200_000);
    expect(p.last.text).toContain(h.t('en', 'craving.howStrong'));
  });
});

describe('rising craving → a rescue session → the craving asked again', () => {
  it.each([
    { locale: 'en' as const, words: 'I really want to use right now', zh: false },
    { locale: 'zh-CN' as const, words: '我现在很想用', zh: true },
  ])('($locale) offers a session, guides it, keeps the before/after pair', async ({ locale, words, zh }) => {
    h = await Harness.create();
    const p = h.patient(`rescue-${locale}`, locale);
    await onboard(p, { zh });
    await p.say(words);
    expect(p.last.text).toContain(h.t(locale, 'craving.howStrong'));
    const offer = await p.say(zh ? '八' : '8');
    expect(offer.at(-1)!.kind).toBe('choice');
    await p.press('breathing5');
    expect(p.last.text).toContain(h.t(locale, 'sessions.breathing5.s1', { step: 1, steps: 2 }));
    // The step timer advances the session without the patient.
    await h.advance(150_000);
    expect(p.last.text).toContain(h.t(locale, 'sessions.breathing5.s2', { step: 2, steps: 2 }));
    await p.press('next');
    expect(p.last.text).toContain(h.t(locale, 'session.after'));
    const result = await p.say('４');
    expect(result[0]!.text).toContain(
      h.t(locale, 'session.result.better', {
        before: 8,
        after: 4,
        session: h.t(locale, 'sessions.breathing5.name'),
      }),
    );
    const session = (await h.store.getHistory(p.id)).find((e) => e.t === 'session');
    expect(session).toMatchObject({ sessionId: 'breathing5', before: 8, after: 4, completed: true });
    // The pair steers the next offer: breathing, which worked, comes first.
    await p.command('craving');
    await p.say('5');
    expect(p.last.buttons![0]!.data.endsWith(':breathing5')).toBe(true);
  });

  it('craving ≥ 8 still ≥ 6 after the session alerts a counsellor (high)', async () => {
    h = await Harness.create();
    const p = h.patient('still-high');
    await onboard(p);
    await p.command('craving');
    await p.say('9');
    await p.press('breathing5');
    await p.press('stop');
    await p.say('7');
    expect(p.transcript).toContain(h.t('en', 'session.toldCounsellor'));
    expect(h.alerts.length).toBeGreaterThan(0);
  });

  it('a medical red flag during a session stops it with emergency numbers (urgent)', async () => {
    h = await Harness.create();
    const p = h.patient('red-flag');
    await onboard(p);
    await p.command('craving');
    await p.say('6');
    await p.press('breathing5');
    const reply = await p.say('I have chest pain');
    expect(reply[0]!.text).toContain(
      h.t('en', 'safety.redFlag', { numbers: h.t('en', 'safety.emergency.CN') }),
    );
    expect(h.alerts.some((a) => a.text.includes('🔴'))).toBe(true);
  });
});

describe('crisis from any state', () => {
  // A crisis during a session ends the session instead (tests/flows/safetyStopsSession.test.ts).
  const states: [string, (p: ReturnType<Harness['patient']>) => Promise<unknown>][] = [
    ['onboarding', async (p) => p.send({ kind: 'hello' })],
    ['active, idle', async (p) => onboard(p)],
    [
      'a check-in',
      async (p) => {
        await onboard(p);
        await p.command('checkin');
      },
    ],
  ];
  it.each(states)(
    'during %s: crisis numbers, an urgent alert, and the conversation goes on',
    async (_s, setUp) => {
      h = await Harness.create();
      const p = h.patient('crisis', 'zh-CN');
      await setUp(p);
      const pending = p.last;
      const reply = await p.say('我真的不想活了');
      expect(reply[0]!.text).toContain('12356');
      expect(h.alerts.some((a) => a.text.includes('🔴'))).toBe(true);
      if (pending.buttons?.length) {
        await p.press('continue');
        // The interrupted question is asked again, with the same choices.
        expect(pending.text.endsWith(p.last.text)).toBe(true);
        expect(p.last.buttons!.map((b) => b.label)).toEqual(pending.buttons.map((b) => b.label));
      }
    },
  );

  it('PHQ-9 item 9 above 0 takes the safety path, then screening resumes', async () => {
    h = await Harness.create();
    const p = h.patient('phq9');
    await p.send({ kind: 'hello' });
    await p.say('yes');
    await p.say('30');
    for (let i = 0; i < 7; i++) await p.say('no');
    await p.say('45');
    await p.say('4');
    for (const a of ['2', '2', '0', '0', '0', '0', '0', '0']) await p.say(a);
    const reply = await p.say('1');
    expect(reply.map((m) => m.text).join('\n')).toContain(h.t('en', 'safety.continuePrompt'));
    expect(h.alerts.some((a) => a.text.includes('🔴'))).toBe(true);
    const resumed = await p.press('continue');
    expect(resumed.at(-1)!.text).toContain(h.t('en', 'screening.activity'));
  });
});

describe('/delete', () => {
  it('asks to confirm, then erases everything', async () => {
    h = await Harness.create();
    const p = h.patient('delete');
    await onboard(p);
    await p.command('delete');
    expect(p.last.text).toContain(h.t('en', 'delete.confirm'));
    await p.press('yes');
    expect(p.last.text).toContain(h.t('en', 'delete.done'));
    expect((await h.store.loadPatient(p.id)).status).toBe('missing');
    expect(await h.store.getHistory(p.id)).toEqual([]);
  });
});

describe('a corrupted snapshot', () => {
  it('never crashes a turn: the patient is told and resumes with their profile', async () => {
    h = await Harness.create();
    const p = h.patient('corrupt');
    await onboard(p);
    const loaded = await h.store.loadPatient(p.id);
    if (loaded.status !== 'ok') throw new Error('expected a stored patient');
    const snapshot = loaded.doc.snapshot as { value: unknown; context: Record<string, unknown> };
    const broken = {
      ...loaded.doc,
      snapshot: { ...snapshot, value: { nowhere: 'gone' }, context: { ...snapshot.context, seq: 'x' } },
    };
    await h.store.commitTurn({
      doc: { ...broken, revision: broken.revision + 1 },
      expectedRevision: broken.revision,
      history: [],
      outbox: [],
    });
    const reply = await p.command('plan');
    expect(reply[0]!.text).toContain(h.t('en', 'common.recovered'));
    expect(reply.map((m) => m.text).join('\n')).toContain(
      h.t('en', 'plan.early', { min: 30, max: 60, hrLow: 124, hrHigh: 143 }),
    );
  });

  it('a snapshot from an older flow version resumes at a safe point with the profile kept', async () => {
    h = await Harness.create();
    const p = h.patient('old-version');
    await onboard(p);
    const loaded = await h.store.loadPatient(p.id);
    if (loaded.status !== 'ok') throw new Error('expected a stored patient');
    await h.store.commitTurn({
      doc: { ...loaded.doc, flowVersion: 0, revision: loaded.doc.revision + 1 },
      expectedRevision: loaded.doc.revision,
      history: [],
      outbox: [],
    });
    const reply = await p.command('checkin');
    expect(reply[0]!.text).toContain(h.t('en', 'common.recovered'));
    expect(reply.at(-1)!.text).toContain(h.t('en', 'checkin.craving', { i: 1, n: 6 }));
  });

  it('unreadable JSON starts onboarding again, kindly', async () => {
    h = await Harness.create();
    const p = h.patient('garbage');
    (h.store as unknown as { putRaw(id: string, raw: string): void }).putRaw(p.id, '{not json');
    const reply = await p.say('hello');
    expect(reply[0]!.text).toContain(h.t('en', 'common.recovered'));
    expect(reply.at(-1)!.text).toContain(h.t('en', 'onboarding.consent'));
  });
});

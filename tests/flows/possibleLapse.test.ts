/**
 * docs/clinical-protocol.md#a-reported-use: a reported use restarts the day count and is a high alert. So
 * nothing short of a report may do that: "I used my bike today" or 我用了八段锦的方法 is no use. Words that may tell
 * of a use or of something else get a short, kind question first ("do you mean you used again?"); yes is
 * exactly a reported use, no changes nothing and the patient is back where they were. A clear report ("I
 * relapsed", 复吸了) still goes straight to the lapse flow, and safety words win over all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PatientContext } from '../../flows/machine/types.js';
import { Harness, onboard, type TestPatient } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const DAY = 86_400_000;
const text = (ms: { text: string }[]) => ms.map((m) => m.text).join('\n');

async function contextOf(p: TestPatient): Promise<PatientContext> {
  const loaded = await h.store.loadPatient(p.id);
  if (loaded.status !== 'ok') throw new Error(`patient ${p.id} not loaded: ${loaded.status}`);
  return (loaded.doc.snapshot as { context: PatientContext }).context;
}
const lapses = async (p: TestPatient) => (await h.store.getHistory(p.id)).filter((e) => e.t === 'lapse');
const lapseAlerts = async (p: TestPatient) =>
  (await h.store.listAlerts({ patientId: p.id })).filter((a) => a.reason === 'alerts.reason.lapse');

/** A patient 200 days into recovery (maintenance), idle after onboarding. */
async function longRecovery(id: string, zh = false) {
  h = await Harness.create();
  const p = h.patient(id, zh ? 'zh-CN' : 'en');
  await onboard(p, { days: 200, zh });
  return p;
}

/** Nothing of a use was kept: same day count, no lapse in the record, no alert. */
async function expectNoUseKept(p: TestPatient, lastUseAt: number | null) {
  expect((await contextOf(p)).profile.lastUseAt).toBe(lastUseAt);
  expect(await lapses(p)).toEqual([]);
  expect(await lapseAlerts(p)).toEqual([]);
}

describe('ordinary sentences that only may tell of a use are asked about, not taken as one', () => {
  it.each([
    ['en', 'I used the breathing exercise yesterday and it really helped'],
    ['en', 'I used my bike today'],
    ['zh-CN', '我用了八段锦的方法，感觉好多了'],
    ['zh-CN', '今天用了跑步机'],
  ] as const)('(%s) "%s": a yes/no question, and the day count stands', async (locale, words) => {
    const p = await longRecovery(`maybe-${words}`, locale === 'zh-CN');
    const lastUseAt = (await contextOf(p)).profile.lastUseAt;
    const reply = await p.say(words);
    expect(text(reply)).toBe(h.t(locale, 'lapse.confirm'));
    expect(text(reply)).not.toContain(h.t(locale, 'lapse.support'));
    expect(reply.at(-1)!.buttons?.length).toBe(2);
    await expectNoUseKept(p, lastUseAt);
  });

  it('no (a button): "got it", and nothing changes', async () => {
    const p = await longRecovery('maybe-no');
    const lastUseAt = (await contextOf(p)).profile.lastUseAt;
    await p.say('I used my bike today');
    const reply = await p.press('no');
    expect(text(reply)).toBe(h.t('en', 'lapse.notUse'));
    await expectNoUseKept(p, lastUseAt);
    expect((await contextOf(p)).ask).toBeNull();
  });

  it.each(['yes', 'Yes, I did', 'I did', '是的', '又用了'])(
    'yes, typed as at any yes/no question ("%s"): exactly a reported use',
    async (answer) => {
      const p = await longRecovery(`maybe-yes-${answer}`);
      await p.say('I used today');
      const reply = await p.say(answer);
      expect(text(reply)).toContain(h.t('en', 'lapse.support'));
      expect(reply.at(-1)!.text).toContain(h.t('en', 'craving.howStrong'));
      expect((await contextOf(p)).profile.lastUseAt).toBe(h.clock.now());
      expect(await lapses(p)).toHaveLength(1);
      expect((await lapseAlerts(p)).map((a) => a.level)).toEqual(['high']);
    },
  );

  it.each(['no', 'nope', '没有', '不是', 'No, I meant my bike'])(
    'no, typed ("%s"): nothing changes',
    async (answer) => {
      const p = await longRecovery(`maybe-typed-no-${answer}`);
      const lastUseAt = (await contextOf(p)).profile.lastUseAt;
      await p.say('I used my bike today');
      expect(text(await p.say(answer))).toBe(h.t('en', 'lapse.notUse'));
      await expectNoUseKept(p, lastUseAt);
    },
  );

  it('"I used my bike" typed at the question is no yes: it is asked again', async () => {
    const p = await longRecovery('maybe-unclear');
    await p.say('I used today');
    const reply = await p.say('I used my bike');
    expect(reply.at(-1)!.text).toBe(h.t('en', 'lapse.confirm'));
    expect(await lapses(p)).toEqual([]);
  });

  it('mid check-in: no goes back to the question that was open, and the check-in goes on', async () => {
    const p = await longRecovery('maybe-checkin');
    await p.command('checkin');
    await p.say('3');
    await p.say('I used the breathing exercise yesterday and it really helped');
    const reply = await p.press('no');
    expect(reply[0]!.text).toContain(h.t('en', 'lapse.notUse'));
    expect(reply.at(-1)!.text).toContain(h.t('en', 'checkin.peak', { i: 2, n: 6 }));
    await p.say('5');
    await p.say('6');
    await p.press('good');
    await p.press('0');
    const done = await p.press('no');
    expect(text(done)).toContain(h.t('en', 'checkin.thanksFirst', { minutes: 0 }));
    expect((await h.store.getHistory(p.id)).find((e) => e.t === 'checkin')).toMatchObject({
      craving: 3,
      peak: 5,
      use: false,
    });
  });

  it('mid check-in: yes is the lapse flow, and the check-in is not resumed (as after /lapse)', async () => {
    const p = await longRecovery('maybe-checkin-yes');
    await p.command('checkin');
    await p.say('3');
    await p.say('今天用了');
    const reply = await p.press('yes');
    expect(text(reply)).toContain(h.t('en', 'lapse.support'));
    expect(reply.at(-1)!.text).toContain(h.t('en', 'craving.howStrong'));
    const context = await contextOf(p);
    expect(context.checkin).toBeNull();
    expect(context.saved).toBeNull();
  });

  it.each([
    'I relapsed',
    'I used again',
    'I used meth',
    'I slipped',
    '我复吸了',
    '溜冰了',
    '又用了',
    '用了一点',
  ])('a clear report ("%s") needs no question: straight to the lapse flow', async (words) => {
    const p = await longRecovery(`clear-${words}`);
    const reply = await p.say(words);
    expect(text(reply)).toContain(h.t('en', 'lapse.support'));
    expect(text(reply)).not.toContain(h.t('en', 'lapse.confirm'));
    expect(await lapses(p)).toHaveLength(1);
  });

  it('self-harm words win over everything: in the same message, and at the question', async () => {
    const p = await longRecovery('maybe-crisis');
    const first = await p.say('I used all my pills, I want to die');
    expect(first[0]!.text).toContain(h.t('en', 'safety.numbers.CN'));
    expect(text(first)).not.toContain(h.t('en', 'lapse.confirm'));
    await p.say('I used today');
    const second = await p.say('I want to die');
    expect(second[0]!.text).toContain(h.t('en', 'safety.numbers.CN'));
    // One open urgent alert (a second crisis joins the one not yet acknowledged); no lapse alert.
    expect((await h.store.listAlerts({ patientId: p.id })).map((a) => a.reason)).toEqual([
      'alerts.reason.selfHarm',
    ]);
  });

  it('the day count restarts only after yes: /plan still shows maintenance after no', async () => {
    const p = await longRecovery('maybe-stage');
    await p.say('I used my bike today');
    await p.press('no');
    await h.advance(DAY);
    expect(text(await p.command('plan'))).toContain(h.t('en', 'stage.maintenance'));
  });
});

describe('while setting up', () => {
  it('after consent: asked, and yes tells the counsellor as a reported use does', async () => {
    h = await Harness.create();
    const p = h.patient('maybe-setup');
    await p.send({ kind: 'hello' });
    await p.say('yes');
    expect(text(await p.say('I used my bike'))).toBe(h.t('en', 'lapse.confirm'));
    const reply = await p.press('yes');
    expect(text(reply)).toContain(h.t('en', 'lapse.duringSetupTold'));
    expect(reply.at(-1)!.text).toContain(h.t('en', 'screening.age'));
    expect((await lapseAlerts(p)).map((a) => a.level)).toEqual(['high']);
  });

  it('no: the setting-up question comes back, nothing kept', async () => {
    h = await Harness.create();
    const p = h.patient('maybe-setup-no');
    await p.send({ kind: 'hello' });
    await p.say('yes');
    await p.say('我用了呼吸练习');
    const reply = await p.press('no');
    expect(reply.at(-1)!.text).toContain(h.t('en', 'screening.age'));
    expect(await lapseAlerts(p)).toEqual([]);
    expect(await lapses(p)).toEqual([]);
  });
});

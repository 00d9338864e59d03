/**
 * A time zone typed in any letter case is stored under its canonical IANA name, so everything that
 * reads it (the crisis numbers, the check-in time, counsellors' views) sees the zone the patient meant.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TYPED_ONBOARDING } from '../support/onboardingAnswers.js';
import { Harness, onboard, type TestPatient } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const storedZone = async (p: TestPatient) => {
  const loaded = await h.store.loadPatient(p.id);
  if (loaded.status !== 'ok') throw new Error('expected a stored patient');
  return (loaded.doc.snapshot as { context: { profile: { timezone: string } } }).context.profile.timezone;
};

describe('a time zone typed in lower case', () => {
  it('with /timezone is stored and confirmed under its canonical name', async () => {
    h = await Harness.create();
    const p = h.patient('lower');
    await onboard(p);
    await p.command('timezone');
    const reply = await p.say('asia/hong_kong');
    expect(reply[0]!.text).toBe(
      h.t('en', 'settings.changed', { time: '21:00', timezone: '@screening.tz.Asia_Hong_Kong' }),
    );
    expect(await storedZone(p)).toBe('Asia/Hong_Kong');
  });

  it('during onboarding is stored under its canonical name', async () => {
    h = await Harness.create();
    const p = h.patient('lower-onboarding', 'zh-CN');
    await p.send({ kind: 'hello' });
    const answers = TYPED_ONBOARDING['zh-CN'];
    const zoneAt = answers.indexOf('Asia/Shanghai');
    for (const a of answers.slice(0, zoneAt)) await p.say(a);
    await p.say('asia/taipei');
    expect(await storedZone(p)).toBe('Asia/Taipei');
  });

  it("gives Hong Kong's crisis numbers, as pressing the Hong Kong button does", async () => {
    h = await Harness.create();
    const p = h.patient('lower-crisis');
    await onboard(p);
    await p.command('timezone');
    await p.say('asia/hong_kong');
    const reply = await p.say('I want to die');
    expect(reply[0]!.text).toBe(h.t('en', 'safety.crisis', { numbers: h.t('en', 'safety.numbers.HK') }));
  });
});

describe('a zone stored in lower case before zones were canonicalised', () => {
  it('is read back canonical, and its crisis numbers are the region’s', async () => {
    h = await Harness.create();
    const p = h.patient('stored-lower');
    await onboard(p);
    const loaded = await h.store.loadPatient(p.id);
    if (loaded.status !== 'ok') throw new Error('expected a stored patient');
    const snapshot = loaded.doc.snapshot as { value: unknown; context: { profile: object } };
    await h.store.commitTurn({
      doc: {
        ...loaded.doc,
        revision: loaded.doc.revision + 1,
        snapshot: {
          ...snapshot,
          context: {
            ...snapshot.context,
            profile: { ...snapshot.context.profile, timezone: 'asia/hong_kong' },
          },
        },
      },
      expectedRevision: loaded.doc.revision,
      history: [],
      outbox: [],
    });
    const reply = await p.say('I want to die');
    expect(reply[0]!.text).toContain(h.t('en', 'safety.numbers.HK'));
    expect(await storedZone(p)).toBe('Asia/Hong_Kong');
  });
});

describe('a /timezone question a crisis reply interrupted', () => {
  it('is not asked again, stale, once a newer /timezone has been answered', async () => {
    h = await Harness.create();
    const p = h.patient('zone-after-crisis');
    await onboard(p);
    await p.command('timezone');
    await p.say('I want to die');
    await p.command('timezone');
    const reply = await p.press('Asia/Hong_Kong');
    expect(reply.map((m) => m.text)).toEqual([
      h.t('en', 'settings.changed', { time: '21:00', timezone: '@screening.tz.Asia_Hong_Kong' }),
    ]);
  });
});

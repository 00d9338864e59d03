/**
 * After chest pain, fainting or breathlessness (a medical red flag), no exertion is offered for a
 * day: a rescue offer holds seated sessions only (paced breathing), in or out of a session.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeButtonData } from '../../src/engine/types.js';
import { Harness, onboard, type TestPatient } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

const HOUR = 3_600_000;
const offered = (p: TestPatient) =>
  (p.last.buttons ?? []).map((b) => decodeButtonData(b.data)?.value).filter((v) => v !== 'notnow');

describe('rescue offers after a medical red flag', () => {
  it('during a walk: for the next day only paced breathing is offered, then walks again', async () => {
    h = await Harness.create();
    const p = h.patient('rest-after-walk');
    await onboard(p, { days: 45 });
    h.clock.advance(6 * HOUR); // 18:00 in Shanghai: daytime, walks may be offered
    await p.command('craving');
    await p.say('8');
    expect(offered(p)).toContain('walk15');
    await p.press('walk15');
    await p.say('my chest hurts');
    await p.command('craving');
    await p.say('8');
    expect(offered(p)).toEqual(['breathing5']);
    h.clock.advance(25 * HOUR);
    await p.command('craving');
    await p.say('8');
    expect(offered(p)).toContain('walk15');
  });

  it('mentioned outside a session too', async () => {
    h = await Harness.create();
    const p = h.patient('rest-after-mention');
    await onboard(p, { days: 45 });
    h.clock.advance(6 * HOUR);
    await p.say('I felt dizzy and short of breath this morning');
    await p.command('craving');
    await p.say('8');
    expect(offered(p)).toEqual(['breathing5']);
  });
});

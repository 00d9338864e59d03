/**
 * The exercise program on the Redis store (docs/program.md): its state in the snapshot and its
 * history entries survive the round trip through Redis, and a second engine instance on the same
 * Redis picks the program up where the first left it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { buttons, doWorkout, HOUR, MIN } from '../flows/program/programDriver.js';
import { Harness, onboard } from '../support/patientHarness.js';
import { adminConnection, deleteUnder, openStore, uniquePrefix } from './redisTestKit.js';

const admin = adminConnection();
const prefix = uniquePrefix('redisProgram');

// Scanning for the prefix's keys takes a while when the shared Redis holds millions of others.
afterAll(async () => {
  await deleteUnder(admin, prefix);
  await admin.quit();
}, 120_000);

/** A harness whose Redis store reads the harness's own manual clock. */
async function onRedis(): Promise<Harness> {
  const clock: Clock = { now: () => h.clock.now() };
  const h: Harness = await Harness.create({}, openStore(prefix, clock));
  return h;
}

describe('the program on Redis', () => {
  it('keeps the dose, the week and the workouts, and a second instance goes on from there', async () => {
    const first = await onRedis();
    const p = first.patient('redis-program');
    await onboard(p);
    await p.command('workout');
    await p.press('walk');
    await doWorkout(p, { before: 6, effort: 'somewhatHard', after: 2 });
    const history = await first.store.getHistory(p.id);
    expect(history.find((e) => e.t === 'workout')).toMatchObject({
      form: 'walk',
      completed: true,
      before: 6,
      after: 2,
      effort: 13,
    });
    await first.close();

    const second = await onRedis();
    second.clock.set(first.clock.now() + HOUR);
    const again = second.patient('redis-program');
    await again.command('workout');
    // The second workout of the program: the rotation went on (resistance after aerobic).
    expect(buttons(again)).toEqual(['bodyweight', 'band', 'later']);
    await again.press('band');
    await again.say('3');
    await again.press('next');
    expect(again.last.text).toContain(second.t('en', 'workouts.exercise.bandRow.level2'));
    // Its step timer is in the scheduler of the second instance: the next exercise comes by itself.
    await second.advance(2 * MIN);
    expect(again.last.text).toContain(second.t('en', 'workouts.exercise.bandPress.level2'));
    await second.close();
  });
});

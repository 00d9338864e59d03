/**
 * The whole app on Redis (RedisStore + BullMQ scheduler, as with REDIS_URL): a patient onboards,
 * gets the check-in at 21:00 local and the reminder; a restart loses no scheduled job; /delete
 * leaves no trace of the patient anywhere under the prefix.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { BullmqScheduler } from '../../src/scheduling/bullmqScheduler.js';
import { createRedisConnection } from '../../src/store/redisConnection.js';
import { type Harness, onboard, RecordingChannel, TestPatient } from '../support/patientHarness.js';
import {
  adminConnection,
  deleteUnder,
  keysUnder,
  openStore,
  REDIS_URL,
  uniquePrefix,
  valuesOf,
} from './redisTestKit.js';

const HOUR = 3_600_000;
const admin = adminConnection();
const prefix = uniquePrefix('endToEnd');

afterAll(async () => {
  await deleteUnder(admin, prefix);
  await admin.quit();
});

async function boot(clock: ManualClock, channel: RecordingChannel) {
  const store = openStore(prefix, clock);
  const scheduler = new BullmqScheduler(createRedisConnection(REDIS_URL, 'bullmq'), clock, {
    prefix,
    ownsConnection: true,
  });
  const app = await createApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), {
    clock,
    store,
    scheduler,
    logger: createLogger('silent'),
    channels: [channel],
  });
  await app.start();
  const advance = async (ms: number) => {
    clock.advance(ms);
    await scheduler.runDue();
  };
  return { app, store, advance };
}

describe('the app on Redis and BullMQ', () => {
  it('schedules check-ins that survive a restart, and /delete erases every trace', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0)); // 12:00 in Shanghai
    const channel = new RecordingChannel();
    let run = await boot(clock, channel);
    const patient = new TestPatient(
      { app: run.app, channel } as unknown as Harness,
      'telegram:8675309',
      'en',
    );
    await onboard(patient);
    const t = (key: string, params?: Record<string, number>) => run.app.i18n.t('en', key, params);

    // every instance stops and a new one starts before the check-in is due
    await run.app.stop();
    run = await boot(clock, channel);
    Object.assign(patient, { h: { app: run.app, channel } });

    await run.advance(9 * HOUR + 60_000); // 21:01 Shanghai
    expect(patient.last.text).toContain(t('checkin.craving', { i: 1, n: 6 }));
    expect(patient.inbox.filter((m) => m.text.includes(t('checkin.intro')))).toHaveLength(1);
    await run.advance(2 * HOUR);
    expect(patient.last.text).toContain(t('checkin.reminderIntro'));

    const loaded = await run.store.loadPatient(patient.id);
    if (loaded.status !== 'ok') throw new Error('expected a stored patient');
    const code = loaded.doc.code;
    expect(await run.store.findPatientByCode(code)).toBe(patient.id);
    await patient.command('delete');
    await patient.press('yes');
    expect(patient.last.text).toContain(t('delete.done'));
    for (const key of await keysUnder(admin, prefix)) {
      expect(key).not.toContain(patient.id);
      expect(key).not.toContain(code);
      for (const v of await valuesOf(admin, key)) {
        expect(v, key).not.toContain(patient.id);
        expect(v, key).not.toContain(code);
      }
    }
    await run.advance(24 * HOUR);
    expect(patient.inbox.filter((m) => m.text.includes(t('checkin.intro')))).toHaveLength(1);
    await run.app.stop();
  });
});

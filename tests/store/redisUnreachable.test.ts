/**
 * Unreachable patients with everything on Redis (REDIS_URL: Redis store, BullMQ scheduler, BullMQ
 * delivery queue): a check-in goes through the delivery queue, the platform refuses it because the
 * patient blocked the bot, and the queue's report marks the patient unreachable (one routine
 * alert); the check-ins after it are held until the patient writes again.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { DeliveryError } from '../../src/engine/deliveryError.js';
import type { Address, OutboundMessage, SentRef } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import type { BullmqScheduler } from '../../src/scheduling/bullmqScheduler.js';
import { type Harness, onboard, RecordingChannel, TestPatient } from '../support/patientHarness.js';
import { until } from '../support/until.js';
import { adminConnection, deleteUnder, REDIS_URL, uniquePrefix } from './redisTestKit.js';

const HOUR = 3_600_000;
const admin = adminConnection();
const prefix = uniquePrefix('unreachable');

// One scan of the shared Redis for the whole file: it may hold millions of other keys.
afterAll(async () => {
  await deleteUnder(admin, prefix);
  await admin.quit();
}, 120_000);

/** A channel whose sends to `blocked` conversations are refused as Telegram refuses a blocked bot. */
class BlockingChannel extends RecordingChannel {
  readonly blocked = new Set<string>();
  readonly refused: string[] = [];
  override async send(address: Address, message: OutboundMessage): Promise<SentRef> {
    if (this.blocked.has(address.conversationId)) {
      this.refused.push(address.conversationId);
      throw new DeliveryError('console', 403, false, undefined, true);
    }
    return super.send(address, message);
  }
}

describe('a patient who blocks the bot, on Redis and BullMQ', () => {
  it('is marked unreachable from the delivery queue, and back with their next message', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0)); // 12:00 in Shanghai
    const channel = new BlockingChannel();
    const app = await createApp(
      loadConfig({ PORT: '0', LOG_LEVEL: 'silent', REDIS_URL, REDIS_PREFIX: prefix }),
      { clock, logger: createLogger('silent'), channels: [channel] },
    );
    await app.start();
    try {
      const scheduler = app.scheduler as BullmqScheduler;
      const patient = new TestPatient({ app, channel } as unknown as Harness, 'console:blocker', 'en');
      await onboard(patient);
      const since = async () => {
        const loaded = await app.store.loadPatient(patient.id);
        return loaded.status === 'ok'
          ? (loaded.doc.snapshot as { context: { unreachableSince?: number | null } }).context
              .unreachableSince
          : undefined;
      };

      channel.blocked.add(patient.id);
      clock.advance(9 * HOUR); // 21:00: the check-in, queued, is refused
      await scheduler.runDue();
      // The queue sends on its own time: wait for the turn that marks the patient to be done.
      const alerts = () => app.store.listAlerts({ patientId: patient.id });
      await until(async () => (await alerts()).length > 0, 'the routine alert');
      expect(await since()).toBe(clock.now());
      expect((await alerts()).map((a) => [a.level, a.reason])).toEqual([
        ['routine', 'alerts.reason.unreachable'],
      ]);

      const refused = channel.refused.length;
      for (let i = 0; i < 6; i++) {
        clock.advance(12 * HOUR);
        await scheduler.runDue();
      }
      expect(channel.refused.length).toBe(refused);
      expect((await alerts()).map((a) => a.reason)).toEqual(['alerts.reason.unreachable']);

      channel.blocked.delete(patient.id);
      expect((await patient.say('hi')).length).toBeGreaterThan(0);
      expect(await since()).toBeNull();
    } finally {
      await app.stop();
    }
  });
});

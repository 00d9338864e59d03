/**
 * A process dies after committing a turn but before sending its replies and alerts. Another
 * instance over the same Redis starts, recovers the outbox, and sends each item exactly once.
 */
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { DeliveryError } from '../../src/engine/deliveryError.js';
import type { Address, OutboundMessage } from '../../src/engine/types.js';
import { createLogger } from '../../src/log.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { COUNSELLORS, RecordingChannel } from '../support/patientHarness.js';

const PREFIX = `dongyu-test:faults-crash-${process.pid}:`;
const PATIENT: Address = { channel: 'console', conversationId: 'crash-patient' };

afterAll(async () => {
  const redis = new Redis(6379, '127.0.0.1');
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

/** A channel whose process "dies" before anything leaves it. */
class DeadChannel extends RecordingChannel {
  override async send(): Promise<never> {
    throw new DeliveryError('console', 'killed', true);
  }
}

async function instance(channel: RecordingChannel, clock: ManualClock): Promise<App> {
  const app = await createApp(
    loadConfig({
      PORT: '0',
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_PREFIX: PREFIX,
      DEFAULT_LOCALE: 'en',
    }),
    {
      clock,
      logger: createLogger('silent'),
      scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
      deliveryQueue: null,
      channels: [channel],
    },
  );
  // Counsellors were enrolled earlier (they live in Redis, not in the process).
  await app.store.addCounsellorDestination({
    address: COUNSELLORS,
    locale: 'en',
    source: 'enrolled',
    addedAt: clock.now(),
  });
  await app.start();
  return app;
}

const texts = (c: RecordingChannel, to: string) =>
  c.sent.filter((s) => s.address.conversationId === to).map((s) => s.message as OutboundMessage);

describe('the process killed mid-turn', () => {
  it('no reply or alert is lost, and none is sent twice', async () => {
    const clock = new ManualClock();
    const dead = new DeadChannel();
    const first = await instance(dead, clock);
    const turn = {
      patientId: 'console:crash',
      address: PATIENT,
      languageCode: 'en',
      message: { kind: 'text' as const, text: 'I want to kill myself' },
    };
    // The turn commits, then the process "dies" before its replies and alert go out.
    await expect(first.engine.handle(turn)).rejects.toThrow(DeliveryError);
    expect(await first.store.pendingOutbox('console:crash')).not.toHaveLength(0);
    await first.store.close();

    const live = new RecordingChannel();
    const second = await instance(live, clock); // start() recovers pending outboxes
    try {
      const replies = texts(live, PATIENT.conversationId);
      // The crisis reply (a first message: it comes alone, with its Continue button), once.
      expect(replies).toHaveLength(1);
      expect(replies[0]!.text).toContain('12356'); // DEFAULT_TIMEZONE: Asia/Shanghai
      expect(texts(live, COUNSELLORS.conversationId).filter((m) => m.text.includes('🔴'))).toHaveLength(1);
      expect(await second.store.pendingOutbox('console:crash')).toHaveLength(0);
      // A third start (or a second recovery) sends nothing again.
      expect(await second.turnEngine.recover()).toBe(0);
      expect(texts(live, PATIENT.conversationId)).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});

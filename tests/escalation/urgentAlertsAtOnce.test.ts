/**
 * With `REDIS_URL`, an urgent alert is sent at once, beside the patient's turn: never through the
 * delivery queue, whose per-chat gap (3 s in a Telegram group) and evenly spaced slots held every
 * urgent alert about 2.5 s, and would hold it behind an hour of queued check-ins at 21:00. It is
 * still counted in the queue's shared limits. Here the queue's worker never runs, so anything that
 * reached the counsellors by the end of the turn cannot have gone through it.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BullmqDeliveryQueue } from '../../src/delivery/bullmqDeliveryQueue.js';
import { chatKey, type DeliveryQueue } from '../../src/delivery/deliveryQueue.js';
import { createRedisConnection } from '../../src/store/redisConnection.js';
import { adminConnection, deleteUnder, REDIS_URL, uniquePrefix } from '../store/redisTestKit.js';
import { COUNSELLORS, Harness, onboard } from '../support/patientHarness.js';

const admin = adminConnection();
let h: Harness | undefined;
let queue: BullmqDeliveryQueue | undefined;
let prefix = '';

afterEach(async () => {
  await h?.close();
  await queue?.stop();
  await deleteUnder(admin, prefix);
  h = undefined;
  queue = undefined;
});

afterAll(async () => {
  await admin.quit();
});

/** The app on a BullMQ delivery queue whose worker is never started. */
async function withIdleQueue(): Promise<{ h: Harness; queue: BullmqDeliveryQueue }> {
  prefix = uniquePrefix('urgentAlertsAtOnce');
  const q = new BullmqDeliveryQueue(
    createRedisConnection(REDIS_URL, 'bullmq'),
    { send: async () => undefined } as never,
    {
      prefix,
      ownsConnection: true,
    },
  );
  queue = q;
  const idle: DeliveryQueue = {
    enqueue: (id, address, message) => q.enqueue(id, address, message),
    sendingNow: (address) => q.sendingNow(address),
    start: async () => {},
    stop: async () => {},
  };
  h = await Harness.create({ REDIS_URL, REDIS_PREFIX: prefix }, undefined, { deliveryQueue: idle });
  return { h, queue: q };
}

/** Messages waiting in the queue, whatever their state. */
async function queued(q: BullmqDeliveryQueue): Promise<number> {
  const c = await q.counts();
  return (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0);
}

describe('urgent alerts on Redis', () => {
  it('reach the counsellors by the end of the turn, even while the chat’s gap is running', async () => {
    const { h, queue } = await withIdleQueue();
    await queue.sendingNow(COUNSELLORS); // as if a queued check-in had just gone to that chat
    const p = h.patient('urgent-now');
    await onboard(p);
    await p.say('I want to kill myself');
    expect(h.alerts.filter((a) => a.text.includes('🔴'))).toHaveLength(1);
    // The alert knows its copy (acknowledging edits it) and nothing waits in the queue for it.
    const [alert] = await h.store.listAlerts({ patientId: p.id });
    expect(alert!.sentTo).toHaveLength(1);
    expect(await queued(queue)).toBe(0);
    // Counted in the shared limits: queued messages to that chat wait their gap after it.
    expect(await admin.pttl(`${prefix}dq:chat:${chatKey(COUNSELLORS)}`)).toBeGreaterThan(0);
  }, 30_000);

  it('a high alert (a reported use) still goes through the queue', async () => {
    const { h, queue } = await withIdleQueue();
    const p = h.patient('high-queued');
    await onboard(p);
    await p.command('lapse');
    expect(h.alerts.filter((a) => a.text.includes('🟠'))).toHaveLength(0);
    expect(await queued(queue)).toBe(1);
  }, 30_000);
});

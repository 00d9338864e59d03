/**
 * The BullMQ delivery queue against the real Redis. Pacing is checked as lower bounds on the gaps
 * between sends (what the limiter guarantees), never as an upper bound on how long anything takes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  BullmqDeliveryQueue,
  type BullmqDeliveryQueueOptions,
} from '../../src/delivery/bullmqDeliveryQueue.js';
import { chatKey } from '../../src/delivery/deliveryQueue.js';
import { DeliveryError } from '../../src/engine/deliveryError.js';
import { createRedisConnection } from '../../src/store/redisConnection.js';
import {
  adminConnection,
  deleteUnder,
  keysUnder,
  REDIS_URL,
  uniquePrefix,
  valuesOf,
} from '../store/redisTestKit.js';
import { until } from '../support/until.js';
import { chat, FakeDelivery } from './fakeDelivery.js';

const admin = adminConnection();
const opened: BullmqDeliveryQueue[] = [];
let prefix = '';

function open(fake: FakeDelivery, options: BullmqDeliveryQueueOptions = {}) {
  const q = new BullmqDeliveryQueue(createRedisConnection(REDIS_URL, 'bullmq'), fake, {
    prefix,
    ownsConnection: true,
    ...options,
  });
  opened.push(q);
  return q;
}

afterEach(async () => {
  for (const q of opened.splice(0)) await q.stop();
  await deleteUnder(admin, prefix);
});

describe('BullMQ delivery queue', () => {
  it('sends each message once across two instances, however often it is queued', async () => {
    prefix = uniquePrefix('deliveryOnce');
    const fake = new FakeDelivery();
    const [a, b] = [open(fake), open(fake)];
    await a.start();
    await b.start();
    for (let i = 0; i < 20; i++) {
      await a.enqueue(`item-${i}`, chat(i), { text: `m${i}` });
      await b.enqueue(`item-${i}`, chat(i), { text: `m${i}` });
    }
    await a.enqueue('private', chat(99), { text: 'how I feel today' });
    await until(() => fake.sent.length >= 21, 'the 21 distinct messages sent');
    await a.enqueue('item-3', chat(3), { text: 'm3' }); // a recovered outbox re-queues a sent item
    await until(async () => {
      const c = await a.counts();
      return c.active === 0 && c.waiting === 0 && c.delayed === 0;
    }, 'the queue to empty');
    const expected = [...Array.from({ length: 20 }, (_, i) => `m${i}`), 'how I feel today'];
    expect(fake.sent.map((s) => s.text).sort()).toEqual(expected.sort());
    // finished jobs (they hold message text) are gone
    for (const key of await keysUnder(admin, prefix))
      for (const v of await valuesOf(admin, key)) expect(v).not.toContain('how I feel today');
  });

  it('counts a message sent outside the queue (an urgent alert) in the shared limits', async () => {
    prefix = uniquePrefix('deliverySendingNow');
    const q = open(new FakeDelivery());
    await q.sendingNow(chat(-100123));
    await q.sendingNow(chat(7));
    // The group's gap (3 s) and the private chat's (1 s) are taken; both sends are in the window.
    const gaps = await Promise.all(
      [chat(-100123), chat(7)].map((c) => admin.pttl(`${prefix}dq:chat:${chatKey(c)}`)),
    );
    expect(gaps[0]).toBeGreaterThan(2000);
    expect(gaps[0]).toBeLessThanOrEqual(3000);
    expect(gaps[1]).toBeGreaterThan(0);
    expect(gaps[1]).toBeLessThanOrEqual(1000);
    expect(await admin.zcard(`${prefix}dq:sent`)).toBe(2);
    // The next slot a queued message reserves lies after both.
    expect(Number(await admin.get(`${prefix}dq:tat`))).toBeGreaterThan(Date.now());
  });

  it('keeps the global rate below its limit', async () => {
    prefix = uniquePrefix('deliveryRate');
    const fake = new FakeDelivery();
    const q = open(fake, { limits: { perSecond: 5 } });
    for (let i = 0; i < 11; i++) await q.enqueue(`r${i}`, chat(i), { text: `r${i}` });
    await q.start();
    await until(() => fake.sent.length === 11, 'all 11 messages sent');
    const at = fake.sent.map((s) => s.at).sort((x, y) => x - y);
    // 11 messages at 5 per second, evenly spaced: ten gaps of 200 ms
    expect(at.at(-1)! - at[0]!).toBeGreaterThanOrEqual(1900);
  });

  it('keeps the gap between messages to one chat', async () => {
    prefix = uniquePrefix('deliveryChat');
    const fake = new FakeDelivery();
    const q = open(fake, { limits: { chatIntervalMs: () => 200 } });
    for (let i = 0; i < 3; i++) await q.enqueue(`c${i}`, chat(9), { text: `c${i}` });
    await q.start();
    await until(() => fake.sent.length === 3, 'the 3 messages to the chat sent');
    const at = fake.sent.map((s) => s.at);
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(190);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(190);
  });

  it('waits out a 429 retry_after, then sends once', async () => {
    prefix = uniquePrefix('delivery429');
    const fake = new FakeDelivery();
    fake.failWith = (text, n) =>
      text === 'x' && n === 0 ? new DeliveryError('telegram', 429, true, 400) : undefined;
    const q = open(fake);
    await q.start();
    await q.enqueue('x', chat(1), { text: 'x' });
    await until(() => fake.sent.length === 1, 'the message sent after the 429');
    const [first, second] = fake.attempts;
    expect(fake.attempts).toHaveLength(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(390);
  });

  it('after a 429 pause, spaces out the messages whose slots passed instead of sending them at once', async () => {
    prefix = uniquePrefix('delivery429burst');
    const fake = new FakeDelivery();
    fake.failWith = (text, n) =>
      text === 'b5' && n === 0 ? new DeliveryError('telegram', 429, true, 600) : undefined;
    const q = open(fake, { limits: { perSecond: 20, chatIntervalMs: () => 1 } });
    for (let i = 0; i < 40; i++) await q.enqueue(`b${i}`, chat(i), { text: `b${i}` });
    await q.start();
    await until(() => fake.sent.length === 40, 'all 40 messages sent');
    // Every attempt counts against the platform's one-second window, the refused one too.
    const at = fake.attempts.map((a) => a.at).sort((x, y) => x - y);
    const busiest = Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + 1000).length));
    expect(busiest).toBeLessThanOrEqual(21);
    expect(fake.sent.map((s) => s.text).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `b${i}`).sort());
  });

  it('after the process stalls, sends the messages that came due meanwhile at the rate, not at once', async () => {
    prefix = uniquePrefix('deliveryStall');
    const fake = new FakeDelivery();
    const q = open(fake, { limits: { perSecond: 20, chatIntervalMs: () => 1 } });
    for (let i = 0; i < 40; i++) await q.enqueue(`s${i}`, chat(i), { text: `s${i}` });
    await q.start();
    await until(() => fake.sent.length >= 10, 'the first 10 messages sent');
    // A long garbage collection, or a busy CPU: nothing runs for half a second.
    const stallUntil = Date.now() + 500;
    while (Date.now() < stallUntil) {}
    await until(() => fake.sent.length === 40, 'all 40 messages sent');
    const at = fake.attempts.map((a) => a.at).sort((x, y) => x - y);
    const busiest = Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + 1000).length));
    // The fake notes when each send reached it, which on a loaded machine can lag its slot by tens
    // of milliseconds: one send of the next second may show up in this one. Sent all at once after
    // the stall, as the test guards against, the busiest second would hold all 30 that were due.
    expect(busiest).toBeLessThanOrEqual(21);
  });

  it('drops a permanent failure without retrying', async () => {
    prefix = uniquePrefix('deliveryPermanent');
    const fake = new FakeDelivery();
    fake.failWith = (text) =>
      text === 'blocked' ? new DeliveryError('telegram', 403, false, undefined, true) : undefined;
    const gone: [string, string][] = [];
    const q = open(fake, { onGone: (id, address) => gone.push([id, address.conversationId]) });
    await q.start();
    await q.enqueue('blocked', chat(1), { text: 'blocked' });
    await q.enqueue('fine', chat(2), { text: 'fine' });
    await until(() => fake.sent.length === 1, 'the message that did not fail');
    await until(async () => (await q.counts()).active === 0, 'no job running');
    expect(fake.attempts.filter((a) => a.text === 'blocked')).toHaveLength(1);
    // The patient the message was for can be marked unreachable.
    expect(gone).toEqual([['blocked', '1']]);
  });
});

describe('an instance that dies while sending', () => {
  it('leaves its message to another instance, which sends it within a few lock periods, once', async () => {
    prefix = uniquePrefix('deliveryCrash');
    const timing = { lockDuration: 1_000, stalledInterval: 500 };
    // The first instance takes the message and never finishes it: its process is gone.
    const stuck = new FakeDelivery();
    let taken = false;
    stuck.send = async () => {
      taken = true;
      return new Promise(() => undefined);
    };
    const dead = open(stuck, { timing });
    await dead.start();
    await dead.enqueue('alert-1', chat(-100), { text: 'urgent alert' });
    await until(() => taken, 'the first instance to take the message');
    // A crash: the worker stops taking jobs and never renews its lock again.
    const worker = (dead as unknown as { worker: { close(force: boolean): Promise<void> } }).worker;
    await worker.close(true);
    const fake = new FakeDelivery();
    const alive = open(fake, { timing });
    await alive.start();
    const started = Date.now();
    await until(() => fake.sent.length === 1, 'the second instance to send the message', 15_000);
    // Lock (1 s) plus a stalled check (0.5 s), with room for a busy machine; BullMQ's defaults
    // took up to a minute.
    expect(Date.now() - started).toBeLessThan(8_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(fake.sent.map((s) => s.text)).toEqual(['urgent alert']);
  }, 20_000);
});

import { describe, expect, it } from 'vitest';
import { ManualClock, systemClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { BullmqDeliveryQueue } from '../../src/delivery/bullmqDeliveryQueue.js';
import { createDeliveryQueue } from '../../src/delivery/createDeliveryQueue.js';
import { InProcessDeliveryQueue } from '../../src/delivery/inProcessDeliveryQueue.js';
import { DeliveryError } from '../../src/engine/deliveryError.js';
import { until } from '../support/until.js';
import { chat, FakeDelivery } from './fakeDelivery.js';

function setup() {
  const clock = new ManualClock();
  const fake = new FakeDelivery(() => clock.now());
  const queue = new InProcessDeliveryQueue(fake, clock, { timer: false });
  return { clock, fake, queue };
}

describe('in-process delivery queue', () => {
  it('sends each message once, in order, however often it is queued', async () => {
    const { fake, queue } = setup();
    await queue.enqueue('a', chat(1), { text: 'a' });
    await queue.enqueue('b', chat(2), { text: 'b' });
    await queue.enqueue('a', chat(1), { text: 'a' });
    expect(await queue.pump()).toBe(2);
    await queue.enqueue('a', chat(1), { text: 'a' });
    await queue.pump();
    expect(fake.sent.map((s) => s.text)).toEqual(['a', 'b']);
  });

  it('stays at 29 messages a second over all chats (below Telegram’s 30)', async () => {
    const { clock, fake, queue } = setup();
    for (let i = 0; i < 60; i++) await queue.enqueue(`m${i}`, chat(i), { text: `m${i}` });
    expect(await queue.pump()).toBe(29);
    clock.advance(999);
    expect(await queue.pump()).toBe(0);
    clock.advance(1);
    expect(await queue.pump()).toBe(29);
    clock.advance(1000);
    expect(await queue.pump()).toBe(2);
    expect(new Set(fake.sent.map((s) => s.text)).size).toBe(60);
  });

  it('keeps one second between messages to one chat and three seconds in a group, in order', async () => {
    const { clock, fake, queue } = setup();
    for (const n of [1, 2, 3]) await queue.enqueue(`p${n}`, chat(7), { text: `p${n}` });
    for (const n of [1, 2]) await queue.enqueue(`g${n}`, chat(-100), { text: `g${n}` });
    await queue.pump();
    expect(fake.sent.map((s) => s.text)).toEqual(['p1', 'g1']);
    clock.advance(1000);
    await queue.pump();
    expect(fake.sent.map((s) => s.text)).toEqual(['p1', 'g1', 'p2']);
    clock.advance(2000);
    await queue.pump();
    expect(fake.sent.map((s) => s.text)).toEqual(['p1', 'g1', 'p2', 'p3', 'g2']);
  });

  it('a message sent outside the queue (an urgent alert) takes the chat’s gap and a place in the second', async () => {
    const { clock, fake, queue } = setup();
    await queue.sendingNow(chat(-100));
    await queue.enqueue('g', chat(-100), { text: 'g' });
    await queue.enqueue('p', chat(7), { text: 'p' });
    expect(await queue.pump()).toBe(1); // the other chat is free
    expect(fake.sent.map((s) => s.text)).toEqual(['p']);
    clock.advance(2999);
    expect(await queue.pump()).toBe(0);
    clock.advance(1);
    expect(await queue.pump()).toBe(1);
  });

  it('counts messages sent outside the queue in its one-second window', async () => {
    const { clock, queue } = setup();
    for (let i = 0; i < 10; i++) await queue.sendingNow(chat(1000 + i));
    for (let i = 0; i < 30; i++) await queue.enqueue(`m${i}`, chat(i), { text: `m${i}` });
    expect(await queue.pump()).toBe(19);
    clock.advance(1000);
    expect(await queue.pump()).toBe(11);
  });

  it('waits as long as a 429 asked, then sends once', async () => {
    const { clock, fake, queue } = setup();
    fake.failWith = (text, n) =>
      text === 'x' && n === 0 ? new DeliveryError('telegram', 429, true, 5000) : undefined;
    await queue.enqueue('x', chat(1), { text: 'x' });
    await queue.enqueue('y', chat(2), { text: 'y' });
    await queue.pump();
    expect(fake.sent.map((s) => s.text)).toEqual(['y']);
    clock.advance(4999);
    expect(await queue.pump()).toBe(0);
    clock.advance(1);
    await queue.pump();
    expect(fake.sent.map((s) => s.text)).toEqual(['y', 'x']);
  });

  it('understands channel errors: retries a temporary failure, drops a permanent one', async () => {
    const { clock, fake, queue } = setup();
    fake.failWith = (text, n) => {
      if (text === 'blocked') return Object.assign(new Error('403'), { retryable: false });
      if (text === 'flaky' && n === 0) return Object.assign(new Error('502'), { retryable: true });
      if (text === 'slow' && n === 0)
        return Object.assign(new Error('429'), { retryable: true, retryAfter: 3 });
      return undefined;
    };
    for (const t of ['blocked', 'flaky', 'slow']) await queue.enqueue(t, chat(t), { text: t });
    await queue.pump();
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      await queue.pump();
    }
    expect(fake.attempts.filter((a) => a.text === 'blocked')).toHaveLength(1);
    expect(fake.sent.map((s) => s.text).sort()).toEqual(['flaky', 'slow']);
    expect(queue.size).toBe(0);
  });

  it('tells who is listening of a message refused because its recipient is gone, and of nothing else', async () => {
    const clock = new ManualClock();
    const fake = new FakeDelivery(() => clock.now());
    const gone: [string, string][] = [];
    const queue = new InProcessDeliveryQueue(fake, clock, {
      timer: false,
      onGone: (id, address) => gone.push([id, address.conversationId]),
    });
    fake.failWith = (text) => {
      if (text === 'blocked') return new DeliveryError('telegram', 403, false, undefined, true);
      if (text === 'too long') return new DeliveryError('telegram', 400, false);
      return undefined;
    };
    for (const t of ['blocked', 'too long', 'fine']) await queue.enqueue(t, chat(t), { text: t });
    await queue.pump();
    expect(gone).toEqual([['blocked', 'blocked']]);
    expect(fake.sent.map((s) => s.text)).toEqual(['fine']);
  });

  it('runs by itself with its timer', async () => {
    const fake = new FakeDelivery();
    const queue = new InProcessDeliveryQueue(fake, systemClock);
    await queue.start();
    await queue.enqueue('t', chat(1), { text: 't' });
    // No pump() here: only the queue's own timer can send it.
    await until(() => fake.sent.length === 1, 'the message sent by the timer');
    await queue.stop();
    expect(fake.sent).toEqual([expect.objectContaining({ chat: '1', text: 't', ok: true })]);
    expect(fake.attempts).toHaveLength(1);
    expect(queue.size).toBe(0);
  });
});

describe('choosing the delivery queue', () => {
  it('uses the in-process queue without REDIS_URL and BullMQ with it', async () => {
    const fake = new FakeDelivery();
    expect(createDeliveryQueue(loadConfig({}), fake, systemClock)).toBeInstanceOf(InProcessDeliveryQueue);
    const q = createDeliveryQueue(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }), fake, systemClock);
    expect(q).toBeInstanceOf(BullmqDeliveryQueue);
    await q.stop();
  });
});

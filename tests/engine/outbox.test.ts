import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryError } from '../../src/engine/deliveryError.js';
import type { Address } from '../../src/engine/types.js';
import { Harness, onboard } from '../support/patientHarness.js';

let h: Harness;
afterEach(() => h?.close());

/** Makes every send to an address for which `fails` holds (now) answer 502, a temporary failure. */
function failSendsWhile(h: Harness, fails: (address: Address) => boolean) {
  const send = h.channel.send.bind(h.channel);
  h.channel.send = async (address, message) => {
    if (fails(address)) throw new DeliveryError('console', 502, true);
    return send(address, message);
  };
}

/** Makes the next `n` sends fail with `error`. */
function failNextSends(h: Harness, n: number, error: Error) {
  const send = h.channel.send.bind(h.channel);
  let left = n;
  h.channel.send = async (address, message) => {
    if (left-- > 0) throw error;
    return send(address, message);
  };
}

describe('the outbox: committed turns are delivered, once', () => {
  it('a temporary failure keeps the reply and sends it, in order, before the next one', async () => {
    h = await Harness.create();
    const p = h.patient('retry');
    failNextSends(h, 1, new DeliveryError('console', 503, true));
    await expect(p.send({ kind: 'hello' })).rejects.toThrow(DeliveryError);
    expect(p.inbox).toHaveLength(0);
    expect(await h.store.pendingOutbox(p.id)).toHaveLength(1);
    const reply = await p.say('yes');
    expect(reply[0]!.text).toContain(h.t('en', 'onboarding.consent'));
    expect(reply[1]!.text).toContain(h.t('en', 'screening.age'));
    expect(await h.store.pendingOutbox(p.id)).toHaveLength(0);
  });

  it('a permanent failure (blocked bot) is dropped so later turns still work', async () => {
    h = await Harness.create();
    const p = h.patient('blocked');
    failNextSends(h, 1, new DeliveryError('console', 403, false));
    await p.send({ kind: 'hello' });
    expect(await h.store.pendingOutbox(p.id)).toHaveLength(0);
    const reply = await p.say('yes');
    expect(reply).toHaveLength(1);
    expect(reply[0]!.text).toContain(h.t('en', 'screening.age'));
  });

  it("an urgent alert reaches the counsellors while the patient's own reply is still stuck in retries", async () => {
    h = await Harness.create();
    const p = h.patient('stuck-chat');
    await onboard(p);
    // From now on, sends to the patient's chat hang (a platform retrying 5xx for minutes).
    let unblock!: () => void;
    const blocked = new Promise<void>((r) => {
      unblock = r;
    });
    const send = h.channel.send.bind(h.channel);
    h.channel.send = async (address, message) => {
      if (address.conversationId === p.id) await blocked;
      return send(address, message);
    };
    const urgent = () => h.alerts.filter((m) => m.text.includes(p.id) || m.text.includes('🔴'));
    const before = urgent().length;
    const turn = p.say('I want to kill myself');
    for (let i = 0; i < 100 && urgent().length === before; i++) await new Promise((r) => setImmediate(r));
    expect(urgent().length).toBeGreaterThan(before);
    expect((await h.store.listAlerts({ patientId: p.id })).map((a) => a.level)).toContain('urgent');
    unblock();
    await turn;
    expect(p.last.text).toBeTruthy();
    expect(await h.store.pendingOutbox(p.id)).toEqual([]);
  });

  it('recover() sends what a crashed process committed but never sent, exactly once', async () => {
    h = await Harness.create();
    const p = h.patient('crash');
    failNextSends(h, 1, new DeliveryError('console', 503, true));
    await p.send({ kind: 'hello' }).catch(() => undefined);
    expect(await h.app.turnEngine.recover()).toBe(1);
    expect(p.inbox).toHaveLength(1);
    expect(await h.app.turnEngine.recover()).toBe(0);
    expect(p.inbox).toHaveLength(1);
  });

  it("the sweep sends every other patient's waiting messages when one patient's chat keeps failing", async () => {
    h = await Harness.create();
    const stuck = h.patient('stuck-chat');
    const other = h.patient('other-chat');
    let down = true;
    failSendsWhile(h, (address) => down || address.conversationId === stuck.id);
    // Both first turns commit, and their welcomes wait in the outbox; the stuck one was first.
    await stuck.send({ kind: 'hello' }).catch(() => undefined);
    await other.send({ kind: 'hello' }).catch(() => undefined);
    down = false;
    await expect(h.app.turnEngine.recover()).rejects.toThrow(/1 of 2 patients/);
    expect(other.inbox).toHaveLength(1);
    expect(await h.store.pendingOutbox(other.id)).toEqual([]);
    expect(await h.store.pendingOutbox(stuck.id)).not.toEqual([]);
  });

  it('a sweep asked for while one is under way joins it instead of starting another', async () => {
    h = await Harness.create();
    const p = h.patient('joined-sweep');
    let down = true;
    failSendsWhile(h, () => down);
    await p.send({ kind: 'hello' }).catch(() => undefined);
    down = false;
    const list = h.store.patientsWithPendingOutbox.bind(h.store);
    let listed = 0;
    h.store.patientsWithPendingOutbox = () => {
      listed++;
      return list();
    };
    // Two sweeps at once: the store is read once, and the waiting welcome sent once.
    expect(await Promise.all([h.app.turnEngine.recover(), h.app.turnEngine.recover()])).toEqual([1, 1]);
    expect(listed).toBe(1);
    expect(p.inbox).toHaveLength(1);
    // A later sweep is a new one.
    expect(await h.app.turnEngine.recover()).toBe(0);
    expect(listed).toBe(2);
  });
});

describe('proactive messages and the delivery queue', () => {
  it('a check-in (a timer turn) is queued; a reply is sent directly', async () => {
    const queued: string[] = [];
    h = await Harness.create({}, undefined, {
      deliveryQueue: {
        enqueue: async (id) => {
          queued.push(id);
        },
        sendingNow: async () => {},
        start: async () => {},
        stop: async () => {},
      },
    });
    const p = h.patient('queued');
    await p.send({ kind: 'hello' });
    expect(queued).toHaveLength(0);
    expect(p.inbox).toHaveLength(1);
    await p.say('no'); // declined: erased, then onboard properly below
    const q = h.patient('queued-2');
    const { onboard } = await import('../support/patientHarness.js');
    await onboard(q);
    const before = q.inbox.length;
    await h.advance(9 * 3_600_000 + 60_000);
    expect(queued.length).toBeGreaterThan(0);
    expect(queued.every((id) => id.startsWith('queued-2:'))).toBe(true);
    expect(q.inbox.length).toBe(before);
  });
});

describe('an alert that reached no counsellor', () => {
  it('stays in the outbox and is sent when delivery works again, once', async () => {
    h = await Harness.create();
    const p = h.patient('alert-retry');
    let failCounsellors = true;
    failSendsWhile(h, (address) => failCounsellors && address.conversationId === 'counsellors');
    await expect(p.say('I want to kill myself')).rejects.toThrow(DeliveryError);
    expect(p.inbox.map((m) => m.text).join('\n')).toContain('12356');
    expect(h.alerts).toHaveLength(0);
    failCounsellors = false;
    await h.app.turnEngine.recover();
    expect(h.alerts.filter((a) => a.text.includes('🔴'))).toHaveLength(1);
    await h.app.turnEngine.recover();
    expect(h.alerts.filter((a) => a.text.includes('🔴'))).toHaveLength(1);
  });
});

/**
 * When the store cannot be reached, self-harm words still get the crisis lines at once (once per
 * update), in the patient's platform language and the deployment's region; other messages get
 * nothing, and the turn still fails so that the platform delivers it again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { Inbound } from '../../src/engine/types.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import { Harness } from '../support/patientHarness.js';

/** A store that is down while `down` is set. */
class FlakyStore extends MemoryStore {
  down = false;
  override async withPatientLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    return super.withPatientLock(id, fn);
  }
}

let h: Harness;
afterEach(() => h?.close());

async function withStoreDown(env: Record<string, string> = {}) {
  const store = new FlakyStore(new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0)));
  h = await Harness.create(env, store);
  store.down = true;
  return store;
}

const crisisOpening = (locale: 'en' | 'zh-CN') =>
  h.t(locale, 'safety.crisis', { numbers: '' }).split('\n')[0]!;

describe('self-harm words while the store is down', () => {
  it.each([
    ['a text', { kind: 'text', text: 'I want to kill myself' }],
    ['a caption', { kind: 'unsupported', what: 'image', caption: 'I want to kill myself' }],
    ['an edit', { kind: 'edited', text: 'I want to die' }],
    ['a command argument', { kind: 'command', name: 'help', args: 'I want to die' }],
  ] as [string, Inbound][])(
    'in %s: the crisis reply at once, the turn still fails',
    async (_what, message) => {
      await withStoreDown();
      const p = h.patient('outage-en', 'en');
      await expect(p.send(message)).rejects.toThrow(/ECONNREFUSED/);
      expect(p.transcript).toContain(crisisOpening('en'));
    },
  );

  it("in the patient's platform language, with the deployment's region; once per update", async () => {
    await withStoreDown({ DEFAULT_TIMEZONE: 'Asia/Shanghai' });
    const p = h.patient('outage-zh', 'zh-hans');
    const turn = { patientId: p.id, address: p.address, languageCode: 'zh-hans', deliveryId: 'u-1' };
    const message: Inbound = { kind: 'text', text: '我不想活了' };
    await expect(h.app.engine.handle({ ...turn, message })).rejects.toThrow();
    await expect(h.app.engine.handle({ ...turn, message })).rejects.toThrow();
    const replies = h.channel.to(p.address.conversationId).map((m) => m.text);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain(crisisOpening('zh-CN'));
    expect(replies[0]).toContain(h.t('zh-CN', 'safety.numbers.CN'));
  });

  it('other messages get nothing (they are answered when the store is back)', async () => {
    await withStoreDown();
    const p = h.patient('outage-plain');
    await expect(p.say('hello')).rejects.toThrow();
    expect(p.inbox).toEqual([]);
  });
});

/**
 * A store whose lock never answers until the test lets it fail, as Redis does while ioredis retries
 * a connection that is down (2.3–6 s) or waits on one that hangs. `connected` is what the store
 * knows of its connection.
 */
class StalledStore extends MemoryStore {
  connected = true;
  stalled = 0;
  private fail: (() => void)[] = [];
  available(): boolean {
    return this.connected;
  }
  override withPatientLock<T>(): Promise<T> {
    this.stalled++;
    return new Promise<T>((_, reject) => this.fail.push(() => reject(new Error('Connection is closed.'))));
  }
  /** The store gives up, as Redis does after its retries. */
  giveUp(): void {
    for (const f of this.fail.splice(0)) f();
  }
}

/** Resolves once `cond` holds (checked every 5 ms); the test's own timeout bounds it. */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

describe('the crisis reply does not wait for the store', () => {
  it('a store known to be down: the reply goes out before the turn asks for the lock', async () => {
    const store = new StalledStore(new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0)));
    h = await Harness.create({}, store);
    store.connected = false;
    const p = h.patient('stalled-down', 'en');
    const turn = p.say('I want to kill myself');
    turn.catch(() => undefined);
    await until(() => p.transcript.includes(crisisOpening('en')));
    // The store has not answered yet: the reply did not wait for it.
    expect(store.stalled).toBe(1);
    store.giveUp();
    await expect(turn).rejects.toThrow();
    expect(p.inbox).toHaveLength(1); // once, not again when the turn failed
  });

  it('a store that hangs: the reply goes out when the turn has not committed in time', async () => {
    const store = new StalledStore(new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0)));
    h = await Harness.create({}, store, { crisisWaitMs: 0 });
    const p = h.patient('stalled-hanging', 'en');
    const turn = p.say('I want to die');
    turn.catch(() => undefined);
    await until(() => p.transcript.includes(crisisOpening('en')));
    store.giveUp();
    await expect(turn).rejects.toThrow();
    expect(p.inbox).toHaveLength(1);
  });

  it('other messages never get it, however long the store takes', async () => {
    const store = new StalledStore(new ManualClock(Date.UTC(2026, 2, 2, 4, 0, 0)));
    h = await Harness.create({}, store, { crisisWaitMs: 0 });
    store.connected = false;
    const p = h.patient('stalled-plain', 'en');
    const turn = p.say('hello there');
    turn.catch(() => undefined);
    await until(() => store.stalled === 1);
    // Past the zero-length wait a crisis message would have had.
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setImmediate(r));
    store.giveUp();
    await expect(turn).rejects.toThrow();
    expect(p.inbox).toEqual([]);
  });
});

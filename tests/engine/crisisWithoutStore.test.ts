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

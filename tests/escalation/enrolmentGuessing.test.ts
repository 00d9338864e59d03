/**
 * Guessing the enrolment code: limits per person and chat and across the deployment (memory store
 * and Redis, as several instances share it), the counsellors told once, and the right code never
 * locked out by someone else's wrong tries. Windows end by the injected clock (memory store); on
 * Redis they are real TTLs, so only the counting is checked there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import type { Address } from '../../src/engine/types.js';
import { ENROL_LIMITS, EnrolmentGuard, sameCode } from '../../src/escalation/enrolmentGuard.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import type { Store } from '../../src/store/store.js';
import { adminConnection, deleteUnder, openStore, uniquePrefix } from '../store/redisTestKit.js';
import { CONFIG_GROUP, ENROL_CODE, type Harness, harness, texts } from './harness.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const STORES: Record<string, (clock: ManualClock) => Store> = {
  memory: (clock) => new MemoryStore(clock),
  redis: (clock) => {
    const prefix = uniquePrefix('enrolGuessing');
    const store = openStore(prefix, clock);
    cleanups.push(async () => {
      const admin = adminConnection();
      await deleteUnder(admin, prefix);
      await admin.quit();
      await store.close();
    });
    return store;
  },
};

const group = (n: number): Address => ({ channel: 'telegram', conversationId: String(-100700 - n) });
const person = (n: number) => ({ id: String(50_000 + n), name: `Person ${n}` });
const enrol = (h: Harness, where: Address, who: { id: string; name: string }, code: string) =>
  h.counsellor(where, { kind: 'command', name: 'counsellor', args: code }, who);
const last = (h: Harness, to: Address) => texts(h, to).at(-1) ?? '';
const t = (h: Harness, key: string, params: Record<string, number> = {}) => h.i18n.t('zh-CN', key, params);

describe.each(Object.keys(STORES))('enrolment code guessing (%s store)', (kind) => {
  const start = () => harness({}, { store: STORES[kind] });

  it('a chat that fumbled once still enrols with the right code', async () => {
    const h = await start();
    await enrol(h, group(1), person(1), 'not-the-code-1');
    await enrol(h, group(1), person(1), ENROL_CODE);
    expect(await h.escalation.desk.isCounsellorChat(group(1))).toBe(true);
  });

  it('three wrong codes silence that person in that chat, not another member of the group', async () => {
    const h = await start();
    for (let i = 0; i < 3; i++) await enrol(h, group(2), person(2), `wrong-code-${i}-xx`);
    await enrol(h, group(2), person(2), ENROL_CODE);
    expect(last(h, group(2))).toBe(t(h, 'alerts.desk.enrolWait', { minutes: 10 }));
    expect(await h.escalation.desk.isCounsellorChat(group(2))).toBe(false);
    // Someone else's wrong tries never lock the right code out.
    await enrol(h, group(2), person(3), ENROL_CODE);
    expect(await h.escalation.desk.isCounsellorChat(group(2))).toBe(true);
  });

  it('ten wrong codes across chats lock enrolment down: counsellors told once, guessers refused, a newcomer with the right code heard', async () => {
    const h = await start();
    const before = texts(h, CONFIG_GROUP).length;
    for (let n = 10; n < 20; n++) await enrol(h, group(n), person(n), `guess-${n}-abcdefgh`);
    const told = texts(h, CONFIG_GROUP).slice(before);
    expect(told).toEqual([t(h, 'alerts.desk.enrolUnderAttack', { count: 10, minutes: 10, lockdown: 30 })]);
    // A guesser is not heard during the lockdown, even with the right code (they gave a wrong one).
    await enrol(h, group(10), person(10), ENROL_CODE);
    expect(last(h, group(10))).toBe(t(h, 'alerts.desk.enrolLocked', { minutes: 30 }));
    expect(await h.escalation.desk.isCounsellorChat(group(10))).toBe(false);
    // A new guesser gets one wrong answer, then silence; no second message to the counsellors.
    await enrol(h, group(30), person(30), 'guess-30-abcdefgh');
    expect(last(h, group(30))).toBe(t(h, 'alerts.desk.enrolWrong'));
    await enrol(h, group(30), person(30), 'guess-31-abcdefgh');
    expect(last(h, group(30))).toBe(t(h, 'alerts.desk.enrolLocked', { minutes: 30 }));
    expect(texts(h, CONFIG_GROUP).slice(before)).toHaveLength(1);
    // A counsellor who has not guessed is heard: the right code enrols their chat.
    await enrol(h, group(40), person(40), ENROL_CODE);
    expect(await h.escalation.desk.isCounsellorChat(group(40))).toBe(true);
    const audit = await h.store.listAudit();
    expect(
      audit.some((e) => e.actor === 'system' && e.detail?.startsWith('enrolment locked for 30 minutes')),
    ).toBe(true);
  });
});

describe('enrolment limits over time (memory store, injected clock)', () => {
  it('a silenced person is heard again after ten minutes, a guesser after the thirty-minute lockdown', async () => {
    const h = await harness();
    for (let i = 0; i < 3; i++) await enrol(h, group(2), person(2), `wrong-code-${i}-xx`);
    h.clock.advance(ENROL_LIMITS.windowSeconds * 1000);
    await enrol(h, group(2), person(2), ENROL_CODE);
    expect(await h.escalation.desk.isCounsellorChat(group(2))).toBe(true);

    for (let n = 10; n < 20; n++) await enrol(h, group(n), person(n), `guess-${n}-abcdefgh`);
    h.clock.advance(ENROL_LIMITS.lockdownSeconds * 1000 - 1);
    await enrol(h, group(10), person(10), ENROL_CODE);
    expect(await h.escalation.desk.isCounsellorChat(group(10))).toBe(false);
    h.clock.advance(1);
    await enrol(h, group(10), person(10), ENROL_CODE);
    expect(await h.escalation.desk.isCounsellorChat(group(10))).toBe(true);
  });

  it('counts per code: a new code starts afresh', async () => {
    const store = new MemoryStore(new ManualClock());
    const old = new EnrolmentGuard(store, 'the-old-code-123');
    for (let i = 0; i < 3; i++) await old.wrong('telegram:-1:1');
    expect(await old.verdict('telegram:-1:1')).toBe('wait');
    expect(await new EnrolmentGuard(store, 'the-new-code-456').verdict('telegram:-1:1')).toBe('ok');
  });
});

describe('comparing codes', () => {
  it('is by digest, so codes of any length compare in the same time', () => {
    expect(sameCode(ENROL_CODE, ENROL_CODE)).toBe(true);
    expect(sameCode('x', ENROL_CODE)).toBe(false);
    expect(sameCode(`${ENROL_CODE}x`, ENROL_CODE)).toBe(false);
    expect(sameCode('', ENROL_CODE)).toBe(false);
  });
});

/**
 * The escalation service on the Redis store (real Redis on 127.0.0.1:6379, own key prefix,
 * cleaned up): alerts, re-alerts, acknowledgement, the digest, enrolment and the audit survive
 * the store's serialisation and validation.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { BullmqScheduler } from '../../src/scheduling/bullmqScheduler.js';
import { createRedisConnection } from '../../src/store/redisConnection.js';
import type { RedisStore } from '../../src/store/redisStore.js';
import { adminConnection, deleteUnder, openStore, REDIS_URL, uniquePrefix } from '../store/redisTestKit.js';
import { CONFIG_GROUP, harness, isAlertFor, TEAMS_CHANNEL } from './harness.js';

const prefix = uniquePrefix('escalation');
const admin = adminConnection();
const opened: RedisStore[] = [];

afterAll(async () => {
  for (const s of opened) await s.close();
  await deleteUnder(admin, prefix);
  await admin.quit();
});

const PATIENT = { patientId: 'telegram:777', code: 'P-7F3K' };
const MIN = 60_000;

async function redisHarness(withBullmq = false) {
  const p = `${prefix}${opened.length}:`;
  return harness(
    {},
    {
      store: (clock) => {
        const s = openStore(p, clock);
        opened.push(s);
        return s;
      },
      ...(withBullmq
        ? {
            scheduler: (clock) =>
              new BullmqScheduler(createRedisConnection(REDIS_URL, 'bullmq'), clock, {
                prefix: p,
                ownsConnection: true,
              }),
          }
        : {}),
    },
  );
}

describe('escalation on the Redis store', () => {
  it('raises, re-alerts, acknowledges and edits every copy', async () => {
    const h = await redisHarness();
    await h.addPatient(PATIENT);
    await h.enrolTeams();
    await h.escalation.sink.raise(h.draft(PATIENT, 'selfHarm', 'urgent'));
    await h.advance(15 * MIN);
    const alerts = () => h.delivery.sent.filter((s) => isAlertFor(s.message, PATIENT.code));
    expect(alerts()).toHaveLength(4);
    const [alert] = await h.store.listAlerts({ open: true });
    expect(alert!.sentTo.find((r) => r.address.channel === 'teams')!.address.reference).toEqual(
      TEAMS_CHANNEL.reference,
    );

    await h.counsellor(CONFIG_GROUP, { kind: 'choice', askId: 'ack', value: alert!.id });
    await h.advance(60 * MIN);
    expect(alerts()).toHaveLength(4);
    expect(await h.store.listAlerts({ open: true })).toEqual([]);
    for (const ref of alert!.sentTo) expect(h.delivery.current(ref).text).toMatch(/✅ 李医生 \d\d:\d\d/);
    expect((await h.store.listAudit()).map((a) => a.kind)).toEqual(['enrol', 'alert', 'ack']);
  });

  it('with the BullMQ scheduler, an urgent alert re-alerts every 15 minutes until acknowledged', async () => {
    const h = await redisHarness(true);
    try {
      await h.addPatient(PATIENT);
      await h.escalation.sink.raise(h.draft(PATIENT, 'selfHarm', 'urgent'));
      const copies = () => h.delivery.sent.filter((s) => isAlertFor(s.message, PATIENT.code)).length;
      expect(copies()).toBe(1);
      for (let i = 1; i <= 4; i++) {
        await h.advance(15 * MIN);
        // Each re-alert is scheduled by the re-alert job before it: it must not collide with it.
        expect(copies()).toBe(1 + i);
      }
      const [alert] = await h.store.listAlerts({ open: true });
      await h.counsellor(CONFIG_GROUP, { kind: 'choice', askId: 'ack', value: alert!.id });
      await h.advance(60 * MIN);
      expect(copies()).toBe(5);
    } finally {
      await h.scheduler.stop();
    }
  });

  it('sends the digest once and enrolment persists', async () => {
    const h = await redisHarness();
    await h.addPatient(PATIENT);
    await h.escalation.sink.raise(h.draft(PATIENT, 'phq9High', 'routine'));
    await h.escalation.alerts.sendDigest();
    await h.escalation.alerts.sendDigest();
    expect(h.delivery.to(CONFIG_GROUP).filter((s) => s.message.text.startsWith('🟡'))).toHaveLength(1);
    await h.enrolTeams();
    expect(await h.escalation.desk.isCounsellorChat(TEAMS_CHANNEL)).toBe(true);
    expect(await h.escalation.desk.isCounsellorChat({ channel: 'teams', conversationId: 'other' })).toBe(
      false,
    );
  });
});

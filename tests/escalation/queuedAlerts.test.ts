/**
 * With `REDIS_URL`, alerts and relays are not replies: they go through the rate-limited delivery
 * queue (BullMQ). Acknowledging still edits every copy, because each queued copy reports its
 * message id back.
 */
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { COUNSELLORS, Harness, onboard } from '../support/patientHarness.js';
import { until } from '../support/until.js';

const PREFIX = `dongyu-test:queued-alerts-${process.pid}:`;
let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

afterAll(async () => {
  const redis = new Redis(6379, '127.0.0.1');
  const keys = await redis.keys(`${PREFIX}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

describe('alerts and relays through the delivery queue', () => {
  it('an urgent alert is queued, delivered once, and its copy is edited on acknowledgement', async () => {
    h = await Harness.create({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: PREFIX });
    const p = h.patient('queued-alert');
    await p.say('I want to kill myself');
    await until(() => h!.alerts.some((a) => a.text.includes('🔴')), 'the queued alert', 10_000);
    const [alert] = await h.store.listAlerts({ patientId: p.id });
    await until(
      async () => ((await h!.store.getAlert(alert!.id))?.sentTo.length ?? 0) > 0,
      'the copy’s ref',
      10_000,
    );
    await h.app.desk.handle({
      address: COUNSELLORS,
      actor: { id: 'c1', name: 'Dr Li' },
      message: { kind: 'command', name: 'ack', args: alert!.id },
    });
    expect(h.channel.edits.some((e) => e.message.text.includes('Dr Li'))).toBe(true);
    expect(h.alerts.filter((a) => a.text.includes('🔴'))).toHaveLength(1);
  }, 30_000);

  it('a relay reaches the patient through the queue', async () => {
    h = await Harness.create({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: `${PREFIX}relay:` });
    const p = h.patient('queued-relay');
    await onboard(p);
    const loaded = await h.store.loadPatient(p.id);
    if (loaded.status !== 'ok') throw new Error('expected a patient');
    const before = p.inbox.length;
    await h.app.desk.handle({
      address: COUNSELLORS,
      actor: { id: 'c1', name: 'Dr Li' },
      message: { kind: 'command', name: 'reply', args: `${loaded.doc.code} see you tomorrow` },
    });
    await until(() => p.inbox.length > before, 'the relay', 10_000);
    expect(p.last.text).toContain('see you tomorrow');
  }, 30_000);
});

/**
 * Caseloads (issue 23, docs/counsellors.md#caseloads), driven as counsellors would: `/assign` in a
 * chat makes it the patient's owner; their alerts go there first (an urgent one to every chat
 * once it has waited a re-alert interval), their routine alerts to its digest; `/patients` lists
 * the caseload first, `/patient` names the owner; only the owner exports; a chat that is removed
 * leaves its patients with no owner. On the memory store and on Redis.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import type { Address } from '../../src/engine/types.js';
import type { RedisStore } from '../../src/store/redisStore.js';
import type { Store } from '../../src/store/store.js';
import { adminConnection, deleteUnder, openStore, uniquePrefix } from '../store/redisTestKit.js';
import {
  CONFIG_GROUP,
  ENROL_CODE,
  type Harness,
  harness,
  isAlertFor,
  TEAMS_CHANNEL,
  texts,
} from './harness.js';

const PATIENT = { patientId: 'telegram:777', code: 'P-7F3K' };
const OTHER = { patientId: 'telegram:888', code: 'P-8G4L' };
const ENROLLED: Address = { channel: 'telegram', conversationId: '-100222' };
const MINUTE = 60_000;
const admin = adminConnection();
const prefix = uniquePrefix('caseloadRouting');
const opened: RedisStore[] = [];

// One scan of the shared Redis for the whole file: it may hold millions of other keys.
afterAll(async () => {
  for (const store of opened) await store.close();
  await deleteUnder(admin, prefix);
  await admin.quit();
}, 120_000);

const stores = {
  memory: undefined,
  redis: (clock: ManualClock): Store => {
    const store = openStore(`${prefix}${opened.length}:`, clock);
    opened.push(store);
    return store;
  },
};

async function setup(store: (typeof stores)[keyof typeof stores]): Promise<Harness> {
  const h = await harness({ DEFAULT_LOCALE: 'en' }, store ? { store } : {});
  await h.addPatient(PATIENT);
  await h.addPatient(OTHER);
  await h.enrolTeams();
  await h.counsellor(ENROLLED, { kind: 'command', name: 'counsellor', args: `${ENROL_CODE} en` });
  await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'assign', args: 'p-7f3k' });
  h.delivery.sent.length = 0;
  return h;
}

const alertsTo = (h: Harness, to: Address, code = PATIENT.code) =>
  h.delivery.to(to).filter((s) => isAlertFor(s.message, code));

describe.each(Object.keys(stores) as (keyof typeof stores)[])('caseloads (%s store)', (name) => {
  it('sends an assigned patient’s urgent alert to their chat, and to every chat when unacknowledged', async () => {
    const h = await setup(stores[name]);
    await h.escalation.sink.raise(h.draft(PATIENT, 'alerts.reason.selfHarm', 'urgent'));
    expect(alertsTo(h, CONFIG_GROUP)).toHaveLength(1);
    expect(alertsTo(h, TEAMS_CHANNEL)).toEqual([]);
    expect(alertsTo(h, ENROLLED)).toEqual([]);
    await h.advance(Number(h.config.URGENT_REALERT_MINUTES) * MINUTE);
    expect(alertsTo(h, CONFIG_GROUP)).toHaveLength(2);
    expect(alertsTo(h, TEAMS_CHANNEL)).toHaveLength(1);
    expect(alertsTo(h, ENROLLED)).toHaveLength(1);
    // Acknowledged from anywhere, every copy names who took it.
    const [alert] = await h.store.listAlerts({ patientId: PATIENT.patientId });
    await h.counsellor(
      TEAMS_CHANNEL,
      { kind: 'command', name: 'ack', args: alert!.id },
      { id: '29:ann', name: 'Ann Lee' },
    );
    const copies = (await h.store.getAlert(alert!.id))!.sentTo;
    expect(copies).toHaveLength(4);
    for (const ref of copies) expect(h.delivery.current(ref).text).toContain('Ann Lee');
  });

  it('keeps a high alert, and its re-alert, with the owning chat', async () => {
    const h = await setup(stores[name]);
    await h.escalation.sink.raise(h.draft(PATIENT, 'alerts.reason.lapse', 'high'));
    await h.advance(Number(h.config.HIGH_REALERT_MINUTES) * MINUTE);
    expect(alertsTo(h, CONFIG_GROUP)).toHaveLength(2);
    expect(alertsTo(h, TEAMS_CHANNEL)).toEqual([]);
    // A patient in no caseload: every chat, as before.
    await h.escalation.sink.raise(h.draft(OTHER, 'alerts.reason.lapse', 'high'));
    for (const chat of [CONFIG_GROUP, TEAMS_CHANNEL, ENROLLED])
      expect(alertsTo(h, chat, OTHER.code)).toHaveLength(1);
  });

  it('puts an assigned patient’s routine alert in their chat’s digest only', async () => {
    const h = await setup(stores[name]);
    await h.escalation.sink.raise(h.draft(PATIENT, 'alerts.reason.missedCheckins', 'routine'));
    await h.escalation.sink.raise(h.draft(OTHER, 'alerts.reason.phq9High', 'routine'));
    await h.escalation.alerts.sendDigest();
    const digest = (to: Address) => texts(h, to).join('\n');
    expect(digest(CONFIG_GROUP)).toContain(PATIENT.code);
    expect(digest(CONFIG_GROUP)).toContain(OTHER.code);
    expect(digest(TEAMS_CHANNEL)).not.toContain(PATIENT.code);
    expect(digest(TEAMS_CHANNEL)).toContain(OTHER.code);
  });

  it('lists the caseload first, names the owner, and lets only the owner take a patient off or export', async () => {
    const h = await setup(stores[name]);
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'patients', args: '' });
    const list = texts(h, CONFIG_GROUP).at(-1)!.split('\n');
    expect(list[0]).toBe(h.i18n.t('en', 'alerts.patients.caseloadHeader', { count: 1 }));
    expect(list[1]).toContain(PATIENT.code);
    expect(list.slice(2).join('\n')).toContain(h.i18n.t('en', 'alerts.patients.othersHeader', { count: 1 }));
    await h.counsellor(TEAMS_CHANNEL, { kind: 'command', name: 'patients', args: '' });
    expect(texts(h, TEAMS_CHANNEL).at(-1)!.split('\n')[0]).toBe(
      h.i18n.t('en', 'alerts.patients.header', { count: 2 }),
    );

    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'patient', args: PATIENT.code });
    expect(texts(h, CONFIG_GROUP).at(-1)).toContain(
      h.i18n.t('en', 'alerts.caseload.owner', { chat: 'this chat' }),
    );
    await h.counsellor(TEAMS_CHANNEL, { kind: 'command', name: 'patient', args: PATIENT.code });
    expect(texts(h, TEAMS_CHANNEL).at(-1)).toMatch(/Caseload: telegram#[\w-]{16}/);

    await h.counsellor(TEAMS_CHANNEL, { kind: 'command', name: 'unassign', args: PATIENT.code });
    expect(texts(h, TEAMS_CHANNEL).at(-1)).toMatch(/^P-7F3K is in the caseload of telegram#/);
    await h.counsellor(TEAMS_CHANNEL, { kind: 'command', name: 'export', args: PATIENT.code });
    expect(texts(h, TEAMS_CHANNEL).at(-1)).toBe(
      h.i18n.t('en', 'alerts.caseload.exportNotYours', { code: PATIENT.code }),
    );
    expect(await h.store.ownerOf(PATIENT.patientId)).toBe('telegram:-100111');

    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'unassign', args: PATIENT.code });
    expect(texts(h, CONFIG_GROUP).at(-1)).toBe(
      h.i18n.t('en', 'alerts.caseload.unassigned', { code: PATIENT.code }),
    );
    expect(await h.store.ownerOf(PATIENT.patientId)).toBeNull();
  });

  it('lets another chat take a patient over, audited without identities', async () => {
    const h = await setup(stores[name]);
    await h.counsellor(ENROLLED, { kind: 'command', name: 'assign', args: PATIENT.code });
    expect(texts(h, ENROLLED).at(-1)).toMatch(/taken over from telegram#/);
    expect(await h.store.ownerOf(PATIENT.patientId)).toBe('telegram:-100222');
    const entries = (await h.store.listAudit()).filter((e) => e.kind === 'assign');
    expect(entries).toHaveLength(2);
    expect(entries[1]!.detail).toMatch(/^to telegram#[\w-]{16} from telegram#[\w-]{16}$/);
    expect(JSON.stringify(entries)).not.toMatch(/-100|李医生|501/);
  });

  it('leaves a removed chat’s patients with no owner, so their alerts reach every chat', async () => {
    const h = await setup(stores[name]);
    await h.counsellor(ENROLLED, { kind: 'command', name: 'assign', args: OTHER.code });
    await h.escalation.desk.removedFrom(ENROLLED);
    expect(await h.store.ownerOf(OTHER.patientId)).toBeNull();
    await h.escalation.sink.raise(h.draft(OTHER, 'alerts.reason.lapse', 'high'));
    expect(alertsTo(h, CONFIG_GROUP, OTHER.code)).toHaveLength(1);
    expect(alertsTo(h, TEAMS_CHANNEL, OTHER.code)).toHaveLength(1);
  });
});

describe('the intake rotation', () => {
  it('gives new patients to the chats that take intake, in turn', async () => {
    const h = await setup(undefined);
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'intake', args: 'on' });
    expect(texts(h, CONFIG_GROUP).at(-1)).toBe(h.i18n.t('en', 'alerts.caseload.intakeOn'));
    await h.counsellor(TEAMS_CHANNEL, { kind: 'command', name: 'intake', args: 'on' });
    const owners: (string | null)[] = [];
    for (const n of [1, 2, 3]) {
      const id = `telegram:90${n}`;
      await h.addPatient({ patientId: id, code: `P-NEW${n}` });
      await h.escalation.alerts.caseloads.intake(id, `P-NEW${n}`);
      owners.push(await h.store.ownerOf(id));
    }
    expect(owners[0]).not.toBe(owners[1]);
    expect(owners[2]).toBe(owners[0]);
    expect(new Set(owners)).toEqual(new Set(['telegram:-100111', `teams:${TEAMS_CHANNEL.conversationId}`]));
    await h.counsellor(TEAMS_CHANNEL, { kind: 'command', name: 'intake', args: 'off' });
    await h.addPatient({ patientId: 'telegram:904', code: 'P-NEW4' });
    await h.escalation.alerts.caseloads.intake('telegram:904', 'P-NEW4');
    expect(await h.store.ownerOf('telegram:904')).toBe('telegram:-100111');
  });
});

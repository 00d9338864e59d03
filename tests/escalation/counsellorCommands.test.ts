import { describe, expect, it } from 'vitest';
import type { Address } from '../../src/engine/types.js';
import { auditChat } from '../../src/escalation/auditRefs.js';
import type { ProgressPort } from '../../src/escalation/context.js';
import { isCounsellorCommand, parseCounsellorMessage } from '../../src/escalation/counsellorDesk.js';
import {
  CONFIG_GROUP,
  ENROL_CODE,
  type Harness,
  harness,
  isAlertFor,
  TEAMS_CHANNEL,
  texts,
} from './harness.js';

const TG_PATIENT = { patientId: 'telegram:777', code: 'P-7F3K' };
const STRANGER = { channel: 'telegram' as const, conversationId: '4242' };
const MALLORY = { id: '4242', name: 'Mallory' };
const HOUR = 3_600_000;

const last = (h: Harness, to = CONFIG_GROUP) => texts(h, to).at(-1) ?? '';

describe('counsellor commands are accepted only from counsellor chats', () => {
  it.each([
    ['patients', ''],
    ['patient', 'P-7F3K'],
    ['reply', 'P-7F3K hello'],
    ['clear', 'P-7F3K'],
    ['ack', 'abcd1234'],
  ])('/%s from anyone else: "not authorised", and the attempt audited', async (name, args) => {
    const h = await harness();
    await h.addPatient(TG_PATIENT);
    await h.counsellor(STRANGER, { kind: 'command', name, args }, MALLORY);
    expect(last(h, STRANGER)).toContain('没有使用咨询师命令的权限');
    expect((await h.store.listAudit()).at(-1)).toMatchObject({
      kind: 'refused',
      actor: 'unregistered',
      detail: `/${name} from unregistered ${auditChat(STRANGER)}`,
    });
    // No name, no platform id: the audit holds no identities.
    expect(JSON.stringify(await h.store.listAudit())).not.toMatch(/Mallory|4242/);
    expect(h.engine.turns).toEqual([]);
    expect(h.delivery.sent.filter((s) => s.address.conversationId === '777')).toEqual([]);
  });

  it('tells a chat how enrolment is typed there: a command in Telegram, a mention in Teams', async () => {
    const h = await harness();
    await h.counsellor(STRANGER, { kind: 'command', name: 'patients', args: '' }, MALLORY);
    expect(last(h, STRANGER)).toContain('/counsellor 加登记码');
    await h.counsellor(TEAMS_CHANNEL, { kind: 'command', name: 'patients', args: '' }, MALLORY);
    expect(last(h, TEAMS_CHANNEL)).toContain('@Dongyu counsellor 加登记码');
    await h.counsellor(TEAMS_CHANNEL, { kind: 'command', name: 'counsellor', args: '' }, MALLORY);
    expect(last(h, TEAMS_CHANNEL)).toContain('@Dongyu counsellor');
  });

  it('in a private chat, refuses without an enrolment hint (private chats cannot be enrolled)', async () => {
    const h = await harness();
    const privateChat: Address = { channel: 'telegram', conversationId: '4343', userId: '4343' };
    await h.escalation.desk.handle({
      address: privateChat,
      actor: { id: '4343', name: 'Pat' },
      oneToOne: true,
      message: { kind: 'command', name: 'patients', args: '' },
    });
    expect(last(h, privateChat)).toBe(h.i18n.t('zh-CN', 'alerts.desk.notAuthorisedPrivate'));
    expect(last(h, privateChat)).not.toContain('/counsellor');
    // A person's own chat is not even named by a hash: only its platform.
    expect((await h.store.listAudit()).at(-1)).toEqual({
      at: h.clock.now(),
      kind: 'refused',
      actor: 'unregistered',
      detail: '/patients from an unregistered one-to-one telegram chat',
    });
  });

  it('routes counsellor command names (not /help) from any chat to the desk', () => {
    expect(
      ['patients', 'patient', 'reply', 'clear', 'ack', 'counsellor', '/Patients@DongyuBot'].every(
        isCounsellorCommand,
      ),
    ).toBe(true);
    expect(isCounsellorCommand('help')).toBe(false);
    expect(isCounsellorCommand('craving')).toBe(false);
  });
});

describe('enrolment', () => {
  it('unregisters an enrolled chat the bot was removed from (audited); a configured one stays', async () => {
    const h = await harness();
    await h.enrolTeams();
    expect(await h.escalation.desk.isCounsellorChat(TEAMS_CHANNEL)).toBe(true);
    await h.escalation.desk.removedFrom(TEAMS_CHANNEL);
    expect(await h.escalation.desk.isCounsellorChat(TEAMS_CHANNEL)).toBe(false);
    expect((await h.store.listAudit()).at(-1)).toMatchObject({
      kind: 'unenrol',
      actor: 'system',
      detail: `${auditChat(TEAMS_CHANNEL)} (bot removed)`,
    });
    const audits = (await h.store.listAudit()).length;
    await h.escalation.desk.removedFrom(CONFIG_GROUP);
    expect(await h.escalation.desk.isCounsellorChat(CONFIG_GROUP)).toBe(true);
    await h.escalation.desk.removedFrom(STRANGER);
    expect(await h.store.listAudit()).toHaveLength(audits);
  });

  it("a removal that ends a whole group unregisters the group's other enrolled chats; configured ones stay", async () => {
    const h = await harness();
    await h.enrolTeams();
    const other: Address = { ...TEAMS_CHANNEL, conversationId: '19:night-shift@thread.tacv2' };
    await h.counsellor(
      other,
      { kind: 'command', name: 'counsellor', args: `${ENROL_CODE} en` },
      { id: '29:bo', name: 'Bo' },
    );
    const general: Address = { ...TEAMS_CHANNEL, conversationId: '19:general@thread.tacv2' };
    // The general channel itself was never enrolled; the group test names the other two (and,
    // wrongly, the configured Telegram group, which must stay).
    await h.escalation.desk.removedFrom(
      general,
      (a) => a.channel === 'teams' || a.conversationId === CONFIG_GROUP.conversationId,
    );
    expect(await h.escalation.desk.isCounsellorChat(TEAMS_CHANNEL)).toBe(false);
    expect(await h.escalation.desk.isCounsellorChat(other)).toBe(false);
    expect(await h.escalation.desk.isCounsellorChat(CONFIG_GROUP)).toBe(true);
    expect((await h.store.listAudit()).slice(-2).map((e) => e.detail)).toEqual([
      `${auditChat(TEAMS_CHANNEL)} (bot removed from its group)`,
      `${auditChat(other)} (bot removed from its group)`,
    ]);
  });

  it('enrols a Teams channel with the right code, in the language asked for', async () => {
    const h = await harness();
    expect(await h.escalation.desk.isCounsellorChat(TEAMS_CHANNEL)).toBe(false);
    await h.counsellor(
      TEAMS_CHANNEL,
      { kind: 'text', text: `counsellor ${ENROL_CODE} en` },
      { id: '29:ann', name: 'Ann Lee' },
    );
    expect(await h.escalation.desk.isCounsellorChat(TEAMS_CHANNEL)).toBe(true);
    expect(last(h, TEAMS_CHANNEL)).toMatch(/now receives Dongyu's counsellor alerts/);
    const dest = (await h.store.listCounsellorDestinations()).find((d) => d.address.channel === 'teams');
    expect(dest).toMatchObject({ source: 'enrolled', locale: 'en', address: TEAMS_CHANNEL });
    expect((await h.store.listAudit()).at(-1)).toMatchObject({
      kind: 'enrol',
      actor: `counsellor in ${auditChat(TEAMS_CHANNEL)}`,
      detail: `${auditChat(TEAMS_CHANNEL)} en`,
    });
    expect(JSON.stringify(await h.store.listAudit())).not.toMatch(/Ann Lee|29:ann|counsellors@thread/);
  });

  it('a newly enrolled chat is sent the urgent and high alerts still waiting for acknowledgement', async () => {
    const h = await harness();
    await h.addPatient(TG_PATIENT);
    await h.escalation.alerts.raise(h.draft(TG_PATIENT, 'alerts.reason.selfHarm', 'urgent'));
    h.clock.advance(60_000);
    await h.escalation.alerts.raise(h.draft(TG_PATIENT, 'alerts.reason.lapse', 'high'));
    h.clock.advance(60_000);
    await h.escalation.alerts.raise(h.draft(TG_PATIENT, 'alerts.reason.missedCheckins', 'routine'));
    const [urgent, high] = (await h.store.listAlerts({ open: true })).sort((a, b) => a.at - b.at);
    await h.escalation.alerts.acknowledge(high!.id, { id: '501', name: '李医生' }, CONFIG_GROUP);
    const before = h.delivery.to(TEAMS_CHANNEL).length;
    await h.enrolTeams();
    const sent = h.delivery.to(TEAMS_CHANNEL).slice(before);
    // The enrolment reply, then the one open urgent alert (the high one was acknowledged; the
    // routine one waits for the digest), with its Acknowledge button.
    expect(sent).toHaveLength(2);
    expect(isAlertFor(sent[1]!.message, TG_PATIENT.code)).toBe(true);
    expect((await h.store.getAlert(urgent!.id))!.sentTo.map((r) => r.address)).toContainEqual(TEAMS_CHANNEL);
    // Enrolling again sends nothing new.
    await h.enrolTeams();
    expect(h.delivery.to(TEAMS_CHANNEL).slice(before)).toHaveLength(3);
  });

  it('refuses an alert language it does not have, instead of quietly taking English', async () => {
    const h = await harness();
    await h.counsellor(STRANGER, { kind: 'command', name: 'counsellor', args: `${ENROL_CODE} fr` }, MALLORY);
    expect(await h.escalation.desk.isCounsellorChat(STRANGER)).toBe(false);
    expect(last(h, STRANGER)).toContain('zh-CN');
    await h.counsellor(
      STRANGER,
      { kind: 'command', name: 'counsellor', args: `${ENROL_CODE} 中文` },
      MALLORY,
    );
    expect(
      (await h.store.listCounsellorDestinations()).find((d) => d.address.conversationId === '4242'),
    ).toMatchObject({
      locale: 'zh-CN',
    });
  });

  it("never enrols a one-to-one chat, even with the right code: it is a patient's line to the bot", async () => {
    const h = await harness();
    const patientChat: Address = { channel: 'telegram', conversationId: '777', userId: '777' };
    await h.escalation.desk.handle({
      address: patientChat,
      actor: { id: '777', name: 'Pat' },
      oneToOne: true,
      message: { kind: 'command', name: 'counsellor', args: ENROL_CODE },
    });
    expect(await h.escalation.desk.isCounsellorChat(patientChat)).toBe(false);
    expect(last(h, patientChat)).toBe(h.i18n.t('zh-CN', 'alerts.desk.enrolPrivate'));
    expect((await h.store.listAudit()).filter((a) => a.kind === 'enrol')).toEqual([]);
  });

  it('refuses a wrong code, audits it (never the code), and slows down guessing', async () => {
    const h = await harness();
    for (let i = 0; i < 3; i++)
      await h.counsellor(STRANGER, { kind: 'command', name: 'counsellor', args: 'guess-123' }, MALLORY);
    expect(last(h, STRANGER)).toBe('登记码不正确，本次尝试已记录。');
    const refused = (await h.store.listAudit()).filter((a) => a.kind === 'refused');
    expect(refused).toHaveLength(3);
    expect(refused[0]!.detail).toBe(`enrol with a wrong code in ${auditChat(STRANGER)}`);
    expect(JSON.stringify(refused)).not.toContain('guess-123');
    // The rest of the limits: tests/escalation/enrolmentGuessing.test.ts.
  });

  it('is off without COUNSELLOR_ENROL_CODE, and says so without naming the setting to whoever asks', async () => {
    const h = await harness({ COUNSELLOR_ENROL_CODE: '' });
    await h.counsellor(STRANGER, { kind: 'command', name: 'counsellor', args: 'anything' }, MALLORY);
    expect(last(h, STRANGER)).toContain('没有开启登记码登记');
    expect(last(h, STRANGER)).not.toContain('COUNSELLOR_ENROL_CODE');
    expect(await h.escalation.desk.isCounsellorChat(STRANGER)).toBe(false);
  });

  it('treats the configured chats as counsellor chats from the start', async () => {
    const h = await harness();
    expect(await h.escalation.desk.isCounsellorChat(CONFIG_GROUP)).toBe(true);
  });
});

describe('counsellor commands', () => {
  async function withPatients(extra: { progress?: ProgressPort } = {}) {
    const h = await harness({}, extra);
    const now = h.clock.now();
    await h.addPatient(
      {
        ...TG_PATIENT,
        snapshot: {
          context: { stage: 'early', cleared: false, timezone: 'Asia/Shanghai', checkinTime: '21:00' },
        },
      },
      [
        {
          t: 'checkin',
          at: now - 24 * HOUR,
          day: '2026-01-04',
          craving: 4,
          peak: 6,
          mood: 5,
          sleep: 'ok',
          exerciseMin: 30,
          exerciseType: 'aerobic',
          use: false,
        },
        {
          t: 'session',
          at: now - 20 * HOUR,
          sessionId: 's1',
          modality: 'mindbody',
          minutes: 5,
          before: 8,
          after: 4,
          completed: true,
        },
        { t: 'craving', at: now - 2 * HOUR, value: 7, source: 'report' },
      ],
    );
    await h.addPatient({
      patientId: 'teams:29:bob',
      code: 'P-2B2B',
      locale: 'en',
      displayName: 'Bob',
      address: {
        channel: 'teams',
        conversationId: 'a:bob-personal',
        reference: { conversation: { id: 'a:bob-personal' } },
      },
      lastMessageAt: now - HOUR,
    });
    await h.escalation.sink.raise(h.draft(TG_PATIENT, 'parqYes', 'routine'));
    h.delivery.clear();
    return h;
  }

  it('/patients lists code, stage, last craving, last check-in and open alerts', async () => {
    const h = await withPatients();
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'patients', args: '' });
    expect(last(h).split('\n')).toEqual([
      '患者（2 位）：',
      '• P-7F3K · 稽延戒断期 · 渴求 7/10 · 打卡 01-04 20:00 · 未处理预警 1',
      '• P-2B2B (Bob) · 尚未评估 · 渴求 – · 打卡 从未 · 未处理预警 0',
    ]);
  });

  it('/patients lists the most recently active 30 of many, reading only those', async () => {
    const h = await harness();
    const now = h.clock.now();
    for (let i = 0; i < 45; i++)
      await h.addPatient({
        patientId: `telegram:${1000 + i}`,
        code: `P-${1000 + i}`,
        lastMessageAt: now - i * HOUR,
      });
    const read: string[] = [];
    const load = h.store.loadPatient.bind(h.store);
    h.store.loadPatient = async (id) => {
      read.push(id);
      return load(id);
    };
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'patients', args: '' });
    const lines = last(h).split('\n');
    expect(lines[0]).toBe('患者（45 位）：');
    expect(lines[1]).toMatch(/^• P-1000 /);
    expect(lines[30]).toMatch(/^• P-1029 /);
    expect(lines.at(-1)).toMatch(/15/);
    expect(read).toHaveLength(30);
  });

  it('/patient CODE shows the profile and a 14-day trend, then the chart', async () => {
    const calls: unknown[] = [];
    const progress: ProgressPort = {
      async progressMessage(patientId, locale, opts) {
        calls.push([patientId, locale, opts]);
        return { text: 'chart', image: { png: new Uint8Array([1]), alt: 'chart' } };
      },
    };
    const h = await withPatients({ progress });
    await h.counsellor(CONFIG_GROUP, { kind: 'text', text: '/patient p-7f3k' });
    const [profile, chart] = h.delivery.to(CONFIG_GROUP).map((s) => s.message);
    const lines = profile!.text.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'P-7F3K',
      '阶段：稽延戒断期',
      '运动：仅限低强度练习（PAR-Q+ 有“是”；发送 /clear P-7F3K 登记许可）',
      '每日打卡：21:00（Asia/Shanghai）',
    ]);
    expect(lines).toContain('近 14 天：');
    expect(lines.find((l) => l.startsWith('渴求'))).toMatch(/^渴求（每日峰值）：·{12}▅▇（平均 7）$/);
    expect(lines).toContain('运动：1 天，共 30 分钟');
    expect(lines).toContain('打卡：14 天中打卡 1 天');
    expect(lines).toContain('救援练习：1 次，渴求平均降低 4 分');
    expect(chart!.image).toBeDefined();
    expect(calls).toEqual([
      ['telegram:777', 'zh-CN', { days: 14, timezone: 'Asia/Shanghai', audience: 'counsellor' }],
    ]);
  });

  it('/patient CODE with too little data for a chart says so (docs/patient-journey.md#what-progress-shows: "P-7F3K: not enough data…")', async () => {
    const progress: ProgressPort = {
      async progressMessage() {
        return { text: 'P-7F3K: not enough data for a chart yet' };
      },
    };
    const h = await withPatients({ progress });
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'patient', args: 'P-7F3K' });
    expect(last(h)).toBe('P-7F3K: not enough data for a chart yet');
  });

  it('/patient with an unknown code says so', async () => {
    const h = await withPatients();
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'patient', args: 'P-NOPE' });
    expect(last(h)).toBe('没有编号为 P-NOPE 的患者。发送 /patients 查看列表。');
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'patient', args: '' });
    expect(last(h)).toContain('用法：/patient');
  });

  it('/reply relays the text to the patient in their language, marked as from their counsellor, and audits it', async () => {
    const h = await withPatients();
    await h.counsellor(CONFIG_GROUP, {
      kind: 'command',
      name: 'reply',
      args: 'P-2B2B Hi Bob,\nI will call you at <b>3pm</b>.',
    });
    const toBob = h.delivery.to({ channel: 'teams', conversationId: 'a:bob-personal' });
    expect(toBob).toHaveLength(1);
    expect(toBob[0]!.message.text).toBe(
      `💬 A message from your counsellor:\nHi Bob,\nI will call you at <b>3pm</b>.\n\n${h.i18n.t('en', 'alerts.relay.oneWay')}`,
    );
    expect(toBob[0]!.address.reference).toBeDefined();
    expect(last(h)).toBe('已发送给 P-2B2B。');
    const audit = (await h.store.listAudit()).at(-1)!;
    expect(audit).toMatchObject({
      kind: 'relay',
      actor: `counsellor in ${auditChat(CONFIG_GROUP)}`,
      patientCode: 'P-2B2B',
    });
    expect(JSON.stringify(audit)).not.toMatch(/李医生|501/);
    expect(JSON.stringify(audit)).not.toContain('Bob,');
  });

  it('/reply tells the counsellor when the message could not be delivered, and needs a text', async () => {
    const h = await withPatients();
    h.delivery.failing.add('telegram:777');
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'reply', args: 'P-7F3K 你好' });
    expect(last(h)).toBe('暂时没能把消息发给 P-7F3K，请稍后再试。');
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'reply', args: 'P-7F3K' });
    expect(last(h)).toContain('用法：/reply');
    // A patient who blocked the bot: "try again later" would be a false hope.
    h.delivery.failing.clear();
    h.delivery.blocked.add('telegram:777');
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'reply', args: 'P-7F3K 你好' });
    expect(last(h)).toBe(h.i18n.t('zh-CN', 'alerts.desk.relayUndeliverable', { code: 'P-7F3K' }));
    expect((await h.store.listAudit()).filter((a) => a.kind === 'relay')).toEqual([]);
  });

  it('/clear records clearance, moves the patient to the full plan and closes their PAR-Q+ alert', async () => {
    const h = await withPatients();
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'clear', args: 'P-7F3K' });
    expect(h.engine.turns).toEqual([
      {
        patientId: 'telegram:777',
        address: { channel: 'telegram', conversationId: '777', userId: '1' },
        message: { kind: 'timer', event: { type: 'CLEARANCE_GRANTED', by: '李医生' } },
      },
    ]);
    expect(last(h)).toContain('已为 P-7F3K 登记运动许可');
    const audit = await h.store.listAudit();
    expect(audit).toContainEqual(expect.objectContaining({ kind: 'clearance', patientCode: 'P-7F3K' }));
    expect(await h.store.listAlerts({ open: true })).toEqual([]);
  });

  it('/clear for a patient who needs no clearance tells the counsellor and leaves the patient alone', async () => {
    const h = await harness();
    await h.addPatient({ ...TG_PATIENT, snapshot: { context: { cleared: true } } });
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'clear', args: 'P-7F3K' });
    expect(h.engine.turns).toEqual([]);
    expect(last(h)).toBe(h.i18n.t('zh-CN', 'alerts.desk.alreadyCleared', { code: 'P-7F3K' }));
    expect((await h.store.listAudit()).filter((a) => a.kind === 'clearance')).toEqual([]);
  });

  it('/patients leaves out someone who has only been shown the consent question, unless they raised an alert', async () => {
    const h = await withPatients();
    const stranger = { patientId: 'telegram:31337', code: 'P-9Z9Z' };
    await h.addPatient({ ...stranger, snapshot: { value: { onboarding: 'consent' }, context: {} } });
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'patients', args: '' });
    expect(last(h).split('\n')[0]).toBe('患者（2 位）：');
    expect(last(h)).not.toContain('P-9Z9Z');
    await h.escalation.sink.raise(h.draft(stranger, 'selfHarm', 'urgent'));
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'patients', args: '' });
    expect(last(h).split('\n')[0]).toBe('患者（3 位）：');
    expect(last(h)).toContain('P-9Z9Z');
  });

  it('/help lists the commands; chatter and stickers in a counsellor group get no answer', async () => {
    const h = await harness();
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'help', args: '' });
    expect(last(h)).toMatch(/^咨询师命令：/);
    const before = h.delivery.sent.length;
    await h.counsellor(CONFIG_GROUP, { kind: 'text', text: 'shall we meet at three?' });
    await h.counsellor(CONFIG_GROUP, { kind: 'unsupported', what: 'sticker' });
    expect(h.delivery.sent.length).toBe(before);
    await h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'frobnicate', args: '' });
    expect(last(h)).toContain('没有这个命令');
  });

  it('answers politely when something breaks, and never throws', async () => {
    const h = await harness();
    h.store.recentPatients = async () => {
      throw new Error('store down');
    };
    await expect(
      h.counsellor(CONFIG_GROUP, { kind: 'command', name: 'patients', args: '' }),
    ).resolves.toBeUndefined();
    expect(last(h)).toBe('系统出了点问题，请稍后再试。');
  });
});

describe('parsing what counsellors send', () => {
  it.each([
    [
      { kind: 'command', name: 'Patients', args: '' },
      { name: 'patients', args: '' },
    ],
    [
      { kind: 'text', text: '/patient@DongyuBot P-7F3K' },
      { name: 'patient', args: 'P-7F3K' },
    ],
    [
      { kind: 'text', text: 'counselor abc123 en' },
      { name: 'counsellor', args: 'abc123 en' },
    ],
    [
      { kind: 'choice', askId: 'ack', value: 'abcd1234' },
      { name: 'ack', args: 'abcd1234' },
    ],
    [{ kind: 'choice', askId: 'other', value: 'x' }, null],
    [{ kind: 'text', text: 'hello there' }, null],
    [{ kind: 'hello' }, { name: 'hello' }],
  ] as const)('%j → %j', (message, expected) => {
    expect(parseCounsellorMessage(message)).toEqual(expected);
  });
});

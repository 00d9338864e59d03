import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../flows/history.js';
import { decodeButtonData } from '../../src/engine/types.js';
import { digestMessage, toldText } from '../../src/escalation/alertMessage.js';
import type { AlertRecord } from '../../src/store/store.js';
import { CONFIG_GROUP, harness, TEAMS_CHANNEL } from './harness.js';

const PATIENT = { patientId: 'telegram:777', code: 'P-7F3K' };
const HOUR = 3_600_000;

/**
 * Seven cravings 2,3,3,5,6,8,8 (docs/tone.md#an-alert-to-counsellors), the last one at the check-in the
 * evening before.
 */
function history(now: number): HistoryEntry[] {
  const ratings = [2, 3, 3, 5, 6, 8];
  const checkinAt = Date.UTC(2026, 0, 4, 12, 10); // 20:10 in Shanghai, the day before
  const out: HistoryEntry[] = [
    { t: 'craving', at: now - 100 * HOUR, value: 9, source: 'report' }, // older than the last seven
  ];
  ratings.forEach((value, i) => {
    out.push({ t: 'craving', at: now - (80 - i * 10) * HOUR, value, source: 'report' });
  });
  out.push({ t: 'craving', at: checkinAt, value: 8, source: 'checkin' });
  out.push({
    t: 'checkin',
    at: checkinAt,
    day: '2026-01-04',
    craving: 8,
    peak: 8,
    mood: 3,
    sleep: 'poor',
    exerciseMin: 0,
    use: false,
  });
  return out;
}

describe('an alert, as counsellors read it', () => {
  it('shows level, reason, code, the last seven cravings, the last check-in and what the patient was told (zh-CN)', async () => {
    const h = await harness();
    const at = Date.UTC(2026, 0, 5, 6, 2); // 14:02 in Shanghai
    h.clock.set(at);
    await h.addPatient(PATIENT, history(at - 1));
    await h.escalation.sink.raise(h.draft(PATIENT, 'alerts.reason.selfHarm', 'urgent'));
    const [sent] = h.delivery.to(CONFIG_GROUP);
    const [alert] = await h.store.listAlerts();
    expect(sent!.message.text.split('\n')).toEqual([
      '🔴 紧急 · P-7F3K',
      '原因：消息中出现自伤或轻生相关表达（14:02）',
      '近 7 次渴求：▂▃▃▅▅▇▇（最新 8/10）',
      '最近打卡：01-04 20:10 · 渴求 8，峰值 8 · 情绪 3/10 · 睡眠差 · 未运动 · 未使用',
      '已告知患者：所在地区的心理危机热线和急救电话，告诉对方“你并不孤单”，并说明咨询师会联系他们',
      `预警编号 ${alert!.id} · /ack ${alert!.id}`,
    ]);
    expect(sent!.message.buttons).toHaveLength(1);
    expect(decodeButtonData(sent!.message.buttons![0]!.data)).toEqual({ askId: 'ack', value: alert!.id });
  });

  it('reads naturally in English, with the name only when the patient shared it', async () => {
    const h = await harness();
    await h.enrolTeams();
    await h.addPatient({ ...PATIENT, displayName: 'Wang Li' });
    await h.addPatient({ patientId: 'teams:x', code: 'P-9Q9Q' });
    h.delivery.clear();
    await h.escalation.sink.raise(h.draft(PATIENT, 'lapse', 'high'));
    await h.escalation.sink.raise(
      h.draft({ patientId: 'teams:x', code: 'P-9Q9Q' }, 'sessionDeclined', 'high'),
    );
    const [first, second] = h.delivery.to(TEAMS_CHANNEL);
    expect(first!.message.text.split('\n').slice(0, 5)).toEqual([
      '🟠 High · P-7F3K (Wang Li)',
      'Reason: reported a use (20:00)',
      'Last 7 cravings: none yet',
      'Last check-in: none yet',
      'Told the patient: support without blame, a session offer, that a counsellor is being told',
    ]);
    expect(second!.message.text.split('\n')[0]).toBe('🟠 High · P-9Q9Q');
  });

  it('never shows a name kept in the profile without consent', async () => {
    const h = await harness();
    await h.addPatient({ ...PATIENT, snapshot: { context: { name: 'Secret Name', shareName: false } } });
    await h.escalation.sink.raise(h.draft(PATIENT, 'selfHarm'));
    expect(h.delivery.sent[0]!.message.text).not.toContain('Secret Name');
  });

  it('does not count a check-in rating twice when the flow also recorded it as a craving', async () => {
    const h = await harness();
    const now = h.clock.now();
    await h.addPatient(PATIENT, [
      { t: 'craving', at: now - 2 * HOUR, value: 4, source: 'report' },
      { t: 'craving', at: now - HOUR, value: 7, source: 'checkin' },
      {
        t: 'checkin',
        at: now - HOUR,
        day: '2026-01-05',
        craving: 7,
        peak: 7,
        mood: 5,
        sleep: 7,
        exerciseMin: 20,
        exerciseType: 'aerobic',
        use: false,
      },
    ]);
    await h.escalation.sink.raise(h.draft(PATIENT, 'highCravingAfterSession', 'high'));
    const lines = h.delivery.sent[0]!.message.text.split('\n');
    expect(lines[2]).toBe('近 7 次渴求：▄▆（最新 7/10）');
    expect(lines[3]).toBe(
      '最近打卡：19:00 · 渴求 7，峰值 7 · 情绪 5/10 · 睡眠 7 小时 · 有氧运动 20 分钟 · 未使用',
    );
  });

  it('keeps names starting with @ and unknown reasons as they are', async () => {
    const h = await harness();
    await h.addPatient({ ...PATIENT, displayName: '@alerts.card.ackButton' });
    await h.escalation.sink.raise(h.draft(PATIENT, 'somethingNew', 'high'));
    const text = h.delivery.sent[0]!.message.text;
    expect(text).toContain('P-7F3K (@alerts.card.ackButton)');
    expect(text).toContain('其他（somethingNew）');
  });

  it('falls back to the first lines of what the flow said when a reason has no summary', () => {
    const alert = { reason: 'unknownReason', toldPatient: ['alerts.desk.enrolWrong', 'no.such.key'] };
    return harness().then((h) => {
      expect(toldText(h.i18n, 'en', alert)).toBe(
        'That enrolment code is not right. The attempt has been recorded.',
      );
      expect(toldText(h.i18n, 'en', { reason: 'x', toldPatient: [] })).toBe('–');
    });
  });

  it('lists routine alerts in a digest with a button for each open one', async () => {
    const h = await harness();
    const base: AlertRecord = {
      id: 'aaaa1111',
      patientId: 'p',
      code: 'P-1',
      level: 'routine',
      reason: 'phq9High',
      toldPatient: [],
      at: h.clock.now(),
      sentTo: [],
      repeats: 1,
    };
    const msg = digestMessage(
      h.i18n,
      'en',
      [
        { alert: base, who: 'P-1' },
        {
          alert: {
            ...base,
            id: 'bbbb2222',
            code: 'P-2',
            reason: 'parqYes',
            acknowledgedBy: { name: 'Ann', at: h.clock.now(), via: CONFIG_GROUP },
          },
          who: 'P-2',
        },
      ],
      { timezone: 'Asia/Shanghai', now: h.clock.now() },
    );
    expect(msg.text.split('\n')).toEqual([
      '🟡 Daily digest: 2 routine alerts',
      '• P-1: PHQ-9 total of 10 or more (20:00) · /ack aaaa1111',
      '• P-2: answered yes on the PAR-Q+: light sessions only until cleared (/clear P-2) (20:00) · /ack bbbb2222 · ✅ Ann 20:00 acknowledged',
    ]);
    expect(msg.buttons).toEqual([{ label: '✅ P-1 · aaaa1111', data: 'ack:aaaa1111' }]);
  });
});

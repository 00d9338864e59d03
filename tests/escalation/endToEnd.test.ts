/**
 * Escalation end to end through the real app (`createApp`): Telegram over the fake Bot API
 * (webhook mode), Teams over the fake Bot Framework connector, the real engine and flows.
 */
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { activityText, cardActions, FakeConnector } from '../channels/teams/fakeConnector.js';
import {
  activity,
  CHANNEL_BASE,
  CHANNEL_THREAD,
  COUNSELLOR,
  PATIENT,
  PERSONAL,
} from '../channels/teams/harness.js';
import { FakeBotApi } from '../channels/telegram/fakeBotApi.js';
import { callbackUpdate, textUpdate, type UpdateDraft } from '../channels/telegram/fakeUpdates.js';
import { until } from '../support/until.js';

const SECRET = 'escalation_e2e-0123456789';
const ENROL = 'enrol-code-2026';
const GROUP = -100500;
const TG_PATIENT = 777;
const TG_COUNSELLOR = { userId: 9, chatId: GROUP, firstName: '李医生' };

let api: FakeBotApi;
let connector: FakeConnector;
let app: App;
let base = '';

beforeEach(async () => {
  api = await FakeBotApi.start();
  connector = new FakeConnector();
  await connector.start();
  const clock = new ManualClock();
  app = await createApp(
    loadConfig({
      PORT: '0',
      LOG_LEVEL: 'silent',
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://dongyu.example.org/tg/updates',
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TEAMS_ALLOW_ANONYMOUS: 'true',
      COUNSELLOR_TELEGRAM_CHAT_IDS: String(GROUP),
      COUNSELLOR_ENROL_CODE: ENROL,
      DEFAULT_LOCALE: 'zh-CN',
    }),
    {
      clock,
      logger: createLogger('silent'),
      scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
    },
  );
  const { port } = await app.start();
  base = `http://127.0.0.1:${port}`;
});

afterEach(async () => {
  await app.stop();
  await api.close();
  await connector.stop();
});

async function telegram(draft: UpdateDraft): Promise<void> {
  const status = await api.deliverWebhook(
    `${base}/tg/updates`,
    { ...draft, update_id: api.newUpdateId() } as Update,
    SECRET,
  );
  expect(status).toBe(200);
}

async function teams(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  await res.text();
  expect(res.status).toBe(200);
}

const inChannel = (text: string) =>
  activity({
    serviceUrl: connector.url,
    conversation: CHANNEL_THREAD,
    user: COUNSELLOR,
    mention: true,
    text: `<at>Dongyu</at> ${text}`,
  });

async function codeOf(prefix: string): Promise<string> {
  let code = '';
  await until(async () => {
    for (const id of await app.store.listPatientIds()) {
      if (!id.startsWith(prefix)) continue;
      const loaded = await app.store.loadPatient(id);
      if (loaded.status === 'ok') code = loaded.doc.code;
    }
    return code !== '';
  }, `a patient ${prefix}*`);
  return code;
}

async function enrolTeamsChannel(): Promise<void> {
  await teams(inChannel(`counsellor ${ENROL} en`));
  await until(
    () => connector.texts(CHANNEL_BASE).some((t) => t.includes("now receives Dongyu's counsellor alerts")),
    'enrolment',
  );
}

describe('escalation through the real app, Telegram and Teams', () => {
  it('relays a counsellor reply to a Telegram patient from Teams, and to a Teams patient from Telegram', async () => {
    await telegram(textUpdate({ userId: TG_PATIENT, text: '/start', languageCode: 'zh-hans' }));
    await teams(activity({ serviceUrl: connector.url, conversation: PERSONAL, user: PATIENT, text: 'hi' }));
    const tgCode = await codeOf('telegram:');
    const teamsCode = await codeOf('teams:');
    await enrolTeamsChannel();

    await teams(inChannel(`reply ${tgCode} 明天下午三点我给你打电话`));
    await until(
      () => api.sentTexts(TG_PATIENT).some((m) => m.text.includes('明天下午三点')),
      'the relay on Telegram',
    );
    const relayed = api.sentTexts(TG_PATIENT).find((m) => m.text.includes('明天下午三点'))!;
    expect(relayed.text).toContain('你的咨询师给你发来一条消息');
    await until(
      () => connector.texts(CHANNEL_BASE).some((t) => t.includes(`Sent to ${tgCode}.`)),
      'the confirmation',
    );

    await telegram(textUpdate({ ...TG_COUNSELLOR, text: `/reply ${teamsCode} See you <b>tomorrow</b>` }));
    await until(() => connector.texts(PERSONAL.id).some((t) => t.includes('See you')), 'the relay on Teams');
    const toTeams = connector.texts(PERSONAL.id).find((t) => t.includes('See you'))!;
    expect(toTeams).toContain('A message from your counsellor');
    await until(
      () => api.sentTexts(GROUP).some((m) => m.text.includes(`已发送给 ${teamsCode}`)),
      'the confirmation',
    );

    const relays = (await app.store.listAudit()).filter((a) => a.kind === 'relay');
    expect(relays.map((a) => a.patientCode).sort()).toEqual([tgCode, teamsCode].sort());
  });

  it("sends a Telegram patient's urgent alert to the Telegram group and the Teams channel; an ack edits both", async () => {
    await enrolTeamsChannel();
    await telegram(textUpdate({ userId: TG_PATIENT, text: '/start', languageCode: 'zh-hans' }));
    await telegram(textUpdate({ userId: TG_PATIENT, text: '我真的不想活了', languageCode: 'zh-hans' }));
    const code = await codeOf('telegram:');

    await until(
      () => api.sentTexts(GROUP).some((m) => m.text.includes(code)),
      'the alert in the Telegram group',
    );
    await until(
      () => connector.texts(CHANNEL_BASE).some((t) => t.includes(code)),
      'the alert in the Teams channel',
    );
    const [alert] = await app.store.listAlerts({ open: true });
    expect(alert).toMatchObject({ level: 'urgent', code });
    const tgAlert = api.sentTexts(GROUP).find((m) => m.text.includes(code))!;
    expect(tgAlert.text).toContain('🔴 紧急');
    expect(JSON.stringify(tgAlert.replyMarkup)).toContain(`ack:${alert!.id}`);
    const teamsAlert = connector.to(CHANNEL_BASE).find((c) => activityText(c.activity).includes(code))!;
    expect(activityText(teamsAlert.activity)).toContain('🔴 URGENT');
    expect(cardActions(teamsAlert.activity).length).toBeGreaterThan(0);

    const sent = api
      .callsTo('sendMessage')
      .find((c) => String(c.params.chat_id) === String(GROUP) && String(c.params.text).includes(code))!;
    const messageId = (sent.result as { message_id: number }).message_id;
    await telegram(callbackUpdate({ ...TG_COUNSELLOR, data: `ack:${alert!.id}`, messageId }));
    await until(
      async () => Boolean((await app.store.getAlert(alert!.id))?.acknowledgedBy),
      'the acknowledgement',
    );
    await until(
      () => api.callsTo('editMessageText').some((c) => String(c.params.text).includes('已认领')),
      'the Telegram copy to be edited',
    );
    await until(
      () =>
        connector
          .to(CHANNEL_BASE)
          .some((c) => c.kind === 'update' && activityText(c.activity).includes('acknowledged')),
      'the Teams copy to be edited',
    );
    expect((await app.store.getAlert(alert!.id))!.acknowledgedBy!.name).toBe('李医生');
  });

  it("sends a Teams patient's alert to the Telegram group; a Teams card submit acknowledges it everywhere", async () => {
    await enrolTeamsChannel();
    await teams(activity({ serviceUrl: connector.url, conversation: PERSONAL, user: PATIENT, text: 'hi' }));
    await teams(
      activity({
        serviceUrl: connector.url,
        conversation: PERSONAL,
        user: PATIENT,
        text: 'I want to kill myself',
      }),
    );
    const code = await codeOf('teams:');
    await until(
      () => api.sentTexts(GROUP).some((m) => m.text.includes(code)),
      'the alert in the Telegram group',
    );
    const [alert] = await app.store.listAlerts({ open: true });

    await teams(
      activity({
        serviceUrl: connector.url,
        conversation: CHANNEL_THREAD,
        user: COUNSELLOR,
        value: { action: 'ack', alertId: alert!.id },
      }),
    );
    await until(
      () =>
        api.callsTo('editMessageText').some((c) => String(c.params.text).includes(`✅ ${COUNSELLOR.name}`)),
      'the Telegram copy to be edited',
    );
    expect((await app.store.getAlert(alert!.id))!.acknowledgedBy!.name).toBe(COUNSELLOR.name);
  });

  it('/clear from the Telegram group reaches the patient machine through the real engine', async () => {
    await telegram(textUpdate({ userId: TG_PATIENT, text: '/start', languageCode: 'zh-hans' }));
    const code = await codeOf('telegram:');
    await telegram(textUpdate({ ...TG_COUNSELLOR, text: `/clear ${code}` }));
    await until(() => api.sentTexts(GROUP).some((m) => m.text.includes(code)), 'the answer to /clear');
    expect(api.sentTexts(GROUP).map((m) => m.text)).toContain(
      `已为 ${code} 登记运动许可。对方将转为完整计划，机器人会通知他们。`,
    );
    expect((await app.store.listAudit()).filter((a) => a.kind === 'clearance')).toEqual([
      expect.objectContaining({
        patientCode: code,
        actor: expect.stringMatching(/^counsellor in telegram#/),
      }),
    ]);
  });

  it('refuses counsellor commands from an unregistered Teams channel and audits the attempt', async () => {
    await teams(inChannel('patients'));
    await until(() => connector.texts(CHANNEL_BASE).some((t) => t.includes('not authorised')), 'the refusal');
    expect((await app.store.listAudit()).at(-1)).toMatchObject({ kind: 'refused' });
  });

  it('refuses counsellor commands typed by a patient in Telegram and audits the attempt', async () => {
    await telegram(textUpdate({ userId: TG_PATIENT, text: '/patients', languageCode: 'en' }));
    await until(() => api.sentTexts(TG_PATIENT).length > 0, 'the refusal');
    expect(api.sentTexts(TG_PATIENT).at(-1)!.text).toMatch(/only work in a registered counsellors' group/i);
    expect((await app.store.listAudit()).at(-1)).toMatchObject({ kind: 'refused' });
  });

  it('gives a patient who types self-harm words after a counsellor command (/reply …) the crisis reply and raises the urgent alert, not a refusal', async () => {
    const patient = 778;
    const before = api.sentTexts(String(GROUP)).length;
    await telegram(
      textUpdate({ userId: patient, text: '/reply P-ABCD I want to kill myself', languageCode: 'en' }),
    );
    await until(() => api.sentTexts(String(patient)).length > 0, 'the reply');
    const texts = api.sentTexts(String(patient)).map((m) => m.text);
    expect(texts.join('\n')).not.toMatch(/only work in a registered counsellors' group/i);
    expect(texts.join('\n')).toMatch(/you are not alone/);
    await until(
      () =>
        api
          .sentTexts(String(GROUP))
          .slice(before)
          .some((m) => m.text.includes('🔴')),
      'the urgent alert',
    );
  });
});

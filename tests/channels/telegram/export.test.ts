/**
 * Data export over Telegram (issue 23): the patient's `/export` arrives in their chat as a text and
 * two documents (JSON, CSV); a counsellor's `/export CODE` arrives in the counsellor group, and is
 * audited as that chat's, never with a name or a platform id. The whole app over the fake Bot API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/channels/telegram/render.js';
import { patientExportSchema } from '../../../src/export/exportSchema.js';
import { TYPED_ONBOARDING } from '../../support/onboardingAnswers.js';
import { FakeBotApi } from './fakeBotApi.js';
import { textUpdate } from './fakeUpdates.js';
import { type AppDriver, startApp, TelegramPatient } from './telegramPatient.js';

const COUNSELLORS = -1004440004;

describe('/export over Telegram', () => {
  let api: FakeBotApi;
  let d: AppDriver;
  let p: TelegramPatient;

  const documentsTo = (chatId: number) =>
    api.calls.filter((c) => c.method === 'sendDocument' && String(c.params.chat_id) === String(chatId));

  beforeAll(async () => {
    api = await FakeBotApi.start();
    d = await startApp(api, 'webhook', { COUNSELLOR_TELEGRAM_CHAT_IDS: String(COUNSELLORS) });
    p = new TelegramPatient(api, d, 6160, 'zh-hans');
    await p.say('/start');
    for (const answer of TYPED_ONBOARDING['zh-CN']) await p.say(answer);
  });

  afterAll(async () => {
    await d.stop();
    await api.close();
  });

  it('sends the patient their record as two files, in their language', async () => {
    const replies = await p.say('/export');
    expect(replies.map((m) => String(m.params.text))).toContain(
      escapeHtml(d.app.i18n.t('zh-CN', 'export.ready')),
    );
    const docs = documentsTo(p.userId);
    expect(docs.map((c) => c.files.document?.filename)).toEqual([
      expect.stringMatching(/^dongyu-P-\w{4}-\d{4}-\d{2}-\d{2}\.json$/),
      expect.stringMatching(/^dongyu-P-\w{4}-\d{4}-\d{2}-\d{2}\.csv$/),
    ]);
    const record = patientExportSchema.parse(JSON.parse(docs[0]!.files.document!.data.toString('utf8')));
    expect(record.patient.language).toBe('zh-CN');
    expect(docs[1]!.files.document!.data.toString('utf8')).toContain('渴求（0–10）');
  });

  it('sends a counsellor the export of a patient in the group’s language, audited without identities', async () => {
    const loaded = await d.app.store.loadPatient(`telegram:${p.userId}`);
    const code = loaded.status === 'ok' ? loaded.doc.code : '';
    // Only the chat whose caseload the patient is in may export.
    const sent = api.sentTexts(COUNSELLORS).length;
    await d.deliverThen(
      textUpdate({ userId: 4242, chatId: COUNSELLORS, text: `/assign ${code}` }),
      () => api.sentTexts(COUNSELLORS).length > sent,
    );
    const before = documentsTo(COUNSELLORS).length;
    await d.deliverThen(
      textUpdate({ userId: 4242, chatId: COUNSELLORS, text: `/export ${code}`, firstName: 'Li' }),
      () => documentsTo(COUNSELLORS).length >= before + 2,
    );
    const texts = api.sentTexts(COUNSELLORS).map((m) => m.text);
    expect(texts).toContain(escapeHtml(d.app.i18n.t('zh-CN', 'export.counsellorReady', { code })));
    const exports = (await d.app.store.listAudit()).filter((a) => a.kind === 'export');
    expect(exports.map((a) => a.actor)).toEqual([
      'patient',
      expect.stringMatching(/^counsellor in telegram#/),
    ]);
    for (const entry of exports) {
      expect(JSON.stringify(entry)).not.toContain('Li');
      expect(JSON.stringify(entry)).not.toContain('4242');
      expect(JSON.stringify(entry)).not.toContain(String(COUNSELLORS));
      expect(entry.patientCode).toBe(code);
    }
  });
});

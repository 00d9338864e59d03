/**
 * Data export over Teams (issue 23): Teams takes no file attachments from a bot, so the patient's
 * `export` brings its text and one consent card per file (JSON, CSV); accepting one uploads that
 * file where Teams said and shows it as a file card. A counsellor channel is told that Teams
 * channels cannot receive files. The whole app over HTTP with the fake connector.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { patientExportSchema } from '../../../src/export/exportSchema.js';
import { onboardByCards, TeamsApp } from './appHarness.js';

const ENROL_CODE = 'teams-enrol-42';
const CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
const INFO = 'application/vnd.microsoft.teams.card.file.info';

let t: TeamsApp | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

type Attachment = {
  contentType: string;
  name?: string;
  contentUrl?: string;
  content: Record<string, unknown>;
};
const attachmentsTo = (app: TeamsApp, conversationId: string) =>
  app.connector
    .to(conversationId)
    .flatMap((c) => ((c.activity.attachments as Attachment[] | undefined) ?? []).map((a) => a));

describe('export in Teams', () => {
  it('offers each file with a consent card, and uploads the one accepted', async () => {
    t = await TeamsApp.start();
    const p = t.patient('exporter', 'en-US');
    await onboardByCards(p, false);
    const replies = await p.say('export');
    expect(replies.map((m) => m.text)).toContain(t.t('en', 'export.ready'));
    const offers = attachmentsTo(t, p.conversationId).filter((a) => a.contentType === CONSENT);
    expect(offers.map((a) => a.name)).toEqual([
      expect.stringMatching(/^dongyu-P-\w{4}-2026-03-02\.json$/),
      expect.stringMatching(/^dongyu-P-\w{4}-2026-03-02\.csv$/),
    ]);
    const json = offers[0]!;
    expect(json.content.sizeInBytes).toBeGreaterThan(100);

    await p.invoke('fileConsent/invoke', {
      type: 'fileUpload',
      action: 'accept',
      context: json.content.acceptContext,
      uploadInfo: {
        uploadUrl: `${t.connector.url}upload/${json.name}`,
        contentUrl: `https://onedrive.example/${json.name}`,
        name: json.name,
        uniqueId: 'file-1',
        fileType: 'json',
      },
    });
    expect(t.connector.uploads).toHaveLength(1);
    const upload = t.connector.uploads[0]!;
    expect(upload.bytes.length).toBe(json.content.sizeInBytes);
    expect(upload.contentRange).toBe(`bytes 0-${upload.bytes.length - 1}/${upload.bytes.length}`);
    expect(patientExportSchema.parse(JSON.parse(upload.bytes.toString('utf8'))).patient.platform).toBe(
      'teams',
    );
    const shown = attachmentsTo(t, p.conversationId).filter((a) => a.contentType === INFO);
    expect(shown).toEqual([
      expect.objectContaining({ name: json.name, contentUrl: `https://onedrive.example/${json.name}` }),
    ]);

    // The same offer answered twice (or after 30 minutes) is told to ask again.
    const again = await p.invoke('fileConsent/invoke', {
      type: 'fileUpload',
      action: 'accept',
      context: json.content.acceptContext,
      uploadInfo: { uploadUrl: `${t.connector.url}upload/x`, contentUrl: 'https://x', name: 'x' },
    });
    expect(again.map((m) => m.text)).toEqual([t.t('en', 'teams.files.expired')]);
    expect(t.connector.uploads).toHaveLength(1);
  });

  it('tells a counsellor channel that Teams channels take no files', async () => {
    t = await TeamsApp.start({ COUNSELLOR_ENROL_CODE: ENROL_CODE });
    const channel = t.channel('en-US');
    await channel.mention(`counsellor ${ENROL_CODE}`);
    const p = t.patient('exported', 'en-US');
    await onboardByCards(p, false);
    const loaded = await t.store.loadPatient(p.patientId);
    const code = loaded.status === 'ok' ? loaded.doc.code : '';
    await channel.mention(`assign ${code}`);
    const replies = await channel.mention(`export ${code}`);
    expect(replies.map((m) => m.text)).toEqual([t.t('en', 'alerts.desk.exportNotHere', { code })]);
    expect((await t.store.listAudit()).filter((a) => a.kind === 'export')).toEqual([]);
  });
});

/**
 * Data export (issue 23, docs/counsellors.md#data-export): `/export` sends the patient their whole
 * record as a JSON file of the stated schema and a CSV of their check-ins and sessions, in their
 * language, and audits it. Driven through the whole app with a recording channel.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/engine/types.js';
import { csvCell } from '../../src/export/exportCsv.js';
import { EXPORT_SCHEMA, exportJsonSchema, patientExportSchema } from '../../src/export/exportSchema.js';
import { Harness, onboard, type TestPatient } from '../support/patientHarness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** A whole check-in, typed. */
async function checkIn(p: TestPatient, zh = false) {
  await p.command('checkin');
  for (const answer of ['5', '7', '6']) await p.say(answer);
  await p.press('good');
  await p.say('20');
  await p.press('aerobic');
  await p.say(zh ? '没有' : 'no');
}

async function exportOf(p: TestPatient): Promise<OutboundMessage> {
  const sent = await p.command('export');
  const withFiles = sent.filter((m) => m.files?.length);
  expect(withFiles).toHaveLength(1);
  return withFiles[0]!;
}

describe('/export', () => {
  it('sends the record as JSON of the stated schema and the check-ins as CSV, and audits it', async () => {
    h = await Harness.create();
    const p = h.patient('console:exporter', 'en');
    await onboard(p);
    await checkIn(p);
    const message = await exportOf(p);
    expect(message.text).toBe(h.t('en', 'export.ready'));
    const [json, csv] = message.files!;
    expect(json!.name).toMatch(/^dongyu-P-[A-Z0-9]{4}-2026-03-02\.json$/);
    expect([json!.mime, csv!.mime]).toEqual(['application/json', 'text/csv']);

    const record = patientExportSchema.parse(JSON.parse(text(json!.bytes)));
    expect(record).toMatchObject({
      schema: EXPORT_SCHEMA,
      schemaVersion: 1,
      about: h.t('en', 'export.about'),
      patient: { language: 'en', platform: 'console' },
      profile: { age: 30, checkinTime: '21:00', timezone: 'Asia/Shanghai', exerciseCleared: true },
    });
    // Times in the patient's zone, with its offset.
    expect(record.exportedAt).toMatch(/\+08:00$/);
    const checkin = record.history.find((e) => e.t === 'checkin');
    expect(checkin).toMatchObject({
      craving: 5,
      peak: 7,
      mood: 6,
      sleep: 'good',
      exerciseMin: 20,
      use: false,
    });

    const rows = text(csv!.bytes)
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(rows[0]).toBe(
      'time,type,craving (0–10),peak craving (0–10),mood (0–10),sleep,exercise (min),kind of exercise,any use,session,session (min),craving before,craving after,finished',
    );
    expect(rows.slice(1)).toEqual([
      expect.stringMatching(/^2026-03-02T.*\+08:00,check-in,5,7,6,good,20,aerobic,no,,,,,$/),
    ]);

    const audit = await h.store.listAudit();
    expect(audit.filter((a) => a.kind === 'export')).toEqual([
      expect.objectContaining({ actor: 'patient', patientCode: record.patient.code }),
    ]);
  });

  it('speaks Chinese to a Chinese-speaking patient: the message, the CSV and the file’s own note', async () => {
    h = await Harness.create();
    const p = h.patient('console:exporter-zh', 'zh-CN');
    await onboard(p, { zh: true });
    await checkIn(p, true);
    const message = await exportOf(p);
    expect(message.text).toBe(h.t('zh-CN', 'export.ready'));
    const [json, csv] = message.files!;
    expect(JSON.parse(text(json!.bytes)).about).toBe(h.t('zh-CN', 'export.about'));
    const [header, row] = text(csv!.bytes)
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(header).toContain('渴求（0–10）');
    expect(row).toContain(',打卡,');
    expect(row).toContain(',否,');
  });

  it('works before setting up too (there is little to export, but it is theirs)', async () => {
    h = await Harness.create();
    const p = h.patient('console:early', 'en');
    await p.send({ kind: 'hello' });
    const message = await exportOf(p);
    const record = patientExportSchema.parse(JSON.parse(text(message.files![0]!.bytes)));
    expect(record.history).toEqual([]);
  });
});

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['+1', "'+1"],
    ['@cmd', "'@cmd"],
  ])('%j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('keeps numbers as numbers, negative ones included', () => {
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(undefined)).toBe('');
  });
});

describe('the stated schema', () => {
  it('is published as docs/patient-export.schema.json, equal to the one the code writes', () => {
    const file = join(import.meta.dirname, '..', '..', 'docs', 'patient-export.schema.json');
    const published = JSON.parse(readFileSync(file, 'utf8'));
    expect(published, 'run npm run docs:export-schema').toEqual(exportJsonSchema());
  });
});

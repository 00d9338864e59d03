/**
 * Data export (issue 23, docs/counsellors.md#data-export): a patient's record as two files in one
 * message, the JSON of {@link PatientExport} and the CSV of their check-ins and sessions, worded in
 * the reader's language. The patient asks with `/export`; a counsellor with `/export CODE`.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../clock.js';
import type { Locale, OutboundMessage } from '../engine/types.js';
import type { I18n } from '../i18n.js';
import { fileSubject } from '../model/fileSubject.js';
import type { AuditStore } from '../store/ports.js';
import { exportCsv } from './exportCsv.js';
import { type PatientRecordDeps, patientRecord } from './patientRecord.js';

/** What the export service needs. */
export interface ExportDeps extends PatientRecordDeps {
  i18n: I18n;
  clock: Clock;
  /** Every export is audited (who asked, never what it held). */
  audit: AuditStore;
}

/** Who receives the export: the patient themself, or a counsellor. */
export type ExportAudience = 'patient' | 'counsellor';

/** Builds export messages. */
export class ExportService {
  constructor(private readonly deps: ExportDeps) {}

  /**
   * The export of `patientId` in `locale`, or null when the patient is not stored; audited as
   * asked by `actor` (`patient`, or a counsellor chat as `auditRefs.ts` names it).
   */
  async exportMessage(
    patientId: string,
    locale: Locale,
    audience: ExportAudience,
    actor: string,
  ): Promise<OutboundMessage | null> {
    const { i18n, clock, audit } = this.deps;
    const now = clock.now();
    const record = await patientRecord(this.deps, patientId, now, i18n.t(locale, 'export.about'));
    if (!record) return null;
    const code = record.patient.code;
    const day = DateTime.fromISO(record.exportedAt, { setZone: true }).toISODate() ?? 'export';
    const base = `dongyu-${code}-${day}`;
    const encoder = new TextEncoder();
    await audit.appendAudit({
      at: now,
      kind: 'export',
      actor,
      patientCode: code,
      detail: `json+csv to the ${audience === 'patient' ? "patient's own chat" : 'counsellor chat'}`,
    });
    return {
      text: i18n.t(locale, audience === 'patient' ? 'export.ready' : 'export.counsellorReady', { code }),
      files: [
        {
          name: `${base}.json`,
          mime: 'application/json',
          bytes: encoder.encode(`${JSON.stringify(record, null, 2)}\n`),
        },
        { name: `${base}.csv`, mime: 'text/csv', bytes: encoder.encode(exportCsv(record, i18n, locale)) },
      ],
      subject: fileSubject(patientId),
    };
  }
}

/**
 * What a data export holds (issue 23: the patient's right of access and portability, PIPL art. 45,
 * GDPR art. 15 and 20): the stated schema of the JSON file, `dongyu.patient-export` version 1,
 * described field by field in docs/counsellors.md#data-export. Every time is ISO 8601 with the
 * offset of the patient's time zone. The JSON Schema form is `docs/patient-export.schema.json`,
 * kept equal to this one by a test.
 */
import { z } from 'zod';
import { historyEntrySchema, modalitySchema } from '../../flows/history.js';

/** The schema's name, in every export's `schema` field. */
export const EXPORT_SCHEMA = 'dongyu.patient-export';

/** ISO 8601 with an offset, e.g. `2026-03-02T21:05:00.000+08:00`. */
const time = z.string().describe('ISO 8601 date and time with the offset of the patient’s time zone');

/** One history entry as stored, its time as {@link time}. */
const [checkin, craving, session, lapse, missed] = historyEntrySchema.options;
const exportedEntry = z.discriminatedUnion('t', [
  checkin.extend({ at: time }),
  craving.extend({ at: time }),
  session.extend({ at: time }),
  lapse.extend({ at: time }),
  missed.extend({ at: time }),
]);

/** A patient's data export, version 1. */
export const patientExportSchema = z
  .object({
    schema: z.literal(EXPORT_SCHEMA),
    schemaVersion: z.literal(1),
    about: z.string().describe('what the file is, in the language it was exported in'),
    exportedAt: time,
    patient: z.object({
      code: z.string().describe('the pseudonymous code counsellors know the patient by'),
      language: z.enum(['en', 'zh-CN']),
      platform: z.enum(['telegram', 'teams', 'console']),
      firstContactAt: time,
      lastMessageAt: time,
      displayName: z.string().optional().describe('kept only when the patient agreed to share it'),
      unreachableSince: time.optional().describe('the platform refuses the bot’s messages since then'),
    }),
    profile: z
      .object({
        age: z.number().nullable(),
        parq: z.array(z.boolean()).describe('the PAR-Q+ answers in order (true: yes)'),
        exerciseCleared: z.boolean(),
        lastUseAt: time.nullable(),
        stage: z.string().optional().describe('the stage of withdrawal as of the export'),
        baselineCraving: z.number().nullable(),
        phq: z.array(z.number()).describe('PHQ-2, then PHQ-9 when asked, item by item'),
        activeDaysPerWeek: z.number().nullable(),
        likes: z.array(modalitySchema),
        setting: z.enum(['indoors', 'outdoors', 'either']),
        checkinTime: z.string(),
        timezone: z.string(),
        shareName: z.boolean(),
        pausedUntil: time.nullable(),
      })
      .nullable()
      .describe('null when the stored record could not be read'),
    history: z
      .array(exportedEntry)
      .describe('check-ins, craving ratings, sessions, reported uses, missed days'),
    alerts: z.array(
      z.object({
        id: z.string(),
        level: z.enum(['urgent', 'high', 'routine']),
        reason: z.string(),
        raisedAt: time,
        acknowledgedAt: time.nullable(),
      }),
    ),
  })
  .describe('A Dongyu patient’s data export (dongyu.patient-export, version 1)');

/** A patient's data export, version 1. */
export type PatientExport = z.infer<typeof patientExportSchema>;

/** The export's schema as JSON Schema (what `docs/patient-export.schema.json` holds). */
export function exportJsonSchema(): unknown {
  return z.toJSONSchema(patientExportSchema, { io: 'output' });
}

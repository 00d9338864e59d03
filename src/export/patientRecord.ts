/**
 * Gathers a patient's record for a data export ({@link PatientExport}): their document, the
 * profile in their machine's snapshot, their history and the alerts raised about them, every time
 * in their own time zone. Reads only; a stored record that cannot be read still exports what can
 * be (the profile is then null).
 */
import { DateTime } from 'luxon';
import type { PatientContext } from '../../flows/machine/types.js';
import { contextSchema } from '../engine/snapshot.js';
import type { PatientProfileView } from '../escalation/patientProfile.js';
import type { AlertStore, PatientStore } from '../store/ports.js';
import type { PatientDoc } from '../store/records.js';
import { EXPORT_SCHEMA, type PatientExport } from './exportSchema.js';

/** What gathering a record needs. */
export interface PatientRecordDeps {
  store: Pick<PatientStore, 'loadPatient' | 'getHistory'> & Pick<AlertStore, 'listAlerts'>;
  /** Reads the stage (and the rest of the counsellors' view) from a document. */
  profileOf?: (doc: PatientDoc) => PatientProfileView;
  /** The zone times are shown in when the patient has none (`DEFAULT_TIMEZONE`). */
  defaultTimezone: string;
}

/** The alert reason's name (`alerts.reason.selfHarm` → `selfHarm`). */
const reasonName = (reason: string) => reason.replace(/^alerts\.reason\./, '');

/** The patient's record as an export at `now` (`about`: what it is, in words), or null when they are not stored. */
export async function patientRecord(
  deps: PatientRecordDeps,
  patientId: string,
  now: number,
  about: string,
): Promise<PatientExport | null> {
  const { store } = deps;
  const loaded = await store.loadPatient(patientId);
  if (loaded.status !== 'ok') return null;
  const doc = loaded.doc;
  const parsed = contextSchema.safeParse((doc.snapshot as { context?: unknown } | null)?.context);
  const context = parsed.success ? (parsed.data as PatientContext) : undefined;
  const zone = validZone(context?.profile.timezone) ?? deps.defaultTimezone;
  const iso = (ms: number) => DateTime.fromMillis(ms, { zone }).toISO() ?? new Date(ms).toISOString();
  const [history, alerts] = await Promise.all([store.getHistory(patientId), store.listAlerts({ patientId })]);
  const p = context?.profile;
  return {
    schema: EXPORT_SCHEMA,
    schemaVersion: 1,
    about,
    exportedAt: iso(now),
    patient: {
      code: doc.code,
      language: doc.locale,
      platform: doc.address.channel,
      firstContactAt: iso(doc.createdAt),
      lastMessageAt: iso(doc.lastMessageAt),
      ...(doc.displayName ? { displayName: doc.displayName } : {}),
      ...(context?.unreachableSince ? { unreachableSince: iso(context.unreachableSince) } : {}),
    },
    profile: p
      ? {
          age: p.age,
          parq: [...p.parq],
          exerciseCleared: p.cleared,
          lastUseAt: p.lastUseAt === null ? null : iso(p.lastUseAt),
          ...stageOf(deps, doc),
          baselineCraving: p.baselineCraving,
          phq: [...p.phq],
          activeDaysPerWeek: p.activeDays,
          likes: [...p.likes],
          setting: p.setting,
          checkinTime: p.checkinTime,
          timezone: p.timezone,
          shareName: p.shareName,
          pausedUntil: context.pausedUntil === null ? null : iso(context.pausedUntil),
        }
      : null,
    history: [...history].sort((a, b) => a.at - b.at).map((e) => ({ ...e, at: iso(e.at) })),
    alerts: alerts
      .sort((a, b) => a.at - b.at)
      .map((a) => ({
        id: a.id,
        level: a.level,
        reason: reasonName(a.reason),
        raisedAt: iso(a.at),
        acknowledgedAt: a.acknowledgedBy ? iso(a.acknowledgedBy.at) : null,
      })),
  };
}

function stageOf(deps: PatientRecordDeps, doc: PatientDoc): { stage?: string } {
  try {
    const stage = deps.profileOf?.(doc).stage;
    return stage ? { stage } : {};
  } catch {
    return {};
  }
}

function validZone(zone: string | undefined): string | undefined {
  return zone && DateTime.now().setZone(zone).isValid ? zone : undefined;
}

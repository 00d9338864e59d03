/**
 * What an alert shows about its patient (their code or shared name, recent cravings, last check-in)
 * and the render context its messages are written in. Read-only: nothing here sends or saves.
 */
import type { AlertRecord } from '../store/store.js';
import type { AlertView, DigestItem, RenderContext } from './alertMessage.js';
import type { EscalationContext } from './context.js';
import { displayWho, profileFromSnapshot, safeProfile } from './patientProfile.js';
import { lastCheckin, lastCravings } from './patientSummary.js';

/** The time zone and time alert messages are written in (times shown to counsellors). */
export function renderContext(ctx: EscalationContext): RenderContext {
  return { timezone: ctx.config.DEFAULT_TIMEZONE, now: ctx.clock.now() };
}

/** The code (and shared name) of a patient, and their time zone when their record can be read. */
export async function patientLabel(
  ctx: EscalationContext,
  alert: Pick<AlertRecord, 'patientId' | 'code'>,
): Promise<{ who: string; timezone: string | undefined }> {
  const loaded = await ctx.store.loadPatient(alert.patientId);
  if (loaded.status !== 'ok') return { who: alert.code, timezone: undefined };
  const profile = safeProfile(ctx.profileOf ?? profileFromSnapshot, loaded.doc);
  return {
    who: displayWho({ code: alert.code, displayName: loaded.doc.displayName }, profile),
    timezone: profile.timezone,
  };
}

/** What an alert shows about its patient, as of the alert (history after it is left out). */
export async function alertView(ctx: EscalationContext, alert: AlertRecord): Promise<AlertView> {
  const { who } = await patientLabel(ctx, alert);
  const history = (await ctx.store.getHistory(alert.patientId)).filter((e) => e.at <= alert.at);
  return { who, cravings: lastCravings(history, 7), lastCheckin: lastCheckin(history) };
}

/** The lines of a digest: each alert with who it is about (each patient's record read once). */
export async function digestItems(
  ctx: EscalationContext,
  alerts: readonly AlertRecord[],
): Promise<DigestItem[]> {
  const who = new Map<string, string>();
  const items: DigestItem[] = [];
  for (const alert of alerts) {
    if (!who.has(alert.patientId)) who.set(alert.patientId, (await patientLabel(ctx, alert)).who);
    items.push({ alert, who: who.get(alert.patientId)! });
  }
  return items;
}

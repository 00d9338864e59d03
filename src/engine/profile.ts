/** Reads the profile counsellor views need out of a patient's stored document. */
import type { FlowContent } from '../../flows/content/schema.js';
import { daysSince, stageFor } from '../../flows/rules/stage.js';
import { consentedIn, type PatientProfileView } from '../escalation/patientProfile.js';
import type { PatientDoc } from '../store/store.js';
import { contextSchema } from './snapshot.js';

/** Builds a `profileOf(doc)` over the flow content (stage thresholds). Never throws. */
export function createProfileReader(content: FlowContent, now: () => number) {
  return (doc: PatientDoc): PatientProfileView => {
    const parsed = contextSchema.safeParse((doc.snapshot as { context?: unknown } | null)?.context);
    if (!parsed.success) return {};
    const c = parsed.data;
    const p = c.profile;
    return {
      consented: consentedIn(doc.snapshot),
      stage: p.lastUseAt === null ? undefined : stageFor(daysSince(p.lastUseAt, now()), content.thresholds),
      cleared: p.parq.length === content.screening.parq.length ? p.cleared : undefined,
      lastCraving: c.ratings.at(-1),
      name: p.shareName ? doc.displayName : undefined,
      shareName: p.shareName,
      timezone: p.timezone,
      checkinTime: p.checkinTime,
      unreachableSince: c.unreachableSince ?? undefined,
    };
  };
}

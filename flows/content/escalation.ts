/**
 * The escalation table (docs/clinical-protocol.md#escalation) as data: which trigger raises
 * which level, and how each level reaches counsellors (at once with re-alerts, or in the daily
 * digest). The numbers live in `escalation.json`; the re-alert intervals are configuration
 * (`URGENT_REALERT_MINUTES`, `HIGH_REALERT_MINUTES`), named by each level.
 */
import { z } from 'zod';
import type { AlertLevel } from '../intents.js';

/** How one level reaches counsellors. */
export const levelPolicySchema = z.object({
  /** Shown in front of the level in every alert. */
  icon: z.string().min(1),
  /** `immediate`: sent at once to every destination; `digest`: gathered into the daily digest. */
  delivery: z.enum(['immediate', 'digest']),
  /** `repeat`: again every interval until acknowledged; `once`: once after the interval; `none`. */
  realert: z.enum(['repeat', 'once', 'none']),
  /** The configuration variable holding the re-alert interval in minutes. */
  realertMinutesConfig: z.enum(['URGENT_REALERT_MINUTES', 'HIGH_REALERT_MINUTES']).optional(),
  note: z.string().optional(),
});
export type LevelPolicy = z.infer<typeof levelPolicySchema>;

/** One row of the table: a trigger (its reason name under `alerts.reason.*`) and its level. */
export const triggerSchema = z.object({
  reason: z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'a camelCase reason name such as selfHarm'),
  level: z.enum(['urgent', 'high', 'routine']),
  when: z.string().min(1),
  patientGets: z.string().min(1),
});
export type EscalationTrigger = z.infer<typeof triggerSchema>;

/** The whole escalation table. */
export const escalationTableSchema = z
  .object({
    version: z.literal(1),
    source: z.string(),
    levels: z.object({ urgent: levelPolicySchema, high: levelPolicySchema, routine: levelPolicySchema }),
    triggers: z.array(triggerSchema).min(1),
  })
  .superRefine((table, ctx) => {
    const seen = new Set<string>();
    table.triggers.forEach((t, i) => {
      if (seen.has(t.reason))
        ctx.addIssue({
          code: 'custom',
          path: ['triggers', i, 'reason'],
          message: `duplicate reason ${t.reason}`,
        });
      seen.add(t.reason);
    });
    for (const [name, policy] of Object.entries(table.levels)) {
      if (policy.realert !== 'none' && !policy.realertMinutesConfig)
        ctx.addIssue({
          code: 'custom',
          path: ['levels', name, 'realertMinutesConfig'],
          message: 'a level that re-alerts needs realertMinutesConfig',
        });
    }
  });
export type EscalationTable = z.infer<typeof escalationTableSchema>;

/** The reason name of an alert reason given either as `selfHarm` or as `alerts.reason.selfHarm`. */
export function reasonName(reason: string): string {
  return reason.startsWith('alerts.reason.') ? reason.slice('alerts.reason.'.length) : reason;
}

/** The table row for a reason (either form), or undefined for a reason the table does not know. */
export function triggerFor(reason: string, table: EscalationTable): EscalationTrigger | undefined {
  const name = reasonName(reason);
  return table.triggers.find((t) => t.reason === name);
}

/**
 * The level the table gives a reason. Flows should raise alerts at this level; the escalation
 * service applies it too, so the table wins over a mismatching draft. Unknown reasons keep `fallback`.
 */
export function levelFor(reason: string, fallback: AlertLevel, table: EscalationTable): AlertLevel {
  return triggerFor(reason, table)?.level ?? fallback;
}

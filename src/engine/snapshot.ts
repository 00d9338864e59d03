/**
 * Persisting and restoring a patient's machine snapshot. A snapshot that is unknown, from another
 * flow version, or corrupted never crashes a turn: the patient resumes at a safe point with their
 * profile kept (or starts again when nothing can be trusted).
 */
import { z } from 'zod';
import type { Thresholds } from '../../flows/content/schema.js';
import { interruptionOf } from '../../flows/machine/interruption.js';
import { FLOW_VERSION, initialContext, type PatientMachine } from '../../flows/machine/patientMachine.js';
import { FIELDS } from '../../flows/machine/questions.js';
import type { PatientContext, PatientInput } from '../../flows/machine/types.js';
import { canonicalZone } from '../../flows/rules/localTime.js';
import { SELF_HARM_CATEGORIES } from '../../flows/understanding/risk/reading.js';

const profileSchema = z.object({
  age: z.number().nullable(),
  parq: z.array(z.boolean()),
  cleared: z.boolean(),
  lastUseAt: z.number().nullable(),
  baselineCraving: z.number().nullable(),
  phq: z.array(z.number()),
  activeDays: z.number().nullable(),
  likes: z.array(z.enum(['aerobic', 'resistance', 'mindbody'])),
  setting: z.enum(['indoors', 'outdoors', 'either']),
  checkinTime: z.string().regex(/^\d{2}:\d{2}$/),
  // Zones stored before they were canonicalised (`asia/hong_kong`) are read back canonical.
  timezone: z.string().transform((tz) => canonicalZone(tz) ?? tz),
  shareName: z.boolean(),
});

const optionSchema = z.object({
  value: z.string(),
  label: z.object({
    key: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  }),
});
const askSchema = z.object({
  id: z.string(),
  // A question the machine no longer asks is no snapshot to resume (recovered at a safe point).
  field: z.enum(FIELDS),
  kind: z.enum(['scale', 'yesno', 'choice', 'number', 'text']),
  prompt: optionSchema.shape.label,
  options: z.array(optionSchema),
  min: z.number().optional(),
  max: z.number().optional(),
  typedNumber: z.literal('amount').optional(),
});

/** The persisted context, validated on every read. */
export const contextSchema = z.object({
  locale: z.enum(['en', 'zh-CN']),
  seq: z.number().int().nonnegative(),
  ask: askSchema.nullable(),
  saved: askSchema.nullable(),
  hold: z.boolean(),
  profile: profileSchema,
  ratings: z.array(z.number()),
  stats: z.record(z.string(), z.object({ n: z.number(), totalDrop: z.number() })),
  days: z.array(
    z.object({ day: z.string(), craving: z.number(), peak: z.number(), mood: z.number(), exMin: z.number() }),
  ),
  missedInRow: z.number(),
  lastCheckinDay: z.string().nullable(),
  pausedUntil: z.number().nullable(),
  checkin: z.record(z.string(), z.unknown()).nullable(),
  session: z
    .object({ id: z.string(), step: z.number(), before: z.number(), completed: z.boolean().optional() })
    // Snapshots stored before `completed` said a completed session with step -1.
    .transform((s) => (s.step === -1 ? { ...s, step: 0, completed: true } : s))
    .nullable(),
  before: z.number().nullable(),
  redFlagAt: z.number().nullable().optional(),
  unreachableSince: z.number().nullable().optional(),
  riskCheck: z
    .object({ askId: z.string(), why: z.enum(SELF_HARM_CATEGORIES) })
    .nullable()
    .optional(),
});

const persistedSchema = z.object({ value: z.unknown(), context: contextSchema });

/** What is stored for the machine. */
export interface PersistedSnapshot {
  value: unknown;
  context: PatientContext;
}

/**
 * Reduces a machine snapshot to what is stored: the conversation's state (the `flow` region) and
 * the context. The interruption region is not stored: it follows the context's open question, and
 * {@link restore} derives it again.
 */
export function persist(snapshot: { value: unknown; context: PatientContext }): PersistedSnapshot {
  return { value: (snapshot.value as { flow: unknown }).flow, context: snapshot.context };
}

/** The machine's state value for a stored conversation state and context (both regions). */
function machineValue(flow: unknown, context: PatientContext): MachineValue {
  // The stored value is checked by `resolveState`, which throws for a state the machine lacks.
  return { flow, interruption: interruptionOf(context) } as MachineValue;
}

/** A state value of the patient machine (both regions). */
type MachineValue = Parameters<PatientMachine['resolveState']>[0]['value'];

/** The outcome of restoring: the snapshot to use, and whether the patient must be told we recovered. */
export type Restored<S> = { snapshot: S; recovered: boolean };

/** True when a profile went through screening (so active use can resume): it has a stage and a baseline. */
function screened(p: PatientContext['profile']): boolean {
  return p.age !== null && p.lastUseAt !== null && p.baselineCraving !== null;
}

/**
 * Restores a stored snapshot, or recovers: a profile that validates is kept and the patient
 * resumes at the active idle state (screened) or starts onboarding again (not yet screened).
 */
export function restore(
  machine: PatientMachine,
  stored: unknown,
  flowVersion: number | undefined,
  input: PatientInput,
  thresholds: Thresholds,
) {
  const parsed = persistedSchema.safeParse(stored);
  if (parsed.success && flowVersion === FLOW_VERSION) {
    try {
      const context = parsed.data.context as PatientContext;
      const snapshot = machine.resolveState({ value: machineValue(parsed.data.value, context), context });
      if (snapshot.status === 'active') return { snapshot, recovered: false };
    } catch {
      // Unknown state value: fall through to recovery.
    }
  }
  const ctx = (stored as { context?: { profile?: unknown; locale?: unknown; stats?: unknown } } | null)
    ?.context;
  const profile = profileSchema.safeParse(ctx?.profile);
  const base = initialContext(input, thresholds);
  if (profile.success && screened(profile.data)) {
    const stats = contextSchema.shape.stats.safeParse(ctx?.stats);
    const context: PatientContext = {
      ...base,
      profile: profile.data,
      stats: stats.success ? stats.data : {},
    };
    return {
      snapshot: machine.resolveState({ value: machineValue({ active: 'idle' }, context), context }),
      recovered: true,
    };
  }
  return { snapshot: null, recovered: true };
}

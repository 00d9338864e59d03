/**
 * zod schemas for the records a persistent store reads back (alerts, counsellor destinations, audit
 * entries, outbox items), so a damaged value is skipped rather than handed to the engine.
 */
import { z } from 'zod';
import { addressSchema, CARE_TEAM_AUDIT_KINDS } from './records.js';

const params = z.record(z.string(), z.union([z.string(), z.number()]));
const locale = z.enum(['en', 'zh-CN']);

const sentRef = z.object({ address: addressSchema, messageId: z.string() });

/** A stored {@link AlertRecord}. */
export const alertRecordSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  code: z.string(),
  level: z.enum(['urgent', 'high', 'routine']),
  reason: z.string(),
  params: params.optional(),
  toldPatient: z.array(z.string()),
  at: z.number(),
  sentTo: z.array(sentRef),
  acknowledgedBy: z.object({ name: z.string(), at: z.number(), via: addressSchema }).optional(),
  repeats: z.number().int().nonnegative(),
  owed: z
    .object({
      sends: z.array(z.object({ address: addressSchema, send: z.number().int().nonnegative() })),
      edits: z.array(sentRef),
      tries: z.number().int().nonnegative(),
    })
    .optional(),
  digestPage: z.object({ page: z.number().int().positive(), pages: z.number().int().positive() }).optional(),
});

/** A stored {@link CounsellorDestination}. */
export const counsellorDestinationSchema = z.object({
  address: addressSchema,
  locale,
  source: z.enum(['config', 'enrolled']),
  addedAt: z.number(),
  movedFrom: z.string().optional(),
});

/** A stored {@link AuditEntry}. */
export const auditEntrySchema = z.object({
  at: z.number(),
  kind: z.enum([
    'alert',
    'ack',
    'relay',
    'clearance',
    'refused',
    'enrol',
    'unenrol',
    'erase',
    ...CARE_TEAM_AUDIT_KINDS,
  ]),
  actor: z.string().optional(),
  patientCode: z.string().optional(),
  detail: z.string().optional(),
});

/**
 * A stored {@link OutboxItem}: checked for its id and kind; the payload is the engine's to
 * interpret (it was written by the same code that reads it).
 */
export const outboxItemSchema = z.looseObject({
  id: z.string().min(1),
  kind: z.string().min(1),
});

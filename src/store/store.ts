/**
 * The Store: everything Dongyu keeps. Two implementations share one contract test suite:
 * {@link MemoryStore} (the embedded default) and the Redis store (`REDIS_URL`).
 *
 * It is the sum of the ports in `ports.ts`, one per concern; a consumer depends on the ones it
 * uses. What they keep is described in `records.ts`; both are named here too, so the store has
 * one place to import from.
 */
import type {
  AlertStore,
  AuditReader,
  AuditStore,
  CaseloadStore,
  Claims,
  DestinationStore,
  OutboxStore,
  PatientLocks,
  PatientStore,
  StoreConnection,
} from './ports.js';

export type * from './ports.js';
export * from './records.js';

/** The whole persistence contract, as the composition root wires it. */
export interface Store
  extends PatientStore,
    PatientLocks,
    OutboxStore,
    Claims,
    DestinationStore,
    AlertStore,
    AuditStore,
    AuditReader,
    CaseloadStore,
    StoreConnection {}

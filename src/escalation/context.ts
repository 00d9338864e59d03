/**
 * What the escalation service needs from the application. Fields are read when they are used, so
 * the composition root may pass its context object before `engine` (or `delivery`) is assigned.
 */

import type { AlertLevel } from '../../flows/intents.js';
import type { ProgressService } from '../charts/progressService.js';
import type { DeliveryQueue } from '../delivery/deliveryQueue.js';
import type { AppContext } from '../engine/ports.js';
import type { ProgramReader } from '../engine/programView.js';
import type { ExportService } from '../export/exportService.js';
import type {
  AlertStore,
  AuditReader,
  AuditStore,
  CaseloadStore,
  Claims,
  DestinationStore,
  PatientLocks,
  PatientStore,
} from '../store/ports.js';
import type { ProfileReader } from './patientProfile.js';

/** The progress-chart service (`src/charts/progressService.ts`): charts for counsellors. */
export type ProgressPort = Pick<ProgressService, 'progressMessage'>;

/** What escalation keeps and reads (see {@link EscalationContext.store}). */
export type EscalationStore = PatientStore &
  PatientLocks &
  Claims &
  DestinationStore &
  AlertStore &
  AuditStore &
  AuditReader &
  CaseloadStore;

/** The application context the escalation service runs in (everything but `desk` and `http`). */
export type EscalationContext = Pick<
  AppContext,
  'config' | 'log' | 'clock' | 'i18n' | 'scheduler' | 'delivery' | 'engine'
> & {
  /**
   * The store ports escalation uses: patients (to read and find them), locks (one alert's copies
   * at a time), claims (enrol attempts), counsellor destinations, alerts and the audit.
   */
  store: EscalationStore;
  /** Charts for `/patient CODE`, when the charts service is there. */
  progress?: ProgressPort;
  /**
   * The rate-limited delivery queue (with `REDIS_URL`): alerts and relays, which are not replies,
   * go through it, except urgent alerts, which are sent at once and only counted in its limits.
   * Without it they are all sent directly.
   */
  queue?: Pick<DeliveryQueue, 'enqueue' | 'sendingNow'>;
  /** Reads the patient's profile from their document (the flows' `profileOf`). */
  profileOf?: ProfileReader;
  /** Reads the patient's exercise program from their document (`/patient`, `/report`; docs/program.md). */
  programOf?: ProgramReader;
  /** Told of every re-alert sent, by level (`dongyu_alert_realerts_total`). */
  countRealert?: (level: AlertLevel) => void;
  /** Data exports for `/export CODE` (issue 23), when the export service is there. */
  exports?: Pick<ExportService, 'exportMessage'>;
};

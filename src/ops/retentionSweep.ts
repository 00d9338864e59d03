/**
 * The retention sweep (docs/clinical-protocol.md#privacy-and-retention: data is kept 180 days after the last
 * message). A patient silent for the retention period (`HISTORY_RETENTION_DAYS`, 180 by default) is erased as
 * an erasure by the flows does it: their record, history, outbox, code mapping and scheduled jobs (the daily
 * check-in among them), and their alerts, except the urgent and high ones still waiting for a counsellor,
 * which stay with their re-alerts (`keepOpenAlerts`). The audit keeps its entries with the code replaced by
 * `erased`, and gets an `erase` entry.
 *
 * The candidates come from the store's activity index; each is checked again under the patient's
 * lock, so a patient who wrote after the index was read is kept, and several instances may sweep
 * at once (the second finds the patient already gone). Time comes from the injected clock.
 */
import type { Clock } from '../clock.js';
import { realertKey } from '../escalation/alertService.js';
import type { Logger } from '../log.js';
import type { Scheduler } from '../scheduling/scheduler.js';
import type { AlertStore, AuditStore, PatientLocks, PatientStore } from '../store/ports.js';
import { isOpenActionable, readableDoc } from '../store/records.js';

const DAY_MS = 86_400_000;

/** What the sweep needs. */
export interface RetentionSweepDeps {
  /** Silent patients and their open alerts, erased under the patient's lock and audited. */
  store: PatientStore & PatientLocks & AlertStore & AuditStore;
  scheduler: Scheduler;
  clock: Clock;
  log: Logger;
  /** Days of silence after which a patient is erased (`HISTORY_RETENTION_DAYS`). */
  retentionDays: number;
  /** Told how many patients a sweep erased (metrics). */
  onErased?: (count: number) => void;
  /** Patients read from the index at a time (default 200). */
  batchSize?: number;
}

/** What one sweep did (counts only). */
export interface RetentionSweepResult {
  /** Patients erased. */
  erased: number;
  /** Listed as silent, but they wrote before their lock was had: kept. */
  active: number;
  /** Already erased (by another instance's sweep, or by themselves) when their lock was had. */
  gone: number;
  /** Could not be erased this time (an error; the next sweep tries again). */
  failed: number;
}

/** Erases the patients silent for the retention period. */
export class RetentionSweep {
  private running: Promise<RetentionSweepResult> | undefined;
  private stopping = false;

  constructor(private readonly deps: RetentionSweepDeps) {}

  /** Runs one sweep (joins the one running, if any) and resolves with its counts. */
  sweep(): Promise<RetentionSweepResult> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Ends a running sweep after the patient it is at (for shutdown). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<RetentionSweepResult> {
    const { store, clock, log, retentionDays } = this.deps;
    const batch = this.deps.batchSize ?? 200;
    const cutoff = clock.now() - retentionDays * DAY_MS;
    const result: RetentionSweepResult = { erased: 0, active: 0, gone: 0, failed: 0 };
    // Patients listed but not erased (a failure) are passed over for the rest of this sweep.
    const passed = new Set<string>();
    try {
      while (!this.stopping) {
        const ids = (await store.inactivePatients(cutoff, batch + passed.size)).filter(
          (id) => !passed.has(id),
        );
        if (!ids.length) break;
        for (const id of ids) {
          if (this.stopping) break;
          try {
            const outcome = await store.withPatientLock(id, () => this.eraseIfSilent(id, cutoff));
            result[outcome]++;
            if (outcome !== 'erased' && outcome !== 'gone') passed.add(id);
          } catch (err) {
            result.failed++;
            passed.add(id);
            log.warn(
              { err: (err as Error).name },
              'retention sweep: a patient could not be erased; next sweep',
            );
          }
        }
      }
    } finally {
      if (result.erased) this.deps.onErased?.(result.erased);
      const busy = result.erased + result.active + result.gone + result.failed > 0;
      log[busy ? 'info' : 'debug']({ ...result, retentionDays }, 'retention sweep');
    }
    return result;
  }

  /** Under the patient's lock: erases them if they are still silent since before `cutoff`. */
  private async eraseIfSilent(patientId: string, cutoff: number): Promise<keyof RetentionSweepResult> {
    const { store, scheduler, clock } = this.deps;
    const loaded = await store.loadPatient(patientId);
    // A corrupt document without a readable time: the index (written by the same commit) decided.
    const last = readableDoc(loaded)?.lastMessageAt;
    if (last !== undefined && last >= cutoff) return 'active';
    // The jobs first: an erased record whose check-ins were still scheduled would leave them
    // firing every day. The alerts still waiting for a counsellor keep their re-alerts.
    const open = (await store.listAlerts({ patientId, open: true })).filter(isOpenActionable);
    await scheduler.cancelAll(patientId, { keep: open.map((a) => realertKey(a.id)) });
    await store.deletePatient(patientId, { keepOpenAlerts: true });
    if (loaded.status === 'missing') return 'gone';
    await store.appendAudit({ at: clock.now(), kind: 'erase', detail: 'retention' });
    return 'erased';
  }
}

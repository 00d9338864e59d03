/**
 * How soon another instance takes over a BullMQ job whose worker died mid-job (a crash, a kill -9):
 * the job's lock must expire and a stalled-job check must find it. BullMQ's defaults (a 30 s lock,
 * checked every 30 s) let an urgent alert the dead instance was sending wait up to a minute; these
 * bring it to about 15 s. A live worker renews its locks every half lock, so only a process whose
 * event loop stood still for 5 s would see a job taken over while it still runs it.
 */

/** Worker options for crash recovery, in ms (BullMQ's `lockDuration` and `stalledInterval`). */
export interface WorkerTiming {
  lockDuration: number;
  stalledInterval: number;
}

/** The timing both the scheduler and the delivery queue run their workers with. */
export const CRASH_RECOVERY: WorkerTiming = { lockDuration: 10_000, stalledInterval: 5_000 };

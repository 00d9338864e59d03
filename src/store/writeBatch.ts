/**
 * Write batching for a Redis connection: the commands that concurrent turns issue in one pass of
 * the event loop leave in one socket write. Each write is a system call: unbatched, the store's
 * three writes per turn took about 8% of the full stack's CPU, and batched, the full stack on
 * Redis made 1,203–1,211 turns/s instead of 907–993 (measured alone in one process).
 *
 * ioredis's own auto-pipelining batched the same way, but its pipeline objects outlived their
 * turns: about 14% of what a turn allocated reached V8's old generation (7% without), and the major
 * collections that followed made the latency tail at 500 turns/s. Corking the socket costs no
 * objects (docs/benchmarks.md#the-open-loop-p99).
 */
import type { Redis } from 'ioredis';

const corked = new WeakSet<object>();

/**
 * Holds `redis`'s socket writes until the event loop has run this pass's I/O callbacks
 * (`setImmediate`), so commands written meanwhile by other turns join them. Call it just before
 * sending a command; calling it again in the same pass does nothing.
 */
export function batchWrites(redis: Redis): void {
  const stream = redis.stream as (typeof redis.stream & { destroyed?: boolean }) | undefined;
  if (!stream || stream.destroyed || corked.has(stream)) return;
  corked.add(stream);
  stream.cork();
  setImmediate(() => {
    corked.delete(stream);
    stream.uncork();
  });
}

/**
 * `GET /healthz` (the process is alive) and `GET /readyz` (the store takes writes and has not
 * forgotten everything, the channels have started, no shutdown has begun).
 */

import type { AppContext } from '../engine/ports.js';
import type { Channel } from '../engine/types.js';
import { sendJson } from '../http/server.js';
import type { StoreConnection } from '../store/ports.js';
import type { RedisGuard, RedisState } from './redisGuard.js';

/** How long `/readyz` waits for the store before calling it unreachable. */
const STORE_WAIT_MS = 2_000;

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}

/**
 * Registers the health routes; returns the switches start-up and shutdown flip. With a Redis
 * guard, readiness also needs Redis to take writes and no unacknowledged reset (`redisGuard.ts`);
 * otherwise the store must answer a ping.
 */
export function registerHealthRoutes(
  ctx: Pick<AppContext, 'http'> & { store: Pick<StoreConnection, 'ping'> },
  channels: Channel[],
  guard?: Pick<RedisGuard, 'check'>,
) {
  let started = false;
  let stopping = false;
  ctx.http.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));
  ctx.http.route('GET', '/readyz', async (_req, res) => {
    let store: 'ok' | 'unreachable' | 'refusing writes' = 'ok';
    let state: RedisState = {};
    try {
      if (guard) state = await within(guard.check(), STORE_WAIT_MS);
      else await within(ctx.store.ping(), STORE_WAIT_MS);
      if (state.refusing) store = 'refusing writes';
    } catch {
      store = 'unreachable';
    }
    const reset = state.resetDetectedAt;
    const ready = started && !stopping && store === 'ok' && reset === undefined;
    sendJson(res, ready ? 200 : 503, {
      status: ready ? 'ready' : 'not ready',
      store,
      ...(state.refusing ? { refusing: state.refusing } : {}),
      ...(reset !== undefined
        ? {
            redisReset: {
              detectedAt: new Date(reset).toISOString(),
              acknowledge: 'npm run redis:ack-reset',
            },
          }
        : {}),
      started,
      stopping,
      channels: channels.map((c) => c.name),
    });
  });
  return {
    markStarted: () => {
      started = true;
    },
    markStopping: () => {
      stopping = true;
    },
  };
}

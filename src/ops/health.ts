/** `GET /healthz` (the process is alive) and `GET /readyz` (store reachable, channels started). */

import type { AppContext } from '../engine/ports.js';
import type { Channel } from '../engine/types.js';
import { sendJson } from '../http/server.js';
import type { StoreConnection } from '../store/ports.js';

/** Registers the health routes; returns the switches start-up and shutdown flip. */
export function registerHealthRoutes(
  ctx: Pick<AppContext, 'http'> & { store: Pick<StoreConnection, 'ping'> },
  channels: Channel[],
) {
  let started = false;
  let stopping = false;
  ctx.http.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));
  ctx.http.route('GET', '/readyz', async (_req, res) => {
    let store = 'ok';
    try {
      await Promise.race([
        ctx.store.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref()),
      ]);
    } catch {
      store = 'unreachable';
    }
    const ready = started && !stopping && store === 'ok';
    sendJson(res, ready ? 200 : 503, {
      status: ready ? 'ready' : 'not ready',
      store,
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

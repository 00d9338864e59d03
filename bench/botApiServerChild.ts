/**
 * The servers the transport benchmark calls, in a process of their own so that the benchmark's
 * CPU figure is the client's alone: the fake Bot API and a local CONNECT proxy in front of it.
 * Started by bench/transport.ts with an IPC channel; answers `stop` by exiting.
 */

import { FakeBotApi } from '../tests/channels/telegram/fakeBotApi.js';
import { ConnectProxy } from '../tests/support/connectProxy.js';

/** What the child tells the benchmark once it listens. */
export interface ServersReady {
  type: 'ready';
  apiRoot: string;
  token: string;
  proxyUrl: string;
}

/** Calls the fake keeps in its log before it is cleared (the benchmark never reads it). */
const LOG_LIMIT = 2_000;

async function main(): Promise<void> {
  if (!process.send)
    throw new Error('bench/botApiServerChild.ts is started by bench/transport.ts (it needs IPC).');
  const fake = await FakeBotApi.start();
  fake.intercept(() => {
    if (fake.calls.length > LOG_LIMIT) {
      fake.calls.length = 0;
      fake.messages.clear();
    }
    return undefined;
  });
  const proxy = await ConnectProxy.start();
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stop') void Promise.all([fake.close(), proxy.close()]).finally(() => process.exit(0));
  });
  const ready: ServersReady = {
    type: 'ready',
    apiRoot: fake.apiRoot,
    token: fake.token,
    proxyUrl: proxy.url,
  };
  process.send(ready);
}

void main().catch((err: unknown) => {
  process.stderr.write(`Bot API server child failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

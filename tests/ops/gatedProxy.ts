/**
 * An HTTP proxy in front of the fake Bot API that holds chosen calls (e.g. `sendMessage`) until the
 * test opens the gate, so a turn can be caught "in flight" at a known point.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The proxy. Create with {@link GatedProxy.start}; always {@link GatedProxy.close} it. */
export class GatedProxy {
  private open = false;
  private readonly held: (() => void)[] = [];
  private readonly heldWaiters: (() => void)[] = [];
  /** Calls held so far (they stay counted after the gate opens). */
  heldCount = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly target: string,
    private hold: (method: string) => boolean,
  ) {}

  /** Holds the calls `hold` picks from now on, until the next {@link GatedProxy.release}. */
  arm(hold: (method: string) => boolean): void {
    this.hold = hold;
    this.open = false;
    this.heldCount = 0;
  }

  /** Starts a proxy to `target` (an API root) on a free port, holding calls `hold` picks. */
  static async start(target: string, hold: (method: string) => boolean): Promise<GatedProxy> {
    const server = http.createServer();
    const proxy = new GatedProxy(server, target, hold);
    // A call released while the test tears down may find the fake gone: drop it quietly.
    server.on('request', (req, res) => void proxy.forward(req, res).catch(() => res.destroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The API root to give the app. */
  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves once a call is being held. */
  async waitForHeld(): Promise<void> {
    if (this.heldCount > 0) return;
    await new Promise<void>((resolve) => this.heldWaiters.push(resolve));
  }

  /** Lets every held call (and all later ones) through. */
  release(): void {
    this.open = true;
    for (const go of this.held.splice(0)) go();
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private async forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const method = (req.url ?? '').split('/').at(-1) ?? '';
    if (!this.open && this.hold(method)) {
      this.heldCount++;
      for (const w of this.heldWaiters.splice(0)) w();
      await new Promise<void>((resolve) => this.held.push(resolve));
    }
    const headers = { ...req.headers };
    delete headers.host;
    const upstream = await fetch(`${this.target}${req.url}`, {
      method: req.method,
      headers: headers as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    res.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    res.end(body);
  }
}

/**
 * A local HTTP CONNECT proxy (node:http on 127.0.0.1, port 0), like the ones operators run where
 * Telegram is blocked: a client sends `CONNECT host:port`, the proxy opens a TCP connection there
 * and relays bytes both ways (TLS, when there is any, passes through end to end). It records every
 * tunnel it opened, can demand Basic credentials (answering 407 without them), and refuses plain
 * proxied requests (405), so a client that does not tunnel is seen.
 *
 * ```ts
 * const proxy = await ConnectProxy.start({ auth: 'user:secret' });
 * // ... TELEGRAM_PROXY_URL = proxy.urlWithAuth
 * expect(proxy.tunnels.map((t) => t.target)).toContain(`127.0.0.1:${port}`);
 * await proxy.close();
 * ```
 */
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';

/** One CONNECT the proxy answered. */
export interface Tunnel {
  /** `host:port` the client asked for. */
  target: string;
  /** 200 when the tunnel was opened; 407 without the right credentials; 502 when the target refused. */
  status: number;
}

/** Options of {@link ConnectProxy.start}. */
export interface ConnectProxyOptions {
  /** `user:password` the client must send as `Proxy-Authorization: Basic ...`. Default: none. */
  auth?: string;
}

/** A running CONNECT proxy. */
export class ConnectProxy {
  /** Every CONNECT, in order. */
  readonly tunnels: Tunnel[] = [];
  /** Plain (non-CONNECT) requests, refused. */
  plainRequests = 0;
  /**
   * The local ports of the proxy's connections to targets: a server that records the port each
   * request came from can tell which came through the proxy.
   */
  readonly upstreamPorts = new Set<number>();
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: http.Server,
    private readonly options: ConnectProxyOptions,
  ) {}

  /** Starts a proxy on 127.0.0.1 on a free port. */
  static async start(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
    const server = http.createServer();
    const proxy = new ConnectProxy(server, options);
    server.on('connection', (s: net.Socket) => proxy.track(s));
    server.on('request', (_req, res) => {
      proxy.plainRequests++;
      res.writeHead(405, { 'content-type': 'text/plain' }).end('This proxy only tunnels (CONNECT).');
    });
    server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) =>
      proxy.tunnel(req, client, head),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** The proxy's URL, `http://127.0.0.1:<port>`. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The URL with the credentials the proxy demands (the same as {@link url} without any). */
  get urlWithAuth(): string {
    if (!this.options.auth) return this.url;
    const [user, password] = this.options.auth.split(':');
    return `http://${encodeURIComponent(user!)}:${encodeURIComponent(password ?? '')}@${this.url.slice(7)}`;
  }

  /** Tunnels opened (status 200) to `target` (`host:port`). */
  opened(target: string): number {
    return this.tunnels.filter((t) => t.target === target && t.status === 200).length;
  }

  /** Closes the proxy and every tunnel. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  private tunnel(req: http.IncomingMessage, client: net.Socket, head: Buffer): void {
    const target = req.url ?? '';
    const expected = this.options.auth && `Basic ${Buffer.from(this.options.auth).toString('base64')}`;
    if (expected && req.headers['proxy-authorization'] !== expected) {
      this.tunnels.push({ target, status: 407 });
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n' +
          'Content-Length: 0\r\nConnection: close\r\n\r\n',
      );
      return;
    }
    const colon = target.lastIndexOf(':');
    const host = target.slice(0, colon).replace(/^\[|\]$/g, '');
    const upstream = net.connect(Number(target.slice(colon + 1)), host);
    this.track(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      this.upstreamPorts.add(upstream.localPort!);
      this.tunnels.push({ target, status: 200 });
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.once('error', () => {
      if (!connected) {
        this.tunnels.push({ target, status: 502 });
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      } else client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }
}

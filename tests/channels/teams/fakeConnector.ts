/**
 * A fake Bot Framework connector (the service behind an activity's `serviceUrl`) on 127.0.0.1.
 * It records what the bot sends and answers `{ id }` like the real service:
 * - `POST /v3/conversations/{id}/activities`: a new message (`kind: 'send'`);
 * - `POST /v3/conversations/{id}/activities/{replyToId}`: a reply (`kind: 'reply'`);
 * - `PUT /v3/conversations/{id}/activities/{activityId}`: an edit (`kind: 'update'`).
 * - `PUT /upload/{name}`: a file uploaded where a consent card's acceptance said (`uploads`).
 * Anything else answers 404 and is recorded as `kind: 'unknown'`, so a test can assert none.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the bot made to the connector. */
export interface ConnectorCall {
  kind: 'send' | 'reply' | 'update' | 'unknown';
  method: string;
  path: string;
  conversationId: string;
  /** The reply-to id (`reply`) or the edited activity id (`update`). */
  activityId?: string;
  /** The id the connector answered with (for `send` and `reply`; the edited id for `update`). */
  responseId?: string;
  /** Set when the connector was told to fail this call ({@link FakeConnector.failNext}). */
  failedWith?: number;
  /** The Authorization header the bot sent, if any. */
  authorization?: string;
  activity: Record<string, unknown>;
}

/** An Adaptive Card action as the fake connector sees it. */
export interface CardAction {
  type: string;
  title: string;
  data?: Record<string, unknown>;
}

const ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

/** The fake connector server. Start it, point activities' `serviceUrl` at {@link FakeConnector.url}. */
export class FakeConnector {
  /** Every recorded call, in arrival order. */
  readonly calls: ConnectorCall[] = [];
  /** Files uploaded to `/upload/{name}`, with the headers that came with them. */
  readonly uploads: { name: string; bytes: Buffer; contentRange?: string }[] = [];
  private readonly server = http.createServer((req, res) => void this.onRequest(req, res));
  private port = 0;
  private nextId = 1;
  private failures: { status: number; headers: Record<string, string>; only?: ConnectorCall['kind'] }[] = [];

  /** Listens on a free port of 127.0.0.1; resolves with the service URL (ending in `/`). */
  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.url;
  }

  /** The service URL to put into activities. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  /** Stops the server. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /**
   * The next `times` delivering calls (of kind `only`, when given) are answered with `status`
   * (recorded all the same).
   */
  failNext(
    status: number,
    times = 1,
    headers: Record<string, string> = {},
    only?: ConnectorCall['kind'],
  ): void {
    for (let i = 0; i < times; i++) this.failures.push({ status, headers, only });
  }

  /** Forgets the recorded calls. */
  clear(): void {
    this.calls.length = 0;
  }

  /** The calls that delivered something (send, reply, update) to one conversation. */
  to(conversationId: string): ConnectorCall[] {
    return this.calls.filter(
      (c) => c.conversationId === conversationId && c.kind !== 'unknown' && c.failedWith === undefined,
    );
  }

  /** The visible text of each message sent to a conversation (plain text or the card's text blocks). */
  texts(conversationId: string): string[] {
    return this.to(conversationId).map((c) => activityText(c.activity));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let activity: Record<string, unknown> = {};
    try {
      activity = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      activity = { unparsable: raw };
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'PUT' && path.startsWith('/upload/')) {
      const contentRange = req.headers['content-range'];
      this.uploads.push({
        name: decodeURIComponent(path.slice(8)),
        bytes: Buffer.concat(chunks),
        contentRange,
      });
      res.writeHead(201, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    const m = ROUTE.exec(path);
    const base = {
      method: req.method ?? '',
      path,
      authorization: req.headers.authorization,
      activity,
    };
    if (!m) {
      this.calls.push({ ...base, kind: 'unknown', conversationId: '' });
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      return;
    }
    const conversationId = decodeURIComponent(m[1]!);
    const activityId = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
    let kind: ConnectorCall['kind'] = 'unknown';
    if (req.method === 'POST') kind = activityId ? 'reply' : 'send';
    else if (req.method === 'PUT' && activityId) kind = 'update';
    const at = kind === 'unknown' ? -1 : this.failures.findIndex((f) => !f.only || f.only === kind);
    const failure = at < 0 ? undefined : this.failures.splice(at, 1)[0];
    if (failure) {
      this.calls.push({ ...base, kind, conversationId, activityId, failedWith: failure.status });
      res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      res.end(JSON.stringify({ error: { code: 'Failure', message: `fake failure ${failure.status}` } }));
      return;
    }
    const responseId = kind === 'update' ? activityId : `act-${this.nextId++}`;
    this.calls.push({ ...base, kind, conversationId, activityId, responseId });
    const status = kind === 'unknown' ? 404 : 200;
    const body = JSON.stringify(kind === 'unknown' ? { error: 'not found' } : { id: responseId });
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  }
}

/** The text a person would read in an activity: `text`, or every text line of its Adaptive Cards. */
export function activityText(activity: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof activity.text === 'string') parts.push(activity.text);
  for (const card of cardsOf(activity)) collectText(card.body, parts);
  return parts.join('\n');
}

/** The Adaptive Card contents attached to an activity. */
export function cardsOf(activity: Record<string, unknown>): Record<string, unknown>[] {
  const attachments = Array.isArray(activity.attachments) ? activity.attachments : [];
  return attachments
    .filter((a: { contentType?: string }) => a?.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((a: { content: Record<string, unknown> }) => a.content);
}

/** Every Action.Submit in an activity's cards (in the order they are shown). */
export function cardActions(activity: Record<string, unknown>): CardAction[] {
  const out: CardAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && n.type.startsWith('Action.')) {
      out.push({ type: n.type, title: String(n.title ?? ''), data: n.data as Record<string, unknown> });
    }
    for (const v of Object.values(n)) if (v && typeof v === 'object') walk(v);
  };
  for (const card of cardsOf(activity)) walk(card);
  return out;
}

function collectText(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const n of node) collectText(n, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(n.text);
  // A line of literal text: its TextRuns (a lone no-break space is an empty line).
  if (n.type === 'RichTextBlock' && Array.isArray(n.inlines)) {
    const line = n.inlines
      .map((r: { text?: unknown }) => (typeof r.text === 'string' ? r.text : ''))
      .join('');
    out.push(line === '\u00a0' ? '' : line);
    return;
  }
  // A FactSet (an alert's details): one "title: value" line a fact.
  if (n.type === 'FactSet' && Array.isArray(n.facts)) {
    for (const f of n.facts as { title?: unknown; value?: unknown }[])
      out.push(`${String(f.title)}: ${String(f.value)}`);
    return;
  }
  for (const [k, v] of Object.entries(n))
    if (k !== 'actions' && v && typeof v === 'object') collectText(v, out);
}

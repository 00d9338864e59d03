/**
 * A fake Telegram Bot API server over real HTTP (node:http on 127.0.0.1, port 0), for tests and
 * benchmarks. Point grammY at it with `TELEGRAM_API_ROOT = fake.apiRoot` and the token
 * `fake.token`.
 *
 * It answers getMe, deleteWebhook, getWebhookInfo, getUpdates (long poll, fed by
 * {@link FakeBotApi.pushUpdate}), sendMessage, sendPhoto and sendDocument (multipart), answerCallbackQuery,
 * editMessageText, editMessageCaption, editMessageReplyMarkup, setMyCommands, deleteMyCommands,
 * setMyDescription,
 * setMyShortDescription, setWebhook and sendChatAction; any other method gets Telegram's
 * 404 "method not found". Every call is recorded in {@link FakeBotApi.calls};
 * {@link FakeBotApi.failNext} makes the next calls fail (429 with retry_after, 500, 403, ...), and
 * {@link FakeBotApi.intercept} decides per call (e.g. to enforce a rate limit).
 *
 * ```ts
 * const api = await FakeBotApi.start();
 * // ... createApp({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, ... })
 * api.pushUpdate(privateText({ userId: 42, text: '/start' }));
 * const [reply] = await api.waitForCalls('sendMessage', 1);
 * await api.close();
 * ```
 */
import { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Update } from 'grammy/types';
import { parseMultipart, type RecordedFile } from './multipart.js';

export type { RecordedFile } from './multipart.js';

/** One recorded Bot API call. `params` are the JSON (or form) parameters as sent. */
export interface BotApiCall {
  /** Position in the call log, from 0. */
  seq: number;
  method: string;
  params: Record<string, unknown>;
  /** Uploaded files by parameter name (e.g. `photo` for sendPhoto). */
  files: Record<string, RecordedFile>;
  /** The error code answered, when the call was made to fail by {@link FakeBotApi.failNext}. */
  failedWith?: number;
  /** The `result` answered (e.g. the sent Message with its `message_id`). */
  result?: unknown;
  /** The port the call came from: a proxy's outgoing connection, when it came through one. */
  remotePort?: number;
}

/** How {@link FakeBotApi.failNext} fails a call. */
export interface InjectedFailure {
  /** HTTP status and `error_code`, e.g. 429, 500, 403, 400. */
  errorCode: number;
  /** Telegram's description; a sensible default per code. */
  description?: string;
  /** Seconds for `parameters.retry_after` (429 only; default 0 so tests stay fast). */
  retryAfter?: number;
  /** Only calls to this method fail; default: any method except getUpdates. */
  method?: string;
  /** `parameters.migrate_to_chat_id`: the group was upgraded to a supergroup with this id (400). */
  migrateToChatId?: number;
}

/** Options for {@link FakeBotApi.start}. */
export interface FakeBotApiOptions {
  token?: string;
  /** The bot's `@username` without `@`. */
  username?: string;
  botId?: number;
  /** Longest long poll the server holds, in ms (getUpdates `timeout` is capped to this). */
  maxPollMs?: number;
  /** Serve HTTPS with this key and certificate (PEM); `apiRoot` is then `https://127.0.0.1:<port>`. */
  tls?: { key: string; cert: string };
}

/** A sent message as the fake remembers it (sendMessage / sendPhoto / edits applied). */
export interface FakeMessage {
  chatId: string;
  messageId: number;
  text?: string;
  caption?: string;
  replyMarkup?: unknown;
}

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request: injected failure',
  403: 'Forbidden: bot was blocked by the user',
  429: 'Too Many Requests: retry after',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

/** The fake server. Create with {@link FakeBotApi.start}; always {@link FakeBotApi.close} it. */
export class FakeBotApi {
  /** Every call in arrival order (getUpdates included). */
  readonly calls: BotApiCall[] = [];
  /** Messages the bot has sent, by `chatId:messageId`. */
  readonly messages = new Map<string, FakeMessage>();
  /** The current webhook (set by setWebhook, cleared by deleteWebhook). */
  webhook: { url: string; secretToken?: string } | null = null;

  private readonly events = new EventEmitter();
  private readonly queue: Update[] = [];
  private readonly failures: (InjectedFailure & { left: number })[] = [];
  private readonly pollers = new Set<() => void>();
  private nextUpdateId = 1000;
  private nextMessageId = 1;
  private closed = false;
  private interceptor:
    | ((call: { method: string; params: Record<string, unknown> }) => InjectedFailure | undefined)
    | null = null;

  private constructor(
    private readonly server: http.Server | https.Server,
    readonly token: string,
    readonly username: string,
    readonly botId: number,
    private readonly maxPollMs: number,
  ) {
    this.events.setMaxListeners(0);
  }

  /** Starts a fake on a free port of 127.0.0.1. */
  static async start(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
    const server = options.tls ? https.createServer(options.tls) : http.createServer();
    const fake = new FakeBotApi(
      server,
      options.token ?? '123456:TEST-fake-token_abc',
      options.username ?? 'dongyu_test_bot',
      options.botId ?? 123456,
      options.maxPollMs ?? 10_000,
    );
    server.on('request', (req, res) => void fake.serve(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The `TELEGRAM_API_ROOT` to use (no trailing slash). */
  get apiRoot(): string {
    const scheme = this.server instanceof https.Server ? 'https' : 'http';
    return `${scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /**
   * Queues an update for getUpdates (polling mode). `update_id` is assigned when missing;
   * returns it. Push the same update twice to simulate a re-delivery.
   */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): number {
    const id = update.update_id ?? this.nextUpdateId++;
    this.queue.push({ ...update, update_id: id } as Update);
    for (const wake of this.pollers) wake();
    return id;
  }

  /** A fresh update id (for updates you POST to a webhook yourself). */
  newUpdateId(): number {
    return this.nextUpdateId++;
  }

  /**
   * Decides per call whether it fails (e.g. a rate limiter answering 429 beyond 30 messages/s);
   * return undefined to let it through. Runs before {@link FakeBotApi.failNext}. `null` removes it.
   */
  intercept(
    fn: ((call: { method: string; params: Record<string, unknown> }) => InjectedFailure | undefined) | null,
  ): void {
    this.interceptor = fn;
  }

  /** Makes the next `times` matching calls fail as described. Failures queue in order. */
  failNext(times: number, failure: InjectedFailure): void {
    this.failures.push({ ...failure, left: times });
  }

  /** Recorded calls to one method, in order. */
  callsTo(method: string): BotApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Successful sendMessage calls (optionally to one chat): text, parse mode and markup. */
  sentTexts(chatId?: number | string): { chatId: string; text: string; replyMarkup?: unknown }[] {
    return this.calls
      .filter((c) => c.method === 'sendMessage' && c.failedWith === undefined)
      .filter((c) => chatId === undefined || String(c.params.chat_id) === String(chatId))
      .map((c) => ({
        chatId: String(c.params.chat_id),
        text: String(c.params.text),
        replyMarkup: c.params.reply_markup,
      }));
  }

  /**
   * Resolves with the first `count` recorded calls matching `method` (or a predicate) once there
   * are that many; rejects after `timeoutMs` naming what was awaited and what arrived.
   */
  waitForCalls(
    match: string | ((call: BotApiCall) => boolean),
    count = 1,
    timeoutMs = 8_000,
  ): Promise<BotApiCall[]> {
    const pred = typeof match === 'string' ? (c: BotApiCall) => c.method === match : match;
    const found = () => this.calls.filter(pred);
    return new Promise((resolve, reject) => {
      const check = () => {
        const f = found();
        if (f.length < count) return;
        cleanup();
        resolve(f.slice(0, count));
      };
      const timer = setTimeout(() => {
        cleanup();
        const seen = this.calls.map((c) => c.method).join(', ');
        reject(
          new Error(
            `FakeBotApi: waited for ${count} call(s) to ${typeof match === 'string' ? match : 'a predicate'}, ` +
              `got ${found().length}. Calls so far: ${seen || 'none'}.`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.events.off('call', check);
      };
      this.events.on('call', check);
      check();
    });
  }

  /**
   * Posts an update to a webhook URL the way Telegram does; resolves with the HTTP status.
   * `secret` goes into `X-Telegram-Bot-Api-Secret-Token` (omit to send none).
   */
  async deliverWebhook(url: string, update: Update, secret?: string): Promise<number> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
    const res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(update) });
    await res.arrayBuffer();
    return res.status;
  }

  /** Forgets recorded calls, queued updates, failures and messages. */
  reset(): void {
    this.calls.length = 0;
    this.queue.length = 0;
    this.failures.length = 0;
    this.messages.clear();
  }

  /** Ends pending long polls and stops the server. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.pollers) wake();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec((req.url ?? '').split('?')[0] ?? '');
    if (!m) return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const body = await readAll(req);
    if (m[1] !== this.token)
      return reply(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    let params: Record<string, unknown> = {};
    let files: Record<string, RecordedFile> = {};
    const type = req.headers['content-type'] ?? '';
    try {
      if (type.startsWith('multipart/form-data')) ({ params, files } = parseMultipart(body, type));
      else if (body.length) params = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return reply(res, 400, { ok: false, error_code: 400, description: 'Bad Request: unreadable body' });
    }
    const call: BotApiCall = {
      seq: this.calls.length,
      method,
      params,
      files,
      remotePort: req.socket.remotePort,
    };
    const failure = this.interceptor?.({ method, params }) ?? this.takeFailure(method);
    if (failure) {
      call.failedWith = failure.errorCode;
      this.record(call);
      return reply(res, failure.errorCode, {
        ok: false,
        error_code: failure.errorCode,
        description: failure.description ?? DEFAULT_DESCRIPTIONS[failure.errorCode] ?? 'Injected failure',
        ...(failure.errorCode === 429 ? { parameters: { retry_after: failure.retryAfter ?? 0 } } : {}),
        ...(failure.migrateToChatId !== undefined
          ? { parameters: { migrate_to_chat_id: failure.migrateToChatId } }
          : {}),
      });
    }
    if (method === 'getUpdates') return this.getUpdates(res, call);
    const result = this.answer(method, params);
    call.result = result;
    this.record(call);
    if (result === undefined)
      return reply(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    reply(res, 200, { ok: true, result });
  }

  private record(call: BotApiCall): void {
    call.seq = this.calls.length;
    this.calls.push(call);
    this.events.emit('call', call);
  }

  private takeFailure(method: string): InjectedFailure | undefined {
    const i = this.failures.findIndex((f) => (f.method ? f.method === method : method !== 'getUpdates'));
    if (i < 0) return undefined;
    const f = this.failures[i]!;
    if (--f.left <= 0) this.failures.splice(i, 1);
    return f;
  }

  private getUpdates(res: ServerResponse, call: BotApiCall): void {
    this.record(call);
    const offset = Number(call.params.offset ?? 0);
    const limit = Number(call.params.limit ?? 100) || 100;
    const timeoutMs = Math.min(Number(call.params.timeout ?? 0) * 1000, this.maxPollMs);
    // Confirmed updates (below offset) are gone for good, as in Telegram.
    while (this.queue.length && this.queue[0]!.update_id < offset) this.queue.shift();
    const ready = () => this.queue.filter((u) => u.update_id >= offset).slice(0, Math.max(1, limit));
    const now = ready();
    if (now.length || timeoutMs <= 0 || this.closed) {
      reply(res, 200, { ok: true, result: now });
      return;
    }
    const finish = () => {
      clearTimeout(timer);
      this.pollers.delete(wake);
      res.off('close', gone);
      if (!res.writableEnded && !res.destroyed) reply(res, 200, { ok: true, result: ready() });
    };
    const wake = () => setImmediate(finish);
    const gone = () => {
      clearTimeout(timer);
      this.pollers.delete(wake);
    };
    const timer = setTimeout(finish, timeoutMs);
    this.pollers.add(wake);
    res.on('close', gone);
  }

  private answer(method: string, p: Record<string, unknown>): unknown {
    const chat = (id: unknown) => {
      const n = Number(id);
      return n < 0
        ? { id: n, type: 'supergroup', title: 'Group' }
        : { id: n, type: 'private', first_name: 'P' };
    };
    const date = Math.floor(Date.now() / 1000);
    const from = { id: this.botId, is_bot: true, first_name: 'Dongyu', username: this.username };
    switch (method) {
      case 'getMe':
        return {
          ...from,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
          can_connect_to_business: false,
          has_main_web_app: false,
        };
      case 'setWebhook':
        this.webhook = { url: String(p.url), secretToken: p.secret_token as string | undefined };
        return true;
      case 'deleteWebhook':
        this.webhook = null;
        return true;
      case 'getWebhookInfo':
        return { url: this.webhook?.url ?? '', has_custom_certificate: false, pending_update_count: 0 };
      case 'answerCallbackQuery':
      case 'setMyCommands':
      case 'deleteMyCommands':
      case 'setMyDescription':
      case 'setMyShortDescription':
      case 'sendChatAction':
      case 'deleteMessage':
        return true;
      case 'sendDocument':
        return {
          message_id: this.nextMessageId++,
          date,
          chat: chat(p.chat_id),
          from,
          document: { file_id: `doc${this.nextMessageId}`, file_unique_id: 'd', file_name: 'file' },
        };
      case 'sendMessage':
      case 'sendPhoto': {
        const msg: FakeMessage = {
          chatId: String(p.chat_id),
          messageId: this.nextMessageId++,
          text: method === 'sendMessage' ? String(p.text) : undefined,
          caption: p.caption === undefined ? undefined : String(p.caption),
          replyMarkup: p.reply_markup,
        };
        this.messages.set(`${msg.chatId}:${msg.messageId}`, msg);
        return {
          message_id: msg.messageId,
          date,
          chat: chat(p.chat_id),
          from,
          ...(msg.text !== undefined ? { text: msg.text } : {}),
          ...(method === 'sendPhoto'
            ? { photo: [{ file_id: `photo${msg.messageId}`, file_unique_id: 'u', width: 1, height: 1 }] }
            : {}),
          ...(msg.caption !== undefined ? { caption: msg.caption } : {}),
          ...(msg.replyMarkup ? { reply_markup: msg.replyMarkup } : {}),
        };
      }
      case 'editMessageText':
      case 'editMessageCaption':
      case 'editMessageReplyMarkup': {
        const key = `${String(p.chat_id)}:${Number(p.message_id)}`;
        const msg = this.messages.get(key) ?? { chatId: String(p.chat_id), messageId: Number(p.message_id) };
        if (method === 'editMessageText') msg.text = String(p.text);
        if (method === 'editMessageCaption') msg.caption = String(p.caption);
        msg.replyMarkup = p.reply_markup;
        this.messages.set(key, msg);
        return { message_id: msg.messageId, date, chat: chat(p.chat_id), from, text: msg.text ?? '' };
      }
      default:
        return undefined;
    }
  }
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) });
  res.end(data);
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

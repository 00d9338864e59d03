/**
 * The Telegram channel (grammY). It decides nothing: private-chat updates become
 * {@link InboundTurn}s for the engine, counsellor-chat updates go to the counsellor desk, other
 * groups get a short kind note. Replies come back through {@link TelegramChannel.send}.
 *
 * Long polling with `@grammyjs/runner` by default; a webhook on the shared HTTP server when
 * `TELEGRAM_WEBHOOK_URL` is set. Updates of one chat are handled one at a time (`sequentialize`).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type RunnerHandle, run, sequentialize } from '@grammyjs/runner';
import { type Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import type { ChannelContext } from '../../engine/ports.js';
import type { Address, Channel, ChatMenu, Locale, OutboundMessage, SentRef } from '../../engine/types.js';
import { isCounsellorCommand } from '../../escalation/counsellorDesk.js';
import { localeFromLanguageCode } from '../../i18n.js';
import { createBot, type RetryPolicy } from './bot.js';
import { chatScope, counsellorCommandList, publishProfile } from './commands.js';
import {
  errorFields,
  TelegramDeliveryError,
  type TelegramStartError,
  type TelegramUnreachableError,
  toDeliveryError,
} from './errors.js';
import { proxyRoute, shownProxy } from './proxyRoute.js';
import { type StartupCallsOptions, startupCalls } from './startupCalls.js';
import { callSignal, TelegramSender } from './telegramSender.js';
import { type BotApiTransport, createBotApiTransport } from './undiciTransport.js';
import { readUpdate, type TelegramEvent, toCounsellorInbound, toInboundTurn } from './updates.js';
import { createWebhookHandler } from './webhook.js';

/** The update kinds Dongyu asks Telegram for. */
export const ALLOWED_UPDATES = ['message', 'edited_message', 'callback_query', 'my_chat_member'] as const;

/** Telegram's Bot API server, when `TELEGRAM_API_ROOT` names no other. */
const TELEGRAM_API_ROOT = 'https://api.telegram.org';

/** How long an update id is remembered for de-duplication (Telegram re-delivers within a day). */
const DEDUPE_TTL_SECONDS = 86_400;
/** How long a button press waits to learn whether it is the first copy before answering anyway. */
const CLAIM_WAIT_MS = 500;

/** Tuning for tests and operators; production needs none of it. */
export interface TelegramChannelOptions {
  retry?: RetryPolicy;
  /** The webhook answers 200 after this long even if a turn is still sending. Default 8000. */
  webhookAnswerWithinMs?: number;
  /** At most one "talk to me in private" note per group chat per this many seconds. Default 600. */
  groupNoticeEverySeconds?: number;
  /** Long-poll timeout for getUpdates in seconds. Default 25. */
  pollTimeoutSeconds?: number;
  /**
   * Polling mode: the wait before trying a failed update again (doubling up to `maxMs`).
   * Default 1 s, doubling to 30 s.
   */
  pollRetry?: { firstMs: number; maxMs: number };
  /**
   * How long one send or edit may take, retries included (auto-retry backs off for minutes on a
   * chat answering 5xx). Past it the message stays in the outbox or the queue, which retry it
   * later, and the patient's next update is not held behind it. Default 15000.
   */
  sendDeadlineMs?: number;
  /**
   * The deadline of sends to a chat whose last send failed for a temporary reason (for a minute,
   * or until one succeeds), so its later messages go to the outbox at once. Default 2000.
   */
  sendFailFastMs?: number;
  /** The waits between start-up attempts to reach Telegram (default 1 s, doubling to 10 s). */
  startRetry?: Pick<StartupCallsOptions, 'firstWaitMs' | 'maxWaitMs'>;
  /**
   * The Bot API transport. Default: undici, through the proxy the configuration names for the Bot
   * API (`TELEGRAM_PROXY_URL`, `HTTPS_PROXY`, `NO_PROXY`: see proxyRoute.ts).
   */
  transport?: BotApiTransport;
}

/** The Telegram {@link Channel}. Create it with {@link createTelegramChannel}. */
export class TelegramChannel implements Channel {
  readonly name = 'telegram' as const;
  /** The grammY bot (exposed for tests and benchmarks). */
  readonly bot: Bot;
  private runner: RunnerHandle | undefined;
  /** The background publication of commands and descriptions (awaited by `stop`). */
  private profilePublished: Promise<unknown> = Promise.resolve();
  private readonly counsellorChats: Set<string>;
  private readonly webhookUrl: URL | undefined;
  /** Aborted by `stop`: ends the waits of polled updates that are being tried again. */
  private stopping = new AbortController();
  /** The proxy Bot API calls go through (scheme, host and port only), if any. */
  private readonly proxy: string | undefined;
  /** Webhook updates are processed only between `start` and `stop` (503 otherwise). */
  private accepting = false;
  private readonly sender: TelegramSender;
  /** A webhook update's "committed" callback, found again by `route` (grammY passes the object on). */
  private readonly commitSignals = new WeakMap<Update, () => void>();
  /** Button presses whose keyboard this copy removes (the first copy of the update, once). */
  private readonly keyboardToRemove = new WeakSet<Update>();

  constructor(
    private readonly ctx: ChannelContext,
    private readonly options: TelegramChannelOptions = {},
  ) {
    const { config } = ctx;
    if (!config.TELEGRAM_BOT_TOKEN)
      throw new Error('The Telegram channel needs TELEGRAM_BOT_TOKEN (a token from @BotFather).');
    const { countRetry } = ctx;
    const route = proxyRoute(config);
    const proxy = route(new URL(config.TELEGRAM_API_ROOT ?? TELEGRAM_API_ROOT));
    this.proxy = proxy && shownProxy(proxy);
    this.bot = createBot(
      config.TELEGRAM_BOT_TOKEN,
      config.TELEGRAM_API_ROOT,
      {
        ...options.retry,
        ...(countRetry ? { onFailedAttempt: (reason) => countRetry('telegram', reason) } : {}),
      },
      (options.transport ?? createBotApiTransport({ proxyFor: route })).fetch,
    );
    this.sender = new TelegramSender(this.bot.api, {
      desk: { chatMoved: (from, to) => ctx.desk.chatMoved(from, to) },
      log: ctx.log,
      deadlineMs: options.sendDeadlineMs,
      failFastMs: options.sendFailFastMs,
    });
    this.counsellorChats = new Set(config.COUNSELLOR_TELEGRAM_CHAT_IDS ?? []);
    // A button press is answered at once, before it queues behind the chat's earlier updates: the
    // client shows a spinner until then, and a late answer fails ("query is too old"). Only the
    // first copy of an update answers (and takes the keyboard away): a re-delivery, or a second
    // try after a failure, costs no Bot API call.
    this.bot.use(async (c, next) => {
      const query = c.update.callback_query;
      const answered =
        query && (await this.firstCopy(c.update))
          ? this.quietly('answerCallbackQuery', () => this.bot.api.answerCallbackQuery(query.id))
          : undefined;
      try {
        await next();
      } finally {
        await answered;
      }
    });
    this.bot.use(sequentialize((c) => (c.chat?.id ?? c.from?.id)?.toString()));
    // A webhook update that fails is answered 5xx and re-delivered by Telegram; a polled one has
    // already been confirmed by the next getUpdates, so it is tried again here instead.
    this.bot.use((c) => (this.webhookUrl ? this.route(c.update) : this.routeUntilHandled(c.update)));
    this.bot.catch((err) =>
      ctx.log.error(
        { updateId: err.ctx.update.update_id, err: errorFields(err.error) },
        'telegram update failed',
      ),
    );
    if (config.TELEGRAM_WEBHOOK_URL) {
      if (!config.TELEGRAM_WEBHOOK_SECRET)
        throw new Error('TELEGRAM_WEBHOOK_URL is set but TELEGRAM_WEBHOOK_SECRET is not; set both.');
      this.webhookUrl = new URL(config.TELEGRAM_WEBHOOK_URL);
      ctx.http.route(
        'POST',
        this.webhookUrl.pathname,
        createWebhookHandler({
          secret: config.TELEGRAM_WEBHOOK_SECRET,
          handle: (update, committed) => this.handleWebhookUpdate(update, committed),
          log: ctx.log,
          answerWithinMs: options.webhookAnswerWithinMs,
          accepting: () => this.accepting,
        }),
      );
    }
  }

  /**
   * Checks the token (getMe; a bad token fails start with {@link TelegramStartError}), publishes
   * commands and descriptions in the background, then polls or sets the webhook. A Bot API out of
   * reach is tried again, with a warning each time, for `TELEGRAM_START_TIMEOUT_SECONDS` (then
   * {@link TelegramUnreachableError}); see startupCalls.ts.
   */
  async start(): Promise<void> {
    const { config } = this.ctx;
    if (this.proxy) this.ctx.log.info({ proxy: this.proxy }, 'telegram: Bot API calls go through a proxy');
    const call = startupCalls({
      apiRoot: config.TELEGRAM_API_ROOT,
      ...(this.proxy ? { proxy: this.proxy } : {}),
      token: config.TELEGRAM_BOT_TOKEN!,
      timeoutMs: config.TELEGRAM_START_TIMEOUT_SECONDS * 1000,
      log: this.ctx.log,
      ...this.options.startRetry,
    });
    // Not bot.init(): it retries getMe forever without a word. With botInfo set it is a no-op.
    this.bot.botInfo = await call('getMe', (signal) => this.bot.api.getMe(callSignal(signal)));
    // In the background: Telegram rate-limits these calls, and a menu is no reason to delay start.
    this.profilePublished = publishProfile(this.bot.api, this.ctx.i18n).catch((err: unknown) =>
      this.ctx.log.warn({ err: errorFields(err) }, 'telegram: could not publish commands or descriptions'),
    );
    if (this.webhookUrl) {
      // Before setWebhook: Telegram may post the first update before that call returns.
      this.accepting = true;
      await call('setWebhook', (signal) =>
        this.bot.api.setWebhook(
          this.webhookUrl!.href,
          { secret_token: config.TELEGRAM_WEBHOOK_SECRET, allowed_updates: [...ALLOWED_UPDATES] },
          callSignal(signal),
        ),
      );
      this.ctx.log.info({ path: this.webhookUrl.pathname }, 'telegram: webhook set');
      return;
    }
    await call('deleteWebhook', (signal) => this.bot.api.deleteWebhook(undefined, callSignal(signal)));
    this.stopping = new AbortController();
    this.runner = run(this.bot, {
      runner: {
        fetch: { timeout: this.options.pollTimeoutSeconds ?? 25, allowed_updates: [...ALLOWED_UPDATES] },
      },
    });
    this.ctx.log.info('telegram: long polling started');
  }

  /**
   * Stops taking updates: polling ends and waits for the updates in flight; webhook updates are
   * answered 503 from now on (the webhook stays set: Telegram re-delivers them to other instances).
   */
  async stop(): Promise<void> {
    this.accepting = false;
    const runner = this.runner;
    this.runner = undefined;
    this.stopping.abort();
    if (runner?.isRunning()) await runner.stop();
    await this.profilePublished;
  }

  /**
   * Sends a message (HTML, escaped, split at 4,096 characters) or a photo with its caption; see
   * {@link TelegramSender}.
   */
  send(address: Address, message: OutboundMessage): Promise<SentRef | undefined> {
    return this.sender.send(address, message);
  }

  /** Replaces a sent message's text and buttons (captions for photos); "not modified" is fine. */
  edit(ref: SentRef, message: OutboundMessage): Promise<void> {
    return this.sender.edit(ref, message);
  }

  /**
   * Shows the counsellor commands in one chat's menu (in the chat's language), or takes its own
   * menu away (`null`). A failure is logged, never thrown: a menu is a convenience.
   */
  async showMenu(address: Address, menu: ChatMenu | null): Promise<void> {
    const scope = chatScope(address.conversationId);
    if (!Number.isSafeInteger(scope.chat_id)) return;
    await (menu
      ? this.quietly('setMyCommands', () =>
          this.bot.api.setMyCommands(counsellorCommandList(this.ctx.i18n, menu.locale), { scope }),
        )
      : this.quietly('deleteMyCommands', () => this.bot.api.deleteMyCommands({ scope })));
  }

  /**
   * Handles a webhook update; rejects (→ 5xx, Telegram re-delivers) when the turn could not be
   * handled. A failed *send* is not such a case: the turn was committed before sending, its
   * outbox is retried with the patient's next turn, and a re-delivery would be a duplicate.
   */
  private async handleWebhookUpdate(update: Update, committed: () => void): Promise<void> {
    await this.bot.init();
    this.commitSignals.set(update, committed);
    try {
      await this.bot.handleUpdate(update);
    } catch (err) {
      const cause = err instanceof BotError ? err.error : err;
      if (!(cause instanceof TelegramDeliveryError)) throw cause;
      this.ctx.log.warn(
        { updateId: update.update_id, err: errorFields(cause) },
        'telegram: update handled but a reply could not be sent',
      );
    }
  }

  /**
   * Polling mode: routes an update, and when it could not be handled (the store is down, a lock
   * timed out) tries again with a growing wait until it is, so that an outage loses no update.
   * Updates of the same chat wait behind it (`sequentialize`), which keeps their order. A failed
   * *send* is not retried here (the turn was committed; its outbox is retried). Only a stop ends
   * the tries; the update is then logged as not handled.
   */
  private async routeUntilHandled(update: Update): Promise<void> {
    const { firstMs, maxMs } = this.options.pollRetry ?? { firstMs: 1_000, maxMs: 30_000 };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.route(update);
      } catch (err) {
        if (err instanceof TelegramDeliveryError) {
          // The turn was committed; its outbox is retried. Not an update failure.
          this.ctx.log.warn(
            { updateId: update.update_id, err: errorFields(err) },
            'telegram: update handled but a reply could not be sent',
          );
          return;
        }
        const { signal } = this.stopping;
        if (signal.aborted) throw err;
        const waitMs = Math.min(maxMs, firstMs * 2 ** Math.min(attempt - 1, 20));
        this.ctx.log.warn(
          { updateId: update.update_id, attempt, waitMs, err: errorFields(err) },
          'telegram: update could not be handled; trying again',
        );
        // A stop ends the wait (the sleep rejects) and with it the tries.
        await sleep(waitMs, undefined, { signal }).catch(() => {
          throw err;
        });
      }
    }
  }

  /** Routes one update. Throws only when it could not be handled (e.g. the store is down). */
  private async route(update: Update): Promise<void> {
    if (update.my_chat_member) return this.membershipChanged(update.my_chat_member);
    const moved = migration(update);
    if (moved) {
      await this.ctx.desk.chatMoved(moved.from, moved.to);
      return;
    }
    const ev = readUpdate(update, this.bot.botInfo.username);
    if (!ev) return;
    this.ctx.log.debug(
      {
        updateId: ev.updateId,
        chatId: ev.chatId,
        chatType: ev.chatType,
        kind: ev.message?.kind ?? 'badButton',
      },
      'telegram update',
    );
    // The courtesy call (take the answered keyboard away) goes out at once and runs beside the
    // turn: it does not depend on it. The update is done when both are. (The button's spinner was
    // stopped before the update queued behind the chat's others.)
    const courtesy: Promise<void>[] = [];
    try {
      if (await this.fromCounsellorChat(ev)) return await this.toDesk(ev);
      if (ev.chatType !== 'private') return await this.groupNotice(ev);
      const messageId = ev.callback?.messageId;
      if (messageId !== undefined && this.keyboardToRemove.delete(update))
        courtesy.push(
          this.quietly('editMessageReplyMarkup', () =>
            this.bot.api.editMessageReplyMarkup(ev.chatId, messageId),
          ),
        );
      if (!ev.message) return await this.buttonPassed(ev);
      const committed = this.commitSignals.get(update);
      await this.ctx.engine.handle({
        ...toInboundTurn(ev, ev.message),
        ...(committed ? { onCommitted: committed } : {}),
      });
    } finally {
      await Promise.all(courtesy);
    }
  }

  /**
   * The bot's own membership changed. Removed from a group (left or kicked): the desk unregisters
   * it if it was an enrolled counsellor chat, so alerts stop going where nobody can read them.
   */
  private async membershipChanged(change: NonNullable<Update['my_chat_member']>): Promise<void> {
    if (!change.chat || !change.new_chat_member?.user) return; // malformed: nothing to act on
    const removed = ['left', 'kicked'].includes(change.new_chat_member.status);
    if (!removed || change.chat.type === 'private' || change.new_chat_member.user.id !== this.bot.botInfo.id)
      return;
    await this.ctx.desk.removedFrom({ channel: 'telegram', conversationId: String(change.chat.id) });
  }

  private async fromCounsellorChat(ev: TelegramEvent): Promise<boolean> {
    if (this.counsellorChats.has(String(ev.chatId))) return true;
    // Counsellor commands from anywhere go to the desk, which refuses (and audits) strangers.
    if (ev.message?.kind === 'command' && isCounsellorCommand(ev.message.name)) return true;
    // A private chat cannot be enrolled (only configured, checked above): it is a patient's, and
    // asking the store would hold a crisis message for seconds while Redis is down.
    if (ev.chatType === 'private') return false;
    return this.ctx.desk.isCounsellorChat(ev.address);
  }

  private async toDesk(ev: TelegramEvent): Promise<void> {
    // Counsellors chatting among themselves with stickers or edits: nothing for the desk.
    if (!ev.message || ev.message.kind === 'unsupported' || ev.message.kind === 'edited') return;
    if (!(await this.ctx.engine.claimOnce(`tg:update:${ev.updateId}`, DEDUPE_TTL_SECONDS))) return;
    if ((await this.ctx.desk.handle(toCounsellorInbound(ev, ev.message))) === 'patient')
      await this.ctx.engine.handle(toInboundTurn(ev, ev.message));
  }

  private async groupNotice(ev: TelegramEvent): Promise<void> {
    if (ev.callback || ev.message?.kind === 'unsupported' || ev.message?.kind === 'edited') return;
    const every = this.options.groupNoticeEverySeconds ?? 600;
    if (!(await this.ctx.engine.claimOnce(`tg:groupnotice:${ev.chatId}`, every))) return;
    const locale = await this.localeOf(ev);
    const text = this.ctx.i18n.t(locale, 'telegram.groupNotice', { bot: this.bot.botInfo.username });
    await this.send(ev.address, { text });
  }

  private async buttonPassed(ev: TelegramEvent): Promise<void> {
    if (!(await this.ctx.engine.claimOnce(`tg:update:${ev.updateId}`, DEDUPE_TTL_SECONDS))) return;
    const locale = await this.localeOf(ev);
    await this.send(ev.address, { text: this.ctx.i18n.t(locale, 'telegram.buttonPassed') });
  }

  /** The sender's language: their saved choice if they are a patient, else their Telegram setting. */
  private async localeOf(ev: TelegramEvent): Promise<Locale> {
    return (
      (await this.ctx.engine.storedLocale(`telegram:${ev.from.id}`)) ??
      localeFromLanguageCode(ev.from.languageCode, this.ctx.config.DEFAULT_LOCALE)
    );
  }

  /**
   * True for the first copy of a button press seen by any instance (claimed in the store for a
   * day); it then also removes the pressed keyboard in {@link route}. A store that cannot answer
   * counts as first: a second answer costs a call, a spinner left turning costs the patient.
   */
  private async firstCopy(update: Update): Promise<boolean> {
    const claimed = this.ctx.engine.claimOnce(`tg:press:${update.update_id}`, DEDUPE_TTL_SECONDS);
    claimed.catch(() => undefined);
    // Bounded: during an outage the store fails only after seconds, and the spinner would turn.
    const first = await Promise.race([claimed.catch(() => true), sleep(CLAIM_WAIT_MS, true, { ref: false })]);
    if (first) this.keyboardToRemove.add(update);
    return first;
  }

  /** A courtesy call whose failure must not fail the turn (old callback ids, unchanged markup). */
  private async quietly(method: string, fn: () => Promise<unknown>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.ctx.log.debug(
        { err: errorFields(toDeliveryError(method, err)) },
        'telegram: courtesy call failed',
      );
    }
  }
}

/**
 * A group upgraded to a supergroup: Telegram says so in the old group (`migrate_to_chat_id`) and
 * in the new supergroup (`migrate_from_chat_id`).
 */
function migration(update: Update): { from: Address; to: Address } | undefined {
  const m = update.message;
  if (!m?.chat) return undefined;
  const at = (id: number): Address => ({ channel: 'telegram', conversationId: String(id) });
  if (m.migrate_to_chat_id !== undefined) return { from: at(m.chat.id), to: at(m.migrate_to_chat_id) };
  if (m.migrate_from_chat_id !== undefined) return { from: at(m.migrate_from_chat_id), to: at(m.chat.id) };
  return undefined;
}

/** Creates the Telegram channel for the app (registers the webhook route when configured). */
export function createTelegramChannel(
  ctx: ChannelContext,
  options?: TelegramChannelOptions,
): TelegramChannel {
  return new TelegramChannel(ctx, options);
}

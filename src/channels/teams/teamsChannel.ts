/**
 * The Microsoft Teams channel: botbuilder's `CloudAdapter` on `POST /api/messages` of the one HTTP
 * server, Adaptive Cards for questions, and every outgoing message sent proactively with
 * `continueConversationAsync`, so replies, scheduled check-ins and counsellor relays share one path.
 *
 * Security: without `MicrosoftAppId` the endpoint is not served unless `TEAMS_ALLOW_ANONYMOUS=true`
 * (local testing, with a loud warning). With an app id, a request without a valid Bot Framework
 * token is answered 401 and nothing is processed; tokens that are missing, malformed, expired or
 * meant for another bot are refused offline, before botbuilder's signature check.
 *
 * Every botbuilder import stays in `src/channels/teams/`, so moving to its successor
 * (`@microsoft/agents-hosting`, the same CloudAdapter shape) touches one folder.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Activity,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { BoundedMap } from '../../boundedMap.js';
import type { ChannelContext } from '../../engine/ports.js';
import type { Address, Channel, OutboundMessage, SentRef } from '../../engine/types.js';
import { sendJson } from '../../http/server.js';
import { type ThrottledLog, throttledLog } from '../../logThrottle.js';
import { ActivityRouter } from './activityRouter.js';
import { renderActivity, splitButtonData } from './cards.js';
import { errorFields, missingReference, TeamsTurnError, toTeamsDeliveryError } from './errors.js';
import { FileOffers } from './fileConsent.js';
import { fixActivity, readActivityRequest } from './httpBridge.js';
import { authRefusal } from './inboundAuth.js';
import { referenceOf } from './reference.js';
import { precheckBearer } from './tokenPrecheck.js';

/**
 * The adapter, with its turn pipeline open to a request authenticated beforehand (botbuilder keeps
 * `processActivity` protected; `process` would authenticate and answer errors itself).
 */
class AuthenticatedAdapter extends CloudAdapter {
  /** Runs the turn of an activity whose request `authenticateRequest` accepted. */
  runAuthenticated(...args: Parameters<CloudAdapter['processActivity']>) {
    return this.processActivity(...args);
  }
}

/** The Bot Framework messaging endpoint path. */
export const TEAMS_MESSAGES_PATH = '/api/messages';

/**
 * Creates the Teams channel and registers `POST /api/messages`, or returns null (and serves
 * nothing) when there is no `MicrosoftAppId` and `TEAMS_ALLOW_ANONYMOUS` is not true.
 */
export function createTeamsChannel(ctx: ChannelContext): Channel | null {
  const c = ctx.config;
  if (!c.MicrosoftAppId && !c.TEAMS_ALLOW_ANONYMOUS) return null;
  if (!c.MicrosoftAppId) {
    ctx.log.warn(
      { path: TEAMS_MESSAGES_PATH },
      '!!! TEAMS_ALLOW_ANONYMOUS=true: the Teams endpoint accepts UNAUTHENTICATED requests and will send ' +
        'messages to any serviceUrl they name. Use this for local testing only; set MicrosoftAppId and ' +
        'MicrosoftAppPassword in production. !!!',
    );
  } else if (c.TEAMS_ALLOW_ANONYMOUS) {
    ctx.log.warn(
      'TEAMS_ALLOW_ANONYMOUS is ignored because MicrosoftAppId is set: every request needs a token.',
    );
  }
  return new TeamsChannel(ctx);
}

/** The Teams {@link Channel}. Use {@link createTeamsChannel}, which applies the security rules. */
export class TeamsChannel implements Channel {
  readonly name = 'teams' as const;
  private readonly adapter: AuthenticatedAdapter;
  private readonly auth: ConfigurationBotFrameworkAuthentication;
  /** Refused tokens, one line per kind at most every 10 s (a flood of forged tokens stays a few lines). */
  private readonly refusedLog: Record<401 | 503, ThrottledLog>;
  private readonly router: ActivityRouter;
  private readonly appId: string;
  /** Requests are processed only between `start` and `stop` (503 otherwise). */
  private accepting = false;
  /**
   * Question cards this instance sent and nobody has answered yet, by activity id: an answer
   * retires its card (same text, no buttons), as Telegram removes an answered keyboard. In this
   * process only: an answer that reaches another instance leaves the card as it is (a later
   * press on it is answered as stale by the engine).
   */
  private readonly openCards = new BoundedMap<string, { address: Address; message: OutboundMessage }>(2_000);
  /** Files offered with consent cards and not yet answered. */
  private readonly files: FileOffers;
  /** Cards whose next update an invoke answers with (by activity id; see `capture`). */
  private readonly captured = new Map<string, unknown>();

  constructor(private readonly ctx: ChannelContext) {
    const c = ctx.config;
    this.appId = c.MicrosoftAppId ?? '';
    const auth = new ConfigurationBotFrameworkAuthentication({
      ...(c.MicrosoftAppId ? { MicrosoftAppId: c.MicrosoftAppId } : {}),
      ...(c.MicrosoftAppPassword ? { MicrosoftAppPassword: c.MicrosoftAppPassword } : {}),
      ...(c.MicrosoftAppType ? { MicrosoftAppType: c.MicrosoftAppType } : {}),
      ...(c.MicrosoftAppTenantId ? { MicrosoftAppTenantId: c.MicrosoftAppTenantId } : {}),
    });
    this.auth = auth;
    this.adapter = new AuthenticatedAdapter(auth);
    this.refusedLog = {
      401: throttledLog(ctx.log, 'warn', 'teams request refused: the Bot Framework token is not valid'),
      503: throttledLog(
        ctx.log,
        'error',
        'teams request answered 503: the Bot Framework signing keys (OpenID metadata) could not be fetched; check outbound HTTPS to login.botframework.com',
      ),
    };
    this.files = new FileOffers(ctx.clock, !c.MicrosoftAppId && c.TEAMS_ALLOW_ANONYMOUS);
    this.router = new ActivityRouter(
      ctx,
      (address, message) => this.send(address, message),
      (activityId, answer) => this.retireCard(activityId, answer),
      this.files,
      { capture: (activityId, fn) => this.capture(activityId, fn) },
    );
    ctx.http.route('POST', TEAMS_MESSAGES_PATH, (req, res) => this.onRequest(req, res));
  }

  /** Nothing to connect: Bot Framework calls us. */
  async start(): Promise<void> {
    this.accepting = true;
    this.ctx.log.info(
      { path: TEAMS_MESSAGES_PATH, authenticated: Boolean(this.appId) },
      'teams channel ready',
    );
  }

  /** New requests get 503 (Bot Framework retries them elsewhere); requests in flight finish. */
  async stop(): Promise<void> {
    this.accepting = false;
  }

  /**
   * Sends a message proactively to the conversation in `address.reference`. Files (a data export)
   * follow as consent cards in a personal chat (see fileConsent.ts); elsewhere Teams takes none.
   */
  async send(address: Address, message: OutboundMessage): Promise<SentRef> {
    const reference = referenceOf(address);
    if (!reference) throw missingReference('send');
    let messageId = '';
    const { files = [], ...shown } = message;
    const offered = reference.conversation.conversationType === 'personal' ? files : [];
    try {
      await this.adapter.continueConversationAsync(
        this.appId,
        reference as unknown as Partial<ConversationReference>,
        async (context) => {
          notAReply(context);
          const sent = await context.sendActivity(renderActivity(shown));
          messageId = sent?.id ?? '';
          for (const file of offered) await context.sendActivity(this.files.offer(file));
        },
      );
    } catch (err) {
      const e = toTeamsDeliveryError('send', err);
      this.ctx.log.warn({ ...errorFields(e), conversation: address.conversationId }, 'teams send failed');
      throw e;
    }
    // A question (buttons for an ask) can be retired once it is answered.
    if (messageId && message.askId && message.buttons?.length)
      this.openCards.set(messageId, { address, message });
    return { address, messageId };
  }

  /** Teams takes files from a bot in personal chats only (as consent cards). */
  canSendFiles(address: Address): boolean {
    return referenceOf(address)?.conversation.conversationType === 'personal';
  }

  /**
   * Replaces an answered question card by its text without buttons, if this instance sent it.
   * A courtesy: a failure is logged, never raised (the answer itself is the engine's turn).
   */
  private async retireCard(activityId: string, answer?: string): Promise<void> {
    const card = this.openCards.take(activityId);
    if (!card) return;
    const { buttons, ...question } = card.message;
    // The card shows the answer it was given (issue 23: a living card), without its buttons.
    const chosen = buttons?.find((b) => splitButtonData(b.data)?.value === answer)?.label;
    if (chosen) question.answered = chosen;
    try {
      await this.edit({ address: card.address, messageId: activityId }, question);
    } catch {
      // Already logged by edit(); an old card keeps its buttons and a press on it is stale.
    }
  }

  /** Replaces a message sent earlier (e.g. an acknowledged alert); always rendered as a card. */
  async edit(ref: SentRef, message: OutboundMessage): Promise<void> {
    const reference = referenceOf(ref.address);
    if (!reference || !ref.messageId) throw missingReference('edit');
    try {
      await this.adapter.continueConversationAsync(
        this.appId,
        reference as unknown as Partial<ConversationReference>,
        async (context) => {
          const activity = renderActivity(message, true);
          if (this.captured.has(ref.messageId))
            this.captured.set(ref.messageId, activity.attachments?.[0]?.content);
          await context.updateActivity({ ...activity, id: ref.messageId });
        },
      );
    } catch (err) {
      const e = toTeamsDeliveryError('edit', err);
      this.ctx.log.warn({ ...errorFields(e), conversation: ref.address.conversationId }, 'teams edit failed');
      throw e;
    }
  }

  /**
   * Runs `fn` and returns the card it put on message `activityId` (an acknowledged alert), for
   * the answer to the invoke of the press; see `ActivityRouter.cardAction`.
   */
  private async capture(activityId: string | undefined, fn: () => Promise<unknown>): Promise<unknown> {
    if (!activityId) {
      await fn();
      return undefined;
    }
    this.captured.set(activityId, undefined);
    try {
      await fn();
      return this.captured.get(activityId);
    } finally {
      this.captured.delete(activityId);
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.accepting) {
      req.resume();
      sendJson(res, 503, { error: 'not taking messages now; retry' });
      return;
    }
    if (this.appId) {
      const refused = precheckBearer(req.headers.authorization, this.appId, this.ctx.clock.now());
      if (refused) {
        this.ctx.log.warn({ reason: refused }, 'teams request refused: no valid Bot Framework token');
        req.resume();
        sendJson(res, 401, { error: 'unauthorized' });
        return;
      }
    }
    const botRequest = await readActivityRequest(req);
    const activity = fixActivity(botRequest.body) as unknown as Activity;
    const header = botRequest.headers.authorization;
    // Authenticated here rather than inside `CloudAdapter.process`, which answered a token it
    // could not verify with 500 and printed the stack on the console (see inboundAuth.ts).
    let authenticated: Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;
    try {
      authenticated = await this.auth.authenticateRequest(
        activity,
        (Array.isArray(header) ? header[0] : header) ?? '',
      );
    } catch (err) {
      const refusal = authRefusal(err);
      this.refusedLog[refusal.status]({
        status: refusal.status,
        reason: refusal.reason,
        cause: refusal.cause,
      });
      sendJson(
        res,
        refusal.status,
        refusal.status === 401
          ? { error: 'unauthorized' }
          : { error: 'cannot verify the request now; retry' },
      );
      return;
    }
    let invoke: { status: number; body?: unknown } | undefined;
    try {
      invoke = await this.adapter.runAuthenticated(authenticated, activity, (context) => this.turn(context));
    } catch (err) {
      // A failed turn was logged in `turn`; anything else (the connector client) is logged here.
      if (!(err instanceof TeamsTurnError))
        this.ctx.log.error({ err: errorFields(err), type: activity.type }, 'teams request failed');
      sendJson(res, 500, { error: 'the request could not be handled' });
      return;
    }
    if (invoke?.body !== undefined) sendJson(res, invoke.status, invoke.body);
    else res.writeHead(invoke?.status ?? 200).end();
  }

  private async turn(context: TurnContext): Promise<void> {
    try {
      await this.router.route(context);
    } catch (err) {
      this.ctx.log.error(
        { err, type: context.activity.type, deliveryId: context.activity.id },
        'teams turn failed',
      );
      throw new TeamsTurnError(String(context.activity.type));
    }
  }
}

/** Proactive messages are new messages, not replies to the continuation's synthetic activity id. */
function notAReply(context: TurnContext): void {
  context.onSendActivities(async (_ctx, activities, next) => {
    for (const a of activities) delete a.replyToId;
    return next();
  });
}

/**
 * The counsellor desk ({@link CounsellorDesk}): enrolment with `/counsellor <code>`, the
 * authorisation check, and dispatch of counsellor commands and Acknowledge presses. Channels hand
 * it everything from counsellor chats, plus counsellor command names ({@link isCounsellorCommand})
 * from any other chat, which are refused and audited.
 */

import { parseLanguage } from '../../flows/understanding/choices.js';
import type { CounsellorDesk, CounsellorInbound } from '../engine/ports.js';
import type { Address, Inbound, Locale } from '../engine/types.js';
import { localeFromLanguageCode } from '../i18n.js';
import { ACK_ASK_ID } from './alertMessage.js';
import type { AlertService } from './alertService.js';
import { AuditCommands } from './auditCommands.js';
import { auditChat, counsellorActor, unregisteredChat } from './auditRefs.js';
import { chatRef } from './caseloads.js';
import type { EscalationContext } from './context.js';
import type { CounsellorCommands } from './counsellorCommands.js';
import { type Destinations, sameChat } from './destinations.js';
import { ENROL_LIMITS, EnrolmentGuard, sameCode } from './enrolmentGuard.js';
import { clockTime, tr } from './text.js';

/** Command names the desk answers (`counselor` is accepted as a spelling of `counsellor`). */
export const COUNSELLOR_COMMANDS = [
  'counsellor',
  'patients',
  'patient',
  'reply',
  'clear',
  'report',
  'ack',
  'help',
  'export',
  'audit',
  'assign',
  'unassign',
  'intake',
] as const;

/**
 * Commands patients have too (`/help`, `/export`): channels send them to the desk only from
 * counsellor chats, and to the patient's turn everywhere else.
 */
const SHARED_COMMANDS: ReadonlySet<string> = new Set(['help', 'export']);

const ALIASES: Record<string, string> = { counselor: 'counsellor' };

/**
 * True for command names only counsellors use (`help` and `export` are not: patients have their own).
 * Channels route these to the desk from any chat, so an unauthorised attempt is refused and audited.
 */
export function isCounsellorCommand(name: string): boolean {
  const n = normaliseName(name);
  return !SHARED_COMMANDS.has(n) && (COUNSELLOR_COMMANDS as readonly string[]).includes(n);
}

function normaliseName(name: string): string {
  const n = name.replace(/^\//, '').replace(/@.*$/, '').toLowerCase();
  return ALIASES[n] ?? n;
}

/** A counsellor's input as a command, or null when there is nothing to answer (chatter, stickers). */
export function parseCounsellorMessage(
  message: Inbound,
): { name: string; args: string } | { name: 'hello' } | null {
  switch (message.kind) {
    case 'command':
      return { name: normaliseName(message.name), args: message.args.trim() };
    case 'choice':
      return message.askId === ACK_ASK_ID ? { name: 'ack', args: message.value } : null;
    case 'text': {
      // Teams strips the mention and leaves "counsellor CODE"; Telegram groups may pass "/cmd@bot".
      const m = /^\s*\/?([A-Za-z]+)(?:@\S+)?(?:\s+([\s\S]*))?$/.exec(message.text);
      if (!m) return null;
      const name = normaliseName(m[1]!);
      const explicit = message.text.trimStart().startsWith('/');
      if (!explicit && !(COUNSELLOR_COMMANDS as readonly string[]).includes(name)) return null;
      return { name, args: (m[2] ?? '').trim() };
    }
    case 'hello':
      return { name: 'hello' };
    default:
      return null;
  }
}

/** The {@link CounsellorDesk}. */
export class Desk implements CounsellorDesk {
  /** `/audit` (issue 23). */
  private readonly auditCommands: AuditCommands;

  constructor(
    private readonly ctx: EscalationContext,
    private readonly destinations: Destinations,
    private readonly alerts: AlertService,
    private readonly commands: CounsellorCommands,
  ) {
    this.auditCommands = new AuditCommands(ctx);
  }

  async isCounsellorChat(address: Address): Promise<boolean> {
    return (await this.destinations.find(address)) !== undefined;
  }

  async removedFrom(address: Address, sameGroup?: (other: Address) => boolean): Promise<void> {
    const { store, clock, log } = this.ctx;
    const ended = (await this.destinations.list()).filter(
      (d) => sameChat(d.address, address) || (sameGroup?.(d.address) ?? false),
    );
    for (const dest of ended) {
      const chat = auditChat(dest.address);
      if (dest.source !== 'enrolled') {
        log.warn(
          { channel: dest.address.channel },
          'bot removed from a configured counsellor chat; it stays configured',
        );
        continue;
      }
      await this.destinations.unenrol(dest.address);
      // Should the bot be added back, the chat must not show counsellor commands it cannot use.
      await this.ctx.delivery.showMenu?.(dest.address, null);
      await store.appendAudit({
        at: clock.now(),
        kind: 'unenrol',
        actor: 'system',
        detail: sameChat(dest.address, address)
          ? `${chat} (bot removed)`
          : `${chat} (bot removed from its group)`,
      });
      log.info({ channel: dest.address.channel }, 'counsellor destination unregistered: the bot was removed');
      await this.caseloadEnded(dest.address);
    }
  }

  /**
   * A chat stopped being a counsellor chat (issue 23): its patients have no owner any more (their
   * alerts go to every chat), each audited, and it takes no new patients.
   */
  private async caseloadEnded(address: Address): Promise<void> {
    const { store, clock } = this.ctx;
    for (const patientId of await this.alerts.caseloads.chatEnded(address)) {
      const loaded = await store.loadPatient(patientId);
      await store.appendAudit({
        at: clock.now(),
        kind: 'unassign',
        actor: 'system',
        ...(loaded.status === 'ok' ? { patientCode: loaded.doc.code } : {}),
        detail: `from ${auditChat(address)} (the chat is no longer registered)`,
      });
    }
  }

  async chatMoved(from: Address, to: Address): Promise<boolean> {
    const { store, clock, log } = this.ctx;
    const moved = await this.destinations.move(from, to);
    if (!moved) return false;
    // Its caseload and its place in the intake rotation follow the chat to its new id.
    const caseload = await store.caseloadOf(chatRef(from));
    for (const patientId of caseload) await store.assignPatient(patientId, chatRef(to));
    if ((await store.intakeChats()).includes(chatRef(from))) {
      await store.setIntake(chatRef(from), false);
      await store.setIntake(chatRef(to), true);
    }
    await this.ctx.delivery.showMenu?.(to, { audience: 'counsellor', locale: moved.locale });
    await store.appendAudit({
      at: clock.now(),
      kind: 'enrol',
      actor: 'system',
      detail: `${auditChat(to)} (was ${auditChat(from)}: group upgraded to a supergroup)`,
    });
    if (moved.source === 'config')
      // The operator has to copy the new id into the configuration; group ids are no patient data.
      log.warn(
        { channel: to.channel, from: from.conversationId, to: to.conversationId },
        'a configured counsellor chat was upgraded to a supergroup: alerts go to its new id; put the new id in COUNSELLOR_TELEGRAM_CHAT_IDS',
      );
    else log.info({ channel: to.channel }, 'counsellor destination moved: group upgraded to a supergroup');
    return true;
  }

  /**
   * Handles one counsellor input. Never throws: a failure is logged and answered politely. Returns
   * `'patient'` for a counsellor command typed in a one-to-one chat that is no counsellor's and
   * holds self-harm words: the channel hands it to the engine (crisis reply, urgent alert), not to
   * a refusal. A patient answering a relayed message with `/reply ...` is the likely case.
   */
  async handle(input: CounsellorInbound): Promise<'patient' | undefined> {
    const registered = await this.destinations.find(input.address).catch(() => undefined);
    if (!registered && input.oneToOne && this.ctx.engine.isUrgent?.(input.message)) return 'patient';
    const locale: Locale =
      registered?.locale ?? localeFromLanguageCode(input.languageCode, this.ctx.config.DEFAULT_LOCALE);
    try {
      await this.dispatch(input, locale, registered !== undefined);
    } catch (err) {
      this.ctx.log.error(
        { err: (err as Error).name, channel: input.address.channel },
        'counsellor input failed',
      );
      await this.say(input.address, this.ctx.i18n.t(locale, 'alerts.desk.error')).catch(() => undefined);
    }
  }

  private async say(address: Address, text: string): Promise<void> {
    await this.ctx.delivery.send(address, { text });
  }

  private async dispatch(input: CounsellorInbound, locale: Locale, registered: boolean): Promise<void> {
    const { i18n } = this.ctx;
    const parsed = parseCounsellorMessage(input.message);
    if (!parsed) return;
    if (parsed.name === 'hello')
      return this.say(
        input.address,
        i18n.t(
          locale,
          registered ? 'alerts.desk.help' : 'alerts.desk.enrolUsage',
          enrolCommand(input.address),
        ),
      );
    if (parsed.name === 'counsellor') return this.enrol(input, locale, parsed.args);
    if (!registered) return this.refuse(input, locale, parsed.name);
    switch (parsed.name) {
      case 'help':
        return this.say(input.address, i18n.t(locale, 'alerts.desk.help'));
      case 'patients':
        return this.commands.patients(input, locale);
      case 'patient':
        return this.commands.patient(input, locale, parsed.args);
      case 'reply':
        return this.commands.relay(input, locale, parsed.args);
      case 'clear':
        return this.commands.clear(input, locale, parsed.args);
      case 'report':
        return this.commands.report(input, locale, parsed.args);
      case 'ack':
        return this.ack(input, locale, parsed.args);
      case 'export':
        return this.commands.export(input, locale, parsed.args);
      case 'audit':
        return this.auditCommands.audit(input, locale, parsed.args);
      case 'assign':
        return this.commands.caseloadCommands.assign(input, locale, parsed.args);
      case 'unassign':
        return this.commands.caseloadCommands.unassign(input, locale, parsed.args);
      case 'intake':
        return this.commands.caseloadCommands.intake(input, locale, parsed.args);
      default:
        return this.say(input.address, i18n.t(locale, 'alerts.desk.unknownCommand'));
    }
  }

  /** "Not authorised", and the attempt in the audit log. */
  private async refuse(input: CounsellorInbound, locale: Locale, what: string): Promise<void> {
    const { store, clock, log, i18n } = this.ctx;
    await store.appendAudit({
      at: clock.now(),
      kind: 'refused',
      actor: 'unregistered',
      detail: `/${what} from ${unregisteredChat(input.address, input.oneToOne)}`,
    });
    log.warn(
      { channel: input.address.channel, command: what },
      'counsellor command from an unregistered chat refused',
    );
    // A private chat cannot be enrolled: no enrolment hint there (it would mislead a patient).
    await this.say(
      input.address,
      input.oneToOne
        ? i18n.t(locale, 'alerts.desk.notAuthorisedPrivate')
        : i18n.t(locale, 'alerts.desk.notAuthorised', enrolCommand(input.address)),
    );
  }

  /** `/counsellor <code> [en|zh-CN]`: enrols this chat as an alert destination. */
  private async enrol(input: CounsellorInbound, locale: Locale, args: string): Promise<void> {
    const { store, clock, config, i18n, log } = this.ctx;
    const [code = '', lang] = args.split(/\s+/).filter(Boolean);
    const expected = config.COUNSELLOR_ENROL_CODE;
    const chat = auditChat(input.address);
    if (!expected) return this.say(input.address, i18n.t(locale, 'alerts.desk.enrolOff'));
    // A one-to-one chat is where a patient talks to the bot: enrolled, it would go to the desk and
    // cut that patient off from their check-ins and from the crisis replies.
    if (input.oneToOne) return this.say(input.address, i18n.t(locale, 'alerts.desk.enrolPrivate'));
    if (!code)
      return this.say(input.address, i18n.t(locale, 'alerts.desk.enrolUsage', enrolCommand(input.address)));
    // An alert language Dongyu does not have is refused, not quietly taken for English.
    if (lang && !parseLanguage(lang))
      return this.say(
        input.address,
        i18n.t(locale, 'alerts.desk.enrolLanguage', enrolCommand(input.address)),
      );
    // Limits across chats and instances: only wrong codes count (enrolmentGuard.ts).
    const guard = new EnrolmentGuard(store, expected);
    const trier = `${input.address.channel}:${input.address.conversationId}:${input.actor.id}`;
    const verdict = await guard.verdict(trier);
    if (verdict !== 'ok') {
      const minutes = (verdict === 'wait' ? ENROL_LIMITS.windowSeconds : ENROL_LIMITS.lockdownSeconds) / 60;
      return this.say(
        input.address,
        i18n.t(locale, verdict === 'wait' ? 'alerts.desk.enrolWait' : 'alerts.desk.enrolLocked', { minutes }),
      );
    }
    if (!sameCode(code, expected)) {
      const wrong = await guard.wrong(trier);
      await store.appendAudit({
        at: clock.now(),
        kind: 'refused',
        actor: 'unregistered',
        detail: `enrol with a wrong code in ${chat}`,
      });
      log.warn(
        { channel: input.address.channel, deploymentWide: wrong.deploymentWide },
        'counsellor enrolment with a wrong code refused',
      );
      if (wrong.lockdownStarted) await this.enrolmentUnderAttack(wrong.deploymentWide);
      return this.say(input.address, i18n.t(locale, 'alerts.desk.enrolWrong'));
    }
    const existing = await this.destinations.find(input.address);
    const chosen: Locale = (lang && parseLanguage(lang)) || locale;
    await this.destinations.enrol(input.address, chosen);
    // The chat's menu: the counsellor commands, in the language it chose.
    await this.ctx.delivery.showMenu?.(input.address, { audience: 'counsellor', locale: chosen });
    await store.appendAudit({
      at: clock.now(),
      kind: 'enrol',
      actor: counsellorActor(input.address),
      detail: `${chat} ${chosen}`,
    });
    log.info({ channel: input.address.channel }, 'counsellor destination enrolled');
    await this.say(
      input.address,
      i18n.t(chosen, existing ? 'alerts.desk.alreadyEnrolled' : 'alerts.desk.enrolled'),
    );
    // Alerts raised before this chat was registered are not left waiting for their re-alert.
    if (!existing) await this.alerts.catchUp(input.address, chosen);
  }

  /**
   * Repeated wrong enrolment codes started a lockdown: every counsellor chat is told, once, and
   * the audit and the log say so. Never throws (the refusal goes out either way).
   */
  private async enrolmentUnderAttack(wrongCodes: number): Promise<void> {
    const { store, clock, log, i18n, delivery } = this.ctx;
    const params = {
      count: wrongCodes,
      minutes: ENROL_LIMITS.windowSeconds / 60,
      lockdown: ENROL_LIMITS.lockdownSeconds / 60,
    };
    log.error(
      params,
      'enrolment locked down: repeated wrong enrolment codes from several chats; if nobody is enrolling, change COUNSELLOR_ENROL_CODE',
    );
    await store
      .appendAudit({
        at: clock.now(),
        kind: 'refused',
        actor: 'system',
        detail: `enrolment locked for ${params.lockdown} minutes: ${wrongCodes} wrong codes in ${params.minutes} minutes`,
      })
      .catch(() => undefined);
    const chats = await this.destinations.list().catch(() => []);
    await Promise.all(
      chats
        .filter((d) => delivery.canReach(d.address))
        .map((d) =>
          delivery
            .send(d.address, { text: i18n.t(d.locale, 'alerts.desk.enrolUnderAttack', params) })
            .catch((err: Error) =>
              log.warn(
                { channel: d.address.channel, err: err.name },
                'could not tell a counsellor chat of the lockdown',
              ),
            ),
        ),
    );
  }

  /** `/ack ID` or the Acknowledge button. */
  private async ack(input: CounsellorInbound, locale: Locale, args: string): Promise<void> {
    const { i18n, config } = this.ctx;
    const id = args.trim().toLowerCase();
    if (!/^[\w.+-]{1,48}$/.test(id)) return this.say(input.address, i18n.t(locale, 'alerts.desk.usage.ack'));
    const result = await this.alerts.acknowledge(id, input.actor, input.address);
    if (result.status === 'notFound')
      return this.say(input.address, i18n.t(locale, 'alerts.desk.ack.notFound', { id }));
    if (result.status === 'already') {
      const by = result.alert.acknowledgedBy!;
      return this.say(
        input.address,
        tr(
          i18n,
          locale,
          'alerts.desk.ack.already',
          { id, time: clockTime(by.at, config.DEFAULT_TIMEZONE) },
          { name: by.name },
        ),
      );
    }
    // A button press shows up as the edited alert; a typed /ack gets a line of its own.
    if (input.message.kind !== 'choice')
      await this.say(input.address, i18n.t(locale, 'alerts.desk.ack.done', { id, code: result.alert.code }));
  }
}

/** How enrolment is typed where `address` is: a command in Telegram, a mention in Teams. */
function enrolCommand(address: Address): { enrol: string } {
  // A param starting with @ names another catalogue key (a literal "@Dongyu" would be taken as one).
  return { enrol: `@alerts.desk.enrolCommand.${address.channel === 'teams' ? 'teams' : 'command'}` };
}

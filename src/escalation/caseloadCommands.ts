/**
 * The caseload commands (issue 23): `/assign CODE` (this chat owns the patient from now on, taking
 * them over from another chat if need be), `/unassign CODE` (only the owning chat), and
 * `/intake on|off` (this chat takes new patients in turn with the other intake chats). Each change
 * is audited as the chat's, without names or platform ids.
 */
import type { CounsellorInbound } from '../engine/ports.js';
import type { Address, Locale } from '../engine/types.js';
import type { PatientDoc } from '../store/store.js';
import { auditChat, counsellorActor } from './auditRefs.js';
import { type Caseloads, chatRef } from './caseloads.js';
import type { EscalationContext } from './context.js';
import { tr } from './text.js';

/** The patient code a caseload command names (its first word, as stored: `p-7f3k` → `P-7F3K`). */
function codeArg(args: string): { code: string } {
  return { code: (args.trim().split(/\s+/)[0] ?? '').toUpperCase() };
}

/** Runs the caseload commands. */
export class CaseloadCommands {
  constructor(
    private readonly ctx: EscalationContext,
    private readonly caseloads: Caseloads,
  ) {}

  private async say(address: Address, text: string): Promise<void> {
    await this.ctx.delivery.send(address, { text });
  }

  /** How a chat is named to counsellors: "this chat", or its opaque audit name. */
  async chatLabel(ref: string, here: Address, locale: Locale): Promise<string> {
    if (ref === chatRef(here)) return this.ctx.i18n.t(locale, 'alerts.caseload.thisChat');
    const dest = await this.caseloads.destinationAt(ref);
    return dest ? auditChat(dest.address) : this.ctx.i18n.t(locale, 'alerts.caseload.formerChat');
  }

  private async patient(input: CounsellorInbound, locale: Locale, code: string): Promise<PatientDoc | null> {
    const { store, i18n } = this.ctx;
    const id = /^[\w-]{1,32}$/.test(code) ? await store.findPatientByCode(code) : null;
    const loaded = id ? await store.loadPatient(id) : ({ status: 'missing' } as const);
    if (loaded.status === 'ok') return loaded.doc;
    await this.say(
      input.address,
      i18n.t(
        locale,
        loaded.status === 'corrupt' ? 'alerts.desk.patientUnreadable' : 'alerts.desk.noSuchPatient',
        {
          code: code || '?',
        },
      ),
    );
    return null;
  }

  /** `/assign CODE`. */
  async assign(input: CounsellorInbound, locale: Locale, args: string): Promise<void> {
    const { store, clock, i18n } = this.ctx;
    const { code } = codeArg(args);
    if (!code) return this.say(input.address, i18n.t(locale, 'alerts.caseload.usage.assign'));
    const doc = await this.patient(input, locale, code);
    if (!doc) return;
    const here = chatRef(input.address);
    const before = await store.assignPatient(doc.patientId, here);
    if (before === here)
      return this.say(input.address, i18n.t(locale, 'alerts.caseload.alreadyHere', { code: doc.code }));
    const from = before ? await this.caseloads.destinationAt(before) : undefined;
    await store.appendAudit({
      at: clock.now(),
      kind: 'assign',
      actor: counsellorActor(input.address),
      patientCode: doc.code,
      detail: `to ${auditChat(input.address)}${before ? ` from ${from ? auditChat(from.address) : 'a former chat'}` : ''}`,
    });
    if (!before)
      return this.say(input.address, i18n.t(locale, 'alerts.caseload.assigned', { code: doc.code }));
    await this.say(
      input.address,
      tr(
        i18n,
        locale,
        'alerts.caseload.takenOver',
        { code: doc.code },
        {
          chat: await this.chatLabel(before, input.address, locale),
        },
      ),
    );
  }

  /** `/unassign CODE`: only the owning chat takes a patient off its caseload. */
  async unassign(input: CounsellorInbound, locale: Locale, args: string): Promise<void> {
    const { store, clock, i18n } = this.ctx;
    const { code } = codeArg(args);
    if (!code) return this.say(input.address, i18n.t(locale, 'alerts.caseload.usage.unassign'));
    const doc = await this.patient(input, locale, code);
    if (!doc) return;
    const here = chatRef(input.address);
    const owner = await store.ownerOf(doc.patientId);
    if (!owner)
      return this.say(input.address, i18n.t(locale, 'alerts.caseload.notAssigned', { code: doc.code }));
    if (owner !== here)
      return this.say(
        input.address,
        tr(
          i18n,
          locale,
          'alerts.caseload.notYours',
          { code: doc.code },
          {
            chat: await this.chatLabel(owner, input.address, locale),
          },
        ),
      );
    await store.unassignPatient(doc.patientId);
    await store.appendAudit({
      at: clock.now(),
      kind: 'unassign',
      actor: counsellorActor(input.address),
      patientCode: doc.code,
      detail: `from ${auditChat(input.address)}`,
    });
    await this.say(input.address, i18n.t(locale, 'alerts.caseload.unassigned', { code: doc.code }));
  }

  /** `/intake on|off`. */
  async intake(input: CounsellorInbound, locale: Locale, args: string): Promise<void> {
    const { store, i18n } = this.ctx;
    const word = args.trim().toLowerCase();
    const on = ['on', 'yes', '开', '开启', '是'].includes(word);
    const off = ['off', 'no', '关', '关闭', '否'].includes(word);
    if (!on && !off) return this.say(input.address, i18n.t(locale, 'alerts.caseload.usage.intake'));
    await store.setIntake(chatRef(input.address), on);
    await this.say(
      input.address,
      i18n.t(locale, on ? 'alerts.caseload.intakeOn' : 'alerts.caseload.intakeOff'),
    );
  }
}

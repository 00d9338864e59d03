/**
 * `/audit` (issue 23): the audit log read back in the counsellor chat's language. `/audit CODE`
 * pages one patient's entries, `/audit` the chat's own actions, newest first, {@link AUDIT_PAGE}
 * to a page; a number after either asks for a later page (`/audit P-7F3K 2`). Entries carry no
 * names or platform ids (see `auditRefs.ts`), so neither does what is shown.
 */
import { DateTime } from 'luxon';
import type { CounsellorInbound } from '../engine/ports.js';
import type { Locale } from '../engine/types.js';
import type { AuditEntry, AuditFilter } from '../store/store.js';
import { reasonText } from './alertMessage.js';
import { counsellorActor } from './auditRefs.js';
import type { EscalationContext } from './context.js';
import { normaliseCode } from './counsellorCommands.js';
import { tr } from './text.js';

/** Entries on one page. */
export const AUDIT_PAGE = 10;

/** What `/audit` was asked: whose entries, and which page (from 1). */
export function parseAuditArgs(args: string): { code?: string; page: number } | null {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words.length > 2) return null;
  let code: string | undefined;
  let page = 1;
  for (const w of words) {
    if (/^\d{1,4}$/.test(w) && Number(w) >= 1) page = Number(w);
    else if (!code && /^[\w-]{1,32}$/.test(w)) code = normaliseCode(w);
    else return null;
  }
  return { ...(code ? { code } : {}), page };
}

/** Reads the audit back for counsellors. */
export class AuditCommands {
  constructor(private readonly ctx: EscalationContext) {}

  /** `/audit [CODE] [page]`. */
  async audit(input: CounsellorInbound, locale: Locale, args: string): Promise<void> {
    const { store, i18n, delivery } = this.ctx;
    const say = (text: string) => delivery.send(input.address, { text });
    const asked = parseAuditArgs(args);
    if (!asked) return void (await say(i18n.t(locale, 'alerts.audit.usage')));
    const here = counsellorActor(input.address);
    const filter: AuditFilter = asked.code ? { patientCode: asked.code } : { actor: here };
    const { entries, more } = await store.auditPage(filter, {
      skip: (asked.page - 1) * AUDIT_PAGE,
      limit: AUDIT_PAGE,
    });
    const code = asked.code ?? '';
    if (!entries.length)
      return void (await say(
        i18n.t(locale, asked.code ? 'alerts.audit.nonePatient' : 'alerts.audit.noneChat', {
          code,
          page: asked.page,
        }),
      ));
    const lines = [
      i18n.t(locale, asked.code ? 'alerts.audit.headerPatient' : 'alerts.audit.headerChat', {
        code,
        page: asked.page,
      }),
      ...entries.map((e) => this.line(e, locale, here, !asked.code)),
    ];
    if (more)
      lines.push(
        i18n.t(locale, 'alerts.audit.more', {
          next: `/audit ${asked.code ? `${code} ` : ''}${asked.page + 1}`,
        }),
      );
    await say(lines.join('\n'));
  }

  /** One entry: when, (whose,) what, who. */
  private line(e: AuditEntry, locale: Locale, here: string, withCode: boolean): string {
    const { i18n, config } = this.ctx;
    const when = DateTime.fromMillis(e.at, { zone: config.DEFAULT_TIMEZONE }).toFormat('yyyy-MM-dd HH:mm');
    const what = this.what(e, locale);
    if (withCode) return i18n.t(locale, 'alerts.audit.chatLine', { when, code: e.patientCode ?? '–', what });
    return i18n.t(locale, 'alerts.audit.line', { when, what, who: this.who(e.actor, locale, here) });
  }

  /** What happened, in words. */
  private what(e: AuditEntry, locale: Locale): string {
    const { i18n } = this.ctx;
    const t = (key: string, params: Record<string, string | number> = {}) =>
      i18n.t(locale, `alerts.audit.kind.${key}`, params);
    const detail = e.detail ?? '';
    switch (e.kind) {
      case 'alert': {
        const [level = '', reason = '', id = ''] = detail.split(' ');
        const levelText = i18n.has(`alerts.level.${level}`) ? i18n.t(locale, `alerts.level.${level}`) : level;
        const why = reasonText(i18n, locale, { reason, code: e.patientCode ?? '', params: {} });
        return t('alert', { level: levelText, reason: why, id });
      }
      case 'ack':
        return t('ack', { id: detail });
      case 'relay':
        return t('relay', { chars: /^(\d+) chars/.exec(detail)?.[1] ?? '?' });
      case 'export':
        return t(/counsellor/.test(detail) ? 'exportCounsellor' : 'exportPatient');
      case 'erase':
        return t(detail === 'retention' ? 'eraseRetention' : 'erase');
      case 'clearance':
        return t('clearance');
      case 'assign':
      case 'unassign':
        return tr(i18n, locale, `alerts.audit.kind.${e.kind}`, {}, { detail });
      default:
        // Free text of the entry's writer: filled in verbatim, never read as a catalogue key.
        return tr(i18n, locale, 'alerts.audit.kind.other', { kind: e.kind }, { detail });
    }
  }

  /** Who acted, in words: this chat, another counsellor chat, the patient, Dongyu itself. */
  private who(actor: string | undefined, locale: Locale, here: string): string {
    const { i18n } = this.ctx;
    if (!actor || actor === 'system') return i18n.t(locale, 'alerts.audit.who.system');
    if (actor === here) return i18n.t(locale, 'alerts.audit.who.thisChat');
    if (actor === 'patient') return i18n.t(locale, 'alerts.audit.who.patient');
    if (actor === 'unregistered') return i18n.t(locale, 'alerts.audit.who.unregistered');
    const chat = /^counsellor in (\S+)$/.exec(actor)?.[1];
    return chat ? tr(i18n, locale, 'alerts.audit.who.otherChat', {}, { chat }) : actor;
  }
}

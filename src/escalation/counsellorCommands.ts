/**
 * The counsellor commands behind the desk's authorisation check: `/patients`, `/patient CODE`,
 * `/reply CODE text`, `/clear CODE`. Each answers the counsellor chat in its language; what a
 * counsellor or patient wrote never reaches the logs or the audit (only lengths and codes do).
 */
import { randomUUID } from 'node:crypto';

import { buildOutcomeReport } from '../charts/outcomeReport.js';
import { reportMessage } from '../charts/reportMessage.js';
import { sparklineWithGaps } from '../charts/sparkline.js';
import { deliveryFailure } from '../engine/deliveryError.js';
import type { CounsellorInbound } from '../engine/ports.js';
import type { Locale, OutboundMessage } from '../engine/types.js';
import type { PatientDoc } from '../store/store.js';
import type { AlertService } from './alertService.js';
import { counsellorActor } from './auditRefs.js';
import { CaseloadCommands } from './caseloadCommands.js';
import { chatRef } from './caseloads.js';
import type { EscalationContext } from './context.js';
import { displayWho, type PatientProfileView, profileFromSnapshot, safeProfile } from './patientProfile.js';
import { average, cravingRatings, lastCheckin, trend } from './patientSummary.js';
import { programLines } from './programLines.js';
import { oneDecimal, shortWhen, tr } from './text.js';

/** At most this many patients are listed by `/patients` (most recently active first). */
export const PATIENTS_LIST_MAX = 30;

/** Relayed messages longer than this are refused (the patient's platform would split them). */
export const RELAY_MAX_CHARS = 2000;

/** Days shown by `/patient CODE`. */
export const TREND_DAYS = 14;

/** A patient code as typed (`p-7f3k`, ` P-7F3K `) in its stored form. */
export function normaliseCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Splits `CODE rest of the text` into the code and the rest (which keeps its line breaks). */
export function splitCodeArgs(args: string): { code: string; rest: string } {
  const m = /^\s*(\S+)(?:\s+([\s\S]*))?$/.exec(args);
  return { code: normaliseCode(m?.[1] ?? ''), rest: (m?.[2] ?? '').trim() };
}

/** Runs the counsellor commands. */
export class CounsellorCommands {
  /** `/assign`, `/unassign`, `/intake` (issue 23). */
  readonly caseloadCommands: CaseloadCommands;

  constructor(
    private readonly ctx: EscalationContext,
    private readonly alerts: AlertService,
  ) {
    this.caseloadCommands = new CaseloadCommands(ctx, alerts.caseloads);
  }

  private profile(doc: PatientDoc): PatientProfileView {
    return safeProfile(this.ctx.profileOf ?? profileFromSnapshot, doc);
  }

  private stageLabel(locale: Locale, stage: string | undefined): string {
    const { i18n } = this.ctx;
    if (!stage) return i18n.t(locale, 'alerts.stage.unknown');
    return i18n.has(`alerts.stage.${stage}`) ? i18n.t(locale, `alerts.stage.${stage}`) : stage;
  }

  private async reply(input: CounsellorInbound, message: OutboundMessage | string): Promise<void> {
    await this.ctx.delivery.send(input.address, typeof message === 'string' ? { text: message } : message);
  }

  /** Loads a patient by code, answering "no such patient" / "unreadable" itself when it cannot. */
  private async patientByCode(
    input: CounsellorInbound,
    locale: Locale,
    code: string,
  ): Promise<PatientDoc | null> {
    const { store, i18n } = this.ctx;
    const id = /^[\w-]{1,32}$/.test(code) ? await store.findPatientByCode(code) : null;
    const loaded = id ? await store.loadPatient(id) : ({ status: 'missing' } as const);
    if (loaded.status === 'ok') return loaded.doc;
    await this.reply(
      input,
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

  /**
   * `/patients`: the most recently active patients (at most {@link PATIENTS_LIST_MAX}), each with
   * code, stage, last craving, last check-in and open alerts. Only the listed patients are read.
   */
  async patients(input: CounsellorInbound, locale: Locale): Promise<void> {
    const { store, i18n } = this.ctx;
    // This chat's caseload comes first (issue 23), then the most recently active of the others.
    const caseload = new Set(await store.caseloadOf(chatRef(input.address)));
    const { ids, total } = await store.recentPatients(PATIENTS_LIST_MAX);
    if (!total && !caseload.size) return this.reply(input, i18n.t(locale, 'alerts.patients.none'));
    const open = new Map<string, number>();
    for (const a of await store.listAlerts({ open: true }))
      open.set(a.patientId, (open.get(a.patientId) ?? 0) + 1);
    // Someone who has only been shown the consent question is not a patient yet (unless they
    // raised an alert, which counsellors must follow).
    const patientsOf = async (list: string[]) => {
      const loaded = await Promise.all(list.map((id) => store.loadPatient(id)));
      const readable = loaded.flatMap((l) => (l.status === 'ok' ? [l.doc] : []));
      return {
        docs: readable.filter((doc) => this.profile(doc).consented !== false || open.has(doc.patientId)),
        readable: readable.length,
      };
    };
    const own = await patientsOf([...caseload]);
    own.docs.sort((a, b) => b.lastMessageAt - a.lastMessageAt);
    const recent = ids.filter((id) => !caseload.has(id));
    const others = await patientsOf(recent);
    const hiddenOthers = others.readable - others.docs.length;
    const shownOthers = Math.max(0, total - caseload.size - hiddenOthers);
    const lines: string[] = [];
    if (own.docs.length) {
      lines.push(i18n.t(locale, 'alerts.patients.caseloadHeader', { count: own.docs.length }));
      lines.push(...(await this.patientLines(own.docs.slice(0, PATIENTS_LIST_MAX), open, locale)));
      if (others.docs.length)
        lines.push('', i18n.t(locale, 'alerts.patients.othersHeader', { count: shownOthers }));
    } else {
      if (!others.docs.length) return this.reply(input, i18n.t(locale, 'alerts.patients.none'));
      lines.push(i18n.t(locale, 'alerts.patients.header', { count: shownOthers }));
    }
    lines.push(...(await this.patientLines(others.docs, open, locale)));
    if (total > ids.length) lines.push(i18n.t(locale, 'alerts.patients.more', { count: total - ids.length }));
    await this.reply(input, lines.join('\n'));
  }

  /** Who owns the patient (issue 23): this chat, another, or none. */
  private async ownerLine(doc: PatientDoc, input: CounsellorInbound, locale: Locale): Promise<string> {
    const { store, i18n } = this.ctx;
    const owner = await store.ownerOf(doc.patientId);
    if (!owner) return i18n.t(locale, 'alerts.caseload.noOwner');
    const chat = await this.caseloadCommands.chatLabel(owner, input.address, locale);
    return tr(i18n, locale, 'alerts.caseload.owner', {}, { chat });
  }

  /** One line per patient: code (and name if shared), stage, last craving, last check-in, open alerts. */
  private async patientLines(
    docs: PatientDoc[],
    open: Map<string, number>,
    locale: Locale,
  ): Promise<string[]> {
    const { store, i18n, clock, config } = this.ctx;
    const histories = await Promise.all(docs.map((doc) => store.getHistory(doc.patientId)));
    return docs.map((doc, i) => {
      const profile = this.profile(doc);
      const history = histories[i]!;
      const ratings = cravingRatings(history);
      const craving = ratings.length ? ratings[ratings.length - 1]! : profile.lastCraving;
      const checkin = lastCheckin(history);
      return (
        tr(
          i18n,
          locale,
          'alerts.patients.line',
          {
            stage: this.stageLabel(locale, profile.stage),
            craving: craving === undefined ? i18n.t(locale, 'alerts.patients.noValue') : `${craving}/10`,
            checkin: checkin
              ? shortWhen(checkin.at, clock.now(), config.DEFAULT_TIMEZONE)
              : i18n.t(locale, 'alerts.patients.never'),
            open: open.get(doc.patientId) ?? 0,
          },
          { who: displayWho(doc, profile) },
        ) + (profile.unreachableSince ? i18n.t(locale, 'alerts.patients.unreachable') : '')
      );
    });
  }

  /** `/patient CODE`: the profile and a 14-day trend, then the chart when the charts service is there. */
  async patient(input: CounsellorInbound, locale: Locale, args: string): Promise<void> {
    const { store, i18n, clock, config, progress, log } = this.ctx;
    const { code } = splitCodeArgs(args);
    if (!code) return this.reply(input, i18n.t(locale, 'alerts.desk.usage.patient'));
    const doc = await this.patientByCode(input, locale, code);
    if (!doc) return;
    const profile = this.profile(doc);
    const openAlerts = await store.listAlerts({ patientId: doc.patientId, open: true });
    const lines = [
      tr(i18n, locale, 'alerts.patient.header', {}, { who: displayWho(doc, profile) }),
      i18n.t(locale, 'alerts.patient.stage', { stage: this.stageLabel(locale, profile.stage) }),
    ];
    if (profile.cleared === true) lines.push(i18n.t(locale, 'alerts.patient.cleared'));
    if (profile.cleared === false)
      lines.push(i18n.t(locale, 'alerts.patient.notCleared', { code: doc.code }));
    if (profile.checkinTime)
      lines.push(
        i18n.t(locale, 'alerts.patient.checkinTime', {
          time: profile.checkinTime,
          timezone: profile.timezone ?? config.DEFAULT_TIMEZONE,
        }),
      );
    lines.push(
      i18n.t(locale, 'alerts.patient.platform', { channel: doc.address.channel, locale: doc.locale }),
    );
    lines.push(await this.ownerLine(doc, input, locale));
    if (profile.unreachableSince)
      lines.push(
        i18n.t(locale, 'alerts.patient.unreachable', {
          when: shortWhen(profile.unreachableSince, clock.now(), config.DEFAULT_TIMEZONE),
        }),
      );
    lines.push(
      i18n.t(locale, 'alerts.patient.openAlerts', {
        open: openAlerts.length ? `${openAlerts.length} (${openAlerts.map((a) => a.id).join(', ')})` : 0,
      }),
    );
    const now = clock.now();
    const recent = await store.getHistory(doc.patientId, now - (TREND_DAYS + 1) * 86_400_000);
    const t = trend(recent, now, profile.timezone ?? config.DEFAULT_TIMEZONE, TREND_DAYS);
    lines.push('', i18n.t(locale, 'alerts.patient.trendHeader'));
    if (!t.hasData) lines.push(i18n.t(locale, 'alerts.patient.noData'));
    else {
      const dash = i18n.t(locale, 'alerts.patients.noValue');
      const avg = (xs: (number | null)[]) => {
        const a = average(xs);
        return a === null ? dash : oneDecimal(a);
      };
      lines.push(
        i18n.t(locale, 'alerts.patient.craving', {
          spark: sparklineWithGaps(t.cravingPeak),
          average: avg(t.cravingPeak),
        }),
        i18n.t(locale, 'alerts.patient.mood', { spark: sparklineWithGaps(t.mood), average: avg(t.mood) }),
        i18n.t(locale, 'alerts.patient.exercise', {
          minutes: t.exerciseMinutes.reduce((a, b) => a + b, 0),
          days: t.exerciseMinutes.filter((m) => m > 0).length,
        }),
        i18n.t(locale, 'alerts.patient.checkins', { done: t.checkinDays, days: TREND_DAYS }),
        t.sessions.count
          ? i18n.t(locale, 'alerts.patient.sessions', {
              count: t.sessions.count,
              drop: t.sessions.averageDrop === null ? dash : oneDecimal(t.sessions.averageDrop),
            })
          : i18n.t(locale, 'alerts.patient.noSessions'),
        i18n.t(locale, 'alerts.patient.lapses', { count: t.lapses }),
      );
    }
    // The exercise program, once it has begun (docs/program.md#dose-and-outcome).
    const program = this.ctx.programOf?.(doc);
    if (program) lines.push('', ...programLines(i18n, locale, program, recent));
    await this.reply(input, lines.join('\n'));
    if (!progress) return;
    try {
      const chart = await progress.progressMessage(doc.patientId, locale, {
        days: TREND_DAYS,
        timezone: profile.timezone,
        audience: 'counsellor',
      });
      // The chart, or why there is none yet ("P-7F3K: not enough data…").
      await this.reply(input, chart);
    } catch (err) {
      log.warn({ patientCode: doc.code, err: (err as Error).name }, 'progress chart for a counsellor failed');
    }
  }

  /**
   * `/export CODE`: the patient's data export (JSON and CSV files) in this chat's language,
   * audited as this chat's.
   */
  async export(input: CounsellorInbound, locale: Locale, args: string): Promise<void> {
    const { i18n, exports } = this.ctx;
    const { code } = splitCodeArgs(args);
    if (!code) return this.reply(input, i18n.t(locale, 'alerts.desk.usage.export'));
    const doc = await this.patientByCode(input, locale, code);
    if (!doc) return;
    // Only for a patient of this chat's caseload (issue 23).
    if ((await this.ctx.store.ownerOf(doc.patientId)) !== chatRef(input.address))
      return this.reply(input, i18n.t(locale, 'alerts.caseload.exportNotYours', { code: doc.code }));
    // A Teams channel takes no files from a bot: said here, before anything is exported.
    if (this.ctx.delivery.canSendFiles?.(input.address) === false)
      return this.reply(input, i18n.t(locale, 'alerts.desk.exportNotHere', { code: doc.code }));
    if (!exports) return;
    const message = await exports.exportMessage(
      doc.patientId,
      locale,
      'counsellor',
      counsellorActor(input.address),
    );
    if (message) await this.reply(input, message);
  }

  /**
   * `/report CODE`: the outcome report (docs/program.md#dose-and-outcome), baseline against now and
   * week by week, as a PNG with its text.
   */
  async report(input: CounsellorInbound, locale: Locale, args: string): Promise<void> {
    const { store, i18n, clock, log } = this.ctx;
    const { code } = splitCodeArgs(args);
    if (!code) return this.reply(input, i18n.t(locale, 'alerts.desk.usage.report'));
    const doc = await this.patientByCode(input, locale, code);
    if (!doc) return;
    const view = this.ctx.programOf?.(doc);
    if (!view) return this.reply(input, i18n.t(locale, 'alerts.desk.noProgram', { code: doc.code }));
    const report = buildOutcomeReport(await store.getHistory(doc.patientId), view, { now: clock.now() });
    await this.reply(input, await reportMessage(i18n, locale, report, doc.code, log));
  }

  /** `/reply CODE text`: relays the text to the patient, marked as from their counsellor, in their language. */
  async relay(input: CounsellorInbound, locale: Locale, args: string): Promise<void> {
    const { store, i18n, clock, delivery, log, engine } = this.ctx;
    const { code, rest } = splitCodeArgs(args);
    if (!code || !rest) return this.reply(input, i18n.t(locale, 'alerts.desk.usage.reply'));
    if (rest.length > RELAY_MAX_CHARS)
      return this.reply(input, i18n.t(locale, 'alerts.desk.relayTooLong', { max: RELAY_MAX_CHARS }));
    const doc = await this.patientByCode(input, locale, code);
    if (!doc) return;
    // One way only: the patient is told where an answer would (not) go.
    const text = `${i18n.t(doc.locale, 'alerts.relay.toPatient')}\n${rest}\n\n${i18n.t(doc.locale, 'alerts.relay.oneWay')}`;
    try {
      // A relay is not a reply: with a delivery queue it keeps to the platform's rate limits.
      if (this.ctx.queue)
        await this.ctx.queue.enqueue(`rl:${doc.code}:${clock.now()}:${randomUUID()}`, doc.address, { text });
      else await delivery.send(doc.address, { text });
    } catch (err) {
      log.warn({ patientCode: doc.code, err: (err as Error).name }, 'relay to a patient failed');
      // "Try again later" only where later may work: a blocked bot or a deleted chat will not.
      const failure = deliveryFailure(err);
      const key = failure.retryable ? 'alerts.desk.relayFailed' : 'alerts.desk.relayUndeliverable';
      await this.reply(input, i18n.t(locale, key, { code: doc.code }));
      // The patient blocked the bot or left the chat: their check-ins are held from now on.
      if (failure.gone)
        await engine
          .handle({
            patientId: doc.patientId,
            address: doc.address,
            message: { kind: 'timer', event: { type: 'UNREACHABLE', channel: doc.address.channel } },
          })
          .catch((e: unknown) =>
            log.warn({ err: (e as Error).name }, 'could not mark a patient unreachable'),
          );
      return;
    }
    await store.appendAudit({
      at: clock.now(),
      kind: 'relay',
      actor: counsellorActor(input.address),
      patientCode: doc.code,
      detail: `${rest.length} chars to ${doc.address.channel}`,
    });
    await this.reply(input, i18n.t(locale, 'alerts.desk.relaySent', { code: doc.code }));
  }

  /**
   * `/clear CODE`: records exercise clearance (audited), tells the patient's machine
   * (`CLEARANCE_GRANTED`, which moves them to the full plan and tells them), and acknowledges their
   * open PAR-Q+ alerts on the counsellor's behalf.
   */
  async clear(input: CounsellorInbound, locale: Locale, args: string): Promise<void> {
    const { store, i18n, clock, engine, log } = this.ctx;
    const { code } = splitCodeArgs(args);
    if (!code) return this.reply(input, i18n.t(locale, 'alerts.desk.usage.clear'));
    const doc = await this.patientByCode(input, locale, code);
    if (!doc) return;
    // All PAR-Q+ answers no, or cleared before: nothing to record, nothing to tell the patient.
    if (this.profile(doc).cleared === true)
      return this.reply(input, i18n.t(locale, 'alerts.desk.alreadyCleared', { code: doc.code }));
    await store.appendAudit({
      at: clock.now(),
      kind: 'clearance',
      actor: counsellorActor(input.address),
      patientCode: doc.code,
    });
    try {
      await engine.handle({
        patientId: doc.patientId,
        address: doc.address,
        message: { kind: 'timer', event: { type: 'CLEARANCE_GRANTED', by: input.actor.name } },
      });
    } catch (err) {
      log.error(
        { patientCode: doc.code, err: (err as Error).name },
        'clearance could not reach the patient flow',
      );
      return this.reply(input, i18n.t(locale, 'alerts.desk.clearFailed', { code: doc.code }));
    }
    for (const a of await store.listAlerts({ patientId: doc.patientId, open: true }))
      if (a.reason === 'parqYes' || a.reason === 'alerts.reason.parqYes')
        await this.alerts.acknowledge(a.id, input.actor, input.address);
    await this.reply(input, i18n.t(locale, 'alerts.desk.cleared', { code: doc.code }));
  }
}

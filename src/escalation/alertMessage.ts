/**
 * How an alert reads in a counsellor chat, in the destination's language
 * (docs/clinical-protocol.md#escalation; docs/tone.md#an-alert-to-counsellors): level, reason, the patient's
 * code, the last seven cravings as a sparkline, the last check-in in one line, what the bot already told the
 * patient, and an Acknowledge button. Pure: everything it shows is passed in.
 */
import { DateTime } from 'luxon';
import { reasonName } from '../../flows/content/escalation.js';
import { sparkline } from '../charts/sparkline.js';
import { encodeButtonData, type Locale, type OutboundMessage } from '../engine/types.js';
import type { I18n } from '../i18n.js';
import type { AlertRecord } from '../store/store.js';
import { escalationTable } from './escalationTable.js';
import type { CheckinEntry } from './patientSummary.js';
import { clockTime, shortWhen, tr } from './text.js';

/** The ask id of Acknowledge buttons; the value is the alert id. */
export const ACK_ASK_ID = 'ack';

/** What an alert shows about the patient, read from their record as of the alert. */
export interface AlertView {
  /** The code, with the name only when the patient agreed to share it. */
  who: string;
  /** The last seven craving ratings, oldest first. */
  cravings: number[];
  lastCheckin?: CheckinEntry;
}

/** Where and when the message is rendered: the counsellors' time zone and the current time. */
export interface RenderContext {
  timezone: string;
  now: number;
}

/**
 * The alert's reason in words (unknown reasons are shown by name, never dropped), with why when the
 * flow said (`params.why`: what the risk reader found, so counsellors can triage at a glance).
 */
export function reasonText(
  i18n: I18n,
  locale: Locale,
  alert: Pick<AlertRecord, 'reason' | 'code' | 'params'>,
): string {
  const name = reasonName(alert.reason);
  const key = `alerts.reason.${name}`;
  // A reason may name what the flow passed (the program's stage change: from, to, day).
  const reason = i18n.has(key)
    ? i18n.t(locale, key, { ...alert.params, code: alert.code })
    : i18n.t(locale, 'alerts.reason.other', { reason: name });
  const why = alert.params?.why;
  const whyKey = `alerts.why.${why}`;
  if (typeof why !== 'string' || !i18n.has(whyKey)) return reason;
  return i18n.t(locale, 'alerts.reasonWhy', { reason, why: i18n.t(locale, whyKey) });
}

/** What the bot already told the patient: the reason's own summary, else the keys' first lines. */
export function toldText(
  i18n: I18n,
  locale: Locale,
  alert: Pick<AlertRecord, 'reason' | 'toldPatient'>,
): string {
  const key = `alerts.told.${reasonName(alert.reason)}`;
  if (i18n.has(key)) return i18n.t(locale, key);
  const parts = alert.toldPatient
    .filter((k) => i18n.has(k))
    .map((k) => {
      const first = i18n.t(locale, k).split('\n')[0]!.trim();
      return first.length > 80 ? `${first.slice(0, 79)}…` : first;
    });
  return parts.length ? parts.join('; ') : '–';
}

/** The one-line summary of a check-in. */
export function checkinLine(
  i18n: I18n,
  locale: Locale,
  c: CheckinEntry | undefined,
  rc: RenderContext,
  /** The template: the line (the default), or its value alone for a card's fact. */
  key = 'alerts.card.checkin',
): string {
  if (!c) return i18n.t(locale, 'alerts.card.checkinNone');
  const sleep =
    typeof c.sleep === 'number'
      ? i18n.t(locale, 'alerts.checkin.sleep.hours', { hours: c.sleep })
      : i18n.t(locale, `alerts.checkin.sleep.${c.sleep}`);
  const exercise =
    c.exerciseMin <= 0
      ? i18n.t(locale, 'alerts.checkin.noExercise')
      : c.exerciseType
        ? i18n.t(locale, 'alerts.checkin.exerciseTyped', {
            minutes: c.exerciseMin,
            type: i18n.t(locale, `alerts.modality.${c.exerciseType}`),
          })
        : i18n.t(locale, 'alerts.checkin.exercise', { minutes: c.exerciseMin });
  return i18n.t(locale, key, {
    when: shortWhen(c.at, rc.now, rc.timezone),
    craving: c.craving,
    peak: c.peak,
    mood: c.mood,
    sleep,
    exercise,
    use: i18n.t(locale, c.use ? 'alerts.checkin.use' : 'alerts.checkin.noUse'),
  });
}

/** The body lines of an alert (without reminder, acknowledgement or button). */
export function alertLines(
  i18n: I18n,
  locale: Locale,
  alert: AlertRecord,
  view: AlertView,
  rc: RenderContext,
): string[] {
  const icon = escalationTable().levels[alert.level].icon;
  const lines = [
    tr(
      i18n,
      locale,
      'alerts.card.header',
      { icon, level: i18n.t(locale, `alerts.level.${alert.level}`) },
      { who: view.who },
    ),
    i18n.t(locale, 'alerts.card.reason', {
      reason: reasonText(i18n, locale, alert),
      time: shortWhen(alert.at, rc.now, rc.timezone),
    }),
    view.cravings.length
      ? i18n.t(locale, 'alerts.card.cravings', {
          spark: sparkline(view.cravings),
          latest: view.cravings[view.cravings.length - 1]!,
        })
      : i18n.t(locale, 'alerts.card.cravingsNone'),
    checkinLine(i18n, locale, view.lastCheckin, rc),
    i18n.t(locale, 'alerts.card.told', { told: toldText(i18n, locale, alert) }),
  ];
  if (alert.level !== 'routine') lines.push(i18n.t(locale, 'alerts.card.id', { id: alert.id }));
  return lines;
}

/**
 * An alert laid out for a card (issue 23): the heading (level, patient, date and time), its
 * details as label/value pairs (reason, the last cravings as numbers, the last check-in, what the
 * patient was told), and the alert id. The text of {@link alertLines} says the same in lines.
 */
export function alertDetails(
  i18n: I18n,
  locale: Locale,
  alert: AlertRecord,
  view: AlertView,
  rc: RenderContext,
): NonNullable<OutboundMessage['details']> {
  const icon = escalationTable().levels[alert.level].icon;
  const when = DateTime.fromMillis(alert.at, { zone: rc.timezone }).toFormat('yyyy-MM-dd HH:mm');
  const header = tr(
    i18n,
    locale,
    'alerts.fact.header',
    { icon, level: i18n.t(locale, `alerts.level.${alert.level}`), when },
    { who: view.who },
  );
  const c = view.lastCheckin;
  const checkin = c ? checkinLine(i18n, locale, c, rc, 'alerts.fact.checkinValue') : '';
  return {
    heading: [header],
    facts: [
      { title: i18n.t(locale, 'alerts.fact.reason'), value: reasonText(i18n, locale, alert) },
      {
        title: i18n.t(locale, 'alerts.fact.cravings'),
        value: view.cravings.length
          ? i18n.t(locale, 'alerts.fact.cravingsValue', {
              values: view.cravings.join(' · '),
              latest: view.cravings[view.cravings.length - 1]!,
            })
          : i18n.t(locale, 'alerts.fact.none'),
      },
      {
        title: i18n.t(locale, 'alerts.fact.checkin'),
        value: checkin || i18n.t(locale, 'alerts.fact.none'),
      },
      { title: i18n.t(locale, 'alerts.fact.told'), value: toldText(i18n, locale, alert) },
    ],
    footer: alert.level !== 'routine' ? [i18n.t(locale, 'alerts.card.id', { id: alert.id })] : [],
  };
}

/** The Acknowledge button of one alert. */
export function ackButton(label: string, alertId: string) {
  return { label, data: encodeButtonData(ACK_ASK_ID, alertId) };
}

/** An alert as first sent (or as reminder number `reminder` ≥ 1), with its Acknowledge button. */
export function alertMessage(
  i18n: I18n,
  locale: Locale,
  alert: AlertRecord,
  view: AlertView,
  rc: RenderContext & { reminder?: number },
): OutboundMessage {
  const lines = alertLines(i18n, locale, alert, view, rc);
  const details = alertDetails(i18n, locale, alert, view, rc);
  if (rc.reminder && rc.reminder > 0) {
    const reminder = i18n.t(locale, 'alerts.card.reminder', { n: rc.reminder });
    lines.unshift(reminder);
    details.heading.unshift(reminder);
  }
  return {
    text: lines.join('\n'),
    details,
    kind: 'choice',
    buttons: [ackButton(i18n.t(locale, 'alerts.card.ackButton'), alert.id)],
    // The first line (or the reminder above it) is the alert's heading, in its level's tone.
    heading: alert.level === 'urgent' ? 'attention' : alert.level === 'high' ? 'warning' : 'default',
  };
}

/** "✅ 李医生 14:05 已认领". */
export function ackLine(
  i18n: I18n,
  locale: Locale,
  ack: NonNullable<AlertRecord['acknowledgedBy']>,
  timezone: string,
): string {
  return tr(
    i18n,
    locale,
    'alerts.card.acknowledged',
    { time: clockTime(ack.at, timezone) },
    { name: ack.name },
  );
}

/**
 * The alert as every copy reads once acknowledged: who and when first (issue 23: the heading no
 * longer reads as an open alert), then the same text, no button.
 */
export function acknowledgedMessage(
  i18n: I18n,
  locale: Locale,
  alert: AlertRecord,
  view: AlertView,
  rc: RenderContext,
): OutboundMessage {
  const lines = alertLines(i18n, locale, alert, view, rc);
  if (!alert.acknowledgedBy) return { text: lines.join('\n') };
  const ack = ackLine(i18n, locale, alert.acknowledgedBy, rc.timezone);
  lines.unshift(ack);
  const details = alertDetails(i18n, locale, alert, view, rc);
  details.heading.unshift(ack);
  return { text: lines.join('\n'), heading: 'good', details };
}

/** One routine alert in the digest, with who it is about. */
export interface DigestItem {
  alert: AlertRecord;
  who: string;
}

/** Buttons shown under a digest message at most (the rest are acknowledged with `/ack ID`). */
export const DIGEST_MAX_BUTTONS = 10;

/** Items one digest message lists at most. */
export const DIGEST_PAGE_ITEMS = 20;
/**
 * Characters a digest message may take, with room on every line for who acknowledged it: below
 * Telegram's 4,096 (the smallest limit of the platforms), so a page is always one message and an
 * acknowledgement edits it whole.
 */
export const DIGEST_PAGE_CHARS = 3_500;
/** Room kept on each digest line for " · ✅ <counsellor> 14:05 acknowledged". */
const ACK_ROOM = 100;

function digestLine(i18n: I18n, locale: Locale, { alert, who }: DigestItem, rc: RenderContext): string {
  return tr(
    i18n,
    locale,
    'alerts.digest.line',
    {
      reason: reasonText(i18n, locale, alert),
      when: shortWhen(alert.at, rc.now, rc.timezone),
      id: alert.id,
    },
    { who },
  );
}

/**
 * Splits the digest's items into pages, each sent as one message: at most
 * {@link DIGEST_PAGE_ITEMS} items and {@link DIGEST_PAGE_CHARS} characters in either language,
 * counting room for each item's acknowledgement. The same pages in every language, so each alert
 * is on one page everywhere.
 */
export function digestPages(i18n: I18n, items: readonly DigestItem[], rc: RenderContext): DigestItem[][] {
  const pages: DigestItem[][] = [];
  let page: DigestItem[] = [];
  let used = 0;
  const header = 80;
  for (const item of items) {
    const cost =
      Math.max(...(['en', 'zh-CN'] as const).map((l) => digestLine(i18n, l, item, rc).length)) + 1 + ACK_ROOM;
    if (page.length && (page.length >= DIGEST_PAGE_ITEMS || header + used + cost > DIGEST_PAGE_CHARS)) {
      pages.push(page);
      page = [];
      used = 0;
    }
    page.push(item);
    used += cost;
  }
  if (page.length) pages.push(page);
  return pages;
}

/**
 * The daily digest of routine alerts (or one page of it); acknowledged items show who took them,
 * the rest a button.
 */
export function digestMessage(
  i18n: I18n,
  locale: Locale,
  items: readonly DigestItem[],
  rc: RenderContext,
  page?: { page: number; pages: number },
): OutboundMessage {
  const lines = [
    page && page.pages > 1
      ? i18n.t(locale, 'alerts.digest.pageHeader', {
          count: items.length,
          page: page.page,
          pages: page.pages,
        })
      : i18n.t(locale, 'alerts.digest.header', { count: items.length }),
  ];
  const buttons = [];
  for (const item of items) {
    const { alert } = item;
    let line = digestLine(i18n, locale, item, rc);
    if (alert.acknowledgedBy) line += ` · ${ackLine(i18n, locale, alert.acknowledgedBy, rc.timezone)}`;
    else if (buttons.length < DIGEST_MAX_BUTTONS)
      // The id tells two alerts of one patient apart, and matches the line's `/ack ID`.
      buttons.push(
        ackButton(i18n.t(locale, 'alerts.digest.ackButton', { code: alert.code, id: alert.id }), alert.id),
      );
    lines.push(line);
  }
  return buttons.length ? { text: lines.join('\n'), kind: 'choice', buttons } : { text: lines.join('\n') };
}

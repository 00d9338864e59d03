/**
 * The progress service: everything a caller needs to show someone a patient's progress, as one
 * {@link OutboundMessage}. The engine calls it for the `chart` intent (`/progress`, the weekly
 * summary); the escalation service calls it for `/patient CODE` and to attach the 14-day chart to
 * high and urgent alerts. The message carries a PNG chart and a text fallback (sparklines and
 * numbers) that stands in wherever an image cannot be sent.
 */
import type { HistoryEntry } from '../../flows/history.js';
import type { Clock } from '../clock.js';
import type { Locale, OutboundMessage } from '../engine/types.js';
import type { I18n } from '../i18n.js';
import type { Logger } from '../log.js';
import { fileSubject } from '../model/fileSubject.js';
import type { PatientStore } from '../store/ports.js';
import { readableDoc } from '../store/records.js';
import { chartLabels, progressChartSvg } from './progressChart.js';
import { renderPng } from './render.js';
import {
  buildProgressSeries,
  dayMinutes,
  type ProgressSeries,
  round1,
  safeTimezone,
  windowStart,
} from './series.js';
import { sparklineWithGaps } from './sparkline.js';
import { WEEK_DAYS, weeklyStats, weeklySummaryText } from './weeklySummary.js';

/** The two chart lengths. */
export type ChartDays = 14 | 30;

/** Fewer days with any entry than this, and there is no chart: just a friendly "not enough data yet". */
export const MIN_DAYS_WITH_DATA = 2;

/** Where neither the patient's zone nor the deployment's is given: a default for their language. */
export const DEFAULT_TIMEZONE: Record<Locale, string> = { 'zh-CN': 'Asia/Shanghai', en: 'UTC' };

/** What a caller asks for. */
export interface ProgressOptions {
  /** 14 or 30; any other number is normalised (≤ 14 → 14, otherwise 30). */
  days: number;
  /** The Sunday summary: the summary sentences lead the text, the chart is attached. */
  weekly?: boolean;
  /**
   * The patient's IANA time zone, which decides what "a day" is. Defaults to the zone for the
   * patient's language ({@link DEFAULT_TIMEZONE}).
   */
  timezone?: string;
  /**
   * Who looks: `patient` (the default; "Your last 14 days") or `counsellor` (titled with the
   * pseudonymous patient code, never a name).
   */
  audience?: 'patient' | 'counsellor';
}

/** What the progress service needs. */
export interface ProgressServiceDeps {
  store: Pick<PatientStore, 'loadPatient' | 'getHistory'>;
  i18n: I18n;
  clock: Clock;
  log?: Logger;
  /** The deployment's zone (`DEFAULT_TIMEZONE`), for a patient whose own zone cannot be read. */
  defaultTimezone?: string;
}

/** Builds progress messages. */
export interface ProgressService {
  /**
   * The progress message for `patientId` in the viewer's `locale`: `image` (PNG chart) with `text`
   * as the fallback, or only a friendly "not enough data yet" text when history is too thin. If
   * the chart cannot be rendered the text fallback is returned alone (and the failure logged).
   * Store errors propagate, so an outbox item can be retried.
   */
  progressMessage(patientId: string, locale: Locale, opts: ProgressOptions): Promise<OutboundMessage>;
}

/** Normalises any requested length to one of the two chart lengths. */
export function chartDays(days: number): ChartDays {
  return Number.isFinite(days) && days <= 14 ? 14 : 30;
}

const fmt = (v: number | null) => (v === null ? null : String(round1(v)));

/** The text fallback: title, craving and mood sparklines (one character a day), and the numbers. */
export function progressText(series: ProgressSeries, i18n: I18n, locale: Locale, title: string): string {
  const t = (key: string, params?: Record<string, string | number>) =>
    i18n.t(locale, `charts.text.${key}`, params);
  const lastOf = (values: (number | null)[]) => [...values].reverse().find((v) => v !== null) ?? null;
  const craving = series.days.map((d) => d.craving);
  const mood = series.days.map((d) => d.mood);
  const none = t('none');
  const lines = [title];
  lines.push(t('craving', { spark: sparklineWithGaps(craving), latest: fmt(lastOf(craving)) ?? none }));
  lines.push(t('mood', { spark: sparklineWithGaps(mood), latest: fmt(lastOf(mood)) ?? none }));
  lines.push(
    t('checkins', { count: series.days.filter((d) => d.checkedIn).length, days: series.days.length }),
  );
  lines.push(
    t('exercise', {
      minutes: series.days.reduce((s, d) => s + dayMinutes(d), 0),
      activeDays: series.days.filter((d) => dayMinutes(d) > 0).length,
    }),
  );
  const rated = series.sessions.filter((s) => s.after !== null);
  if (rated.length) {
    const drop = round1(rated.reduce((s, x) => s + (x.before - x.after!), 0) / rated.length);
    lines.push(t('sessions', { count: series.sessions.length, drop }));
  } else if (series.sessions.length) {
    lines.push(t('sessionsUnrated', { count: series.sessions.length }));
  }
  return lines.join('\n');
}

/** Creates the {@link ProgressService}. */
export function createProgressService(deps: ProgressServiceDeps): ProgressService {
  const { store, i18n, clock, log } = deps;

  return {
    async progressMessage(patientId, locale, opts) {
      const days = chartDays(opts.days);
      const audience = opts.audience ?? 'patient';
      const loaded = await store.loadPatient(patientId);
      const doc = readableDoc(loaded);
      const code = doc?.code ?? '–';
      const timezone = safeTimezone(
        opts.timezone ?? deps.defaultTimezone ?? DEFAULT_TIMEZONE[doc?.locale ?? locale],
      );
      const now = clock.now();
      const since = windowStart(now, Math.max(days, WEEK_DAYS), timezone);
      const history: HistoryEntry[] =
        loaded.status === 'missing' ? [] : await store.getHistory(patientId, since);
      const series = buildProgressSeries(history, { days, now, timezone });

      if (series.daysWithData < MIN_DAYS_WITH_DATA) {
        const text =
          audience === 'counsellor'
            ? i18n.t(locale, 'charts.empty.counsellor', { code, days, min: MIN_DAYS_WITH_DATA })
            : i18n.t(locale, 'charts.empty.patient');
        if (!opts.weekly) return { text };
        // A thin week still gets its summary sentences, without a chart.
        const summary = weeklySummaryText(weeklyStats(history, { now, timezone }), i18n, locale);
        return { text: `${summary}\n\n${text}` };
      }

      const title =
        audience === 'counsellor'
          ? i18n.t(locale, 'charts.title.counsellor', { code, days })
          : i18n.t(locale, 'charts.title.patient', { days });
      const fallback = progressText(series, i18n, locale, title);
      const text = opts.weekly
        ? `${weeklySummaryText(weeklyStats(history, { now, timezone }), i18n, locale)}\n\n${fallback}`
        : fallback;

      try {
        const png = await renderPng(progressChartSvg(series, chartLabels(i18n, locale, series, title)));
        return {
          text,
          image: { png, alt: i18n.t(locale, 'charts.alt', { days }) },
          // The console writes the image to disk: named by the patient, it goes with their /delete.
          subject: fileSubject(patientId),
        };
      } catch (err) {
        log?.error(
          { err, patientCode: code, days },
          'progress chart could not be rendered; sending the text fallback',
        );
        return { text };
      }
    },
  };
}

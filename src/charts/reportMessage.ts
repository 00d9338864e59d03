/**
 * `/report CODE` as one message (docs/program.md#dose-and-outcome): the outcome report as a PNG in
 * the progress chart's style, with its text (baseline against now, then week by week) as the
 * fallback wherever an image cannot be shown. A chart that cannot be rendered leaves the text alone.
 */
import type { Locale, OutboundMessage } from '../engine/types.js';
import type { I18n } from '../i18n.js';
import type { Logger } from '../log.js';
import type { OutcomeReport } from './outcomeReport.js';
import { renderPng } from './render.js';
import { type ReportLabels, reportChartSvg, reportRows } from './reportChart.js';

/** The report's labels in `locale`. */
export function reportLabels(i18n: I18n, locale: Locale, r: OutcomeReport, code: string): ReportLabels {
  const t = (key: string, params?: Record<string, string | number>) =>
    i18n.t(locale, `charts.report.${key}`, params);
  return {
    title: t('title', { code }),
    subtitle: t('subtitle', { week: r.week, stage: `@alerts.stage.${r.stage}`, days: r.daysSinceUse }),
    baselineNow: t('baselineNow'),
    rows: reportRows(i18n, locale, r),
    panelWorkouts: t('panel.workouts'),
    panelCraving: t('panel.craving'),
    panelPhq: t('panel.phq'),
    legend: {
      planned: t('legend.planned'),
      done: t('legend.done'),
      average: t('legend.average'),
      peak: t('legend.peak'),
      phq2: t('legend.phq2'),
      phq9: t('legend.phq9'),
    },
    weeks: r.weeks.map((w) => t('week', { week: w.week })),
    minutes: r.weeks.map((w) => t('minutes', { minutes: w.dose })),
  };
}

/** The report's text: title, baseline against now, then each week. */
export function reportText(i18n: I18n, locale: Locale, r: OutcomeReport, labels: ReportLabels): string {
  const t = (key: string, params?: Record<string, string | number>) =>
    i18n.t(locale, `charts.report.${key}`, params);
  const lines = [labels.title, labels.subtitle, '', labels.baselineNow];
  for (const row of labels.rows)
    lines.push(
      row.baseline
        ? t('text.row', { label: row.label, baseline: row.baseline, now: row.now })
        : t('text.single', { label: row.label, value: row.now }),
    );
  lines.push('', t('text.byWeek'));
  for (const w of r.weeks)
    lines.push(
      t('text.week', {
        week: w.week,
        done: w.done,
        planned: w.planned,
        minutes: w.minutes,
        plannedMinutes: w.plannedMinutes,
        craving: w.craving
          ? t('text.craving', { average: w.craving.average, peak: w.craving.peak })
          : t('value.none'),
      }),
    );
  return lines.join('\n');
}

/** The report message: the PNG with the text, or the text alone when rendering fails. */
export async function reportMessage(
  i18n: I18n,
  locale: Locale,
  r: OutcomeReport,
  code: string,
  log?: Logger,
): Promise<OutboundMessage> {
  const labels = reportLabels(i18n, locale, r, code);
  const text = reportText(i18n, locale, r, labels);
  try {
    const png = await renderPng(reportChartSvg(r, labels));
    return { text, image: { png, alt: i18n.t(locale, 'charts.report.alt') } };
  } catch (err) {
    log?.error({ err, patientCode: code }, 'report chart could not be rendered; sending the text');
    return { text };
  }
}

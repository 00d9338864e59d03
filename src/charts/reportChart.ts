/**
 * The outcome report as an SVG string, in the progress chart's style (its palette, font, title and
 * panel headers): on the left, baseline against now; on the right, three panels by program week:
 * workouts done of planned (bars), craving average and peak, and the PHQ scores. Every word comes
 * from `locales/<locale>/charts.json` (`charts.report.*`). Render it with `renderPng`.
 */
import type { Locale } from '../engine/types.js';
import type { I18n } from '../i18n.js';
import type { BeforeAfter, CravingSummary, OutcomeReport, PhqPoint } from './outcomeReport.js';
import { CHART_COLOURS, escapeXml, textWidth } from './progressChart.js';
import { CHART_FONT_FAMILY } from './render.js';

/** Report width and height in pixels. */
export const REPORT_WIDTH = 1200;
export const REPORT_HEIGHT = 820;

const n = (v: number) => String(Math.round(v * 10) / 10);
function text(x: number, y: number, s: string, attrs: Record<string, string | number> = {}): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  return `<text x="${n(x)}" y="${n(y)}"${a}>${escapeXml(s)}</text>`;
}
const line = (x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1, extra = '') =>
  `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="${width}"${extra}/>`;

/** One baseline → now row of the left column. */
export interface ReportRow {
  label: string;
  baseline: string;
  now: string;
}

/** Every text the report draws, already in the viewer's language. */
export interface ReportLabels {
  title: string;
  subtitle: string;
  baselineNow: string;
  rows: ReportRow[];
  panelWorkouts: string;
  panelCraving: string;
  panelPhq: string;
  legend: Record<'planned' | 'done' | 'average' | 'peak' | 'phq2' | 'phq9', string>;
  /** One axis label per week shown. */
  weeks: string[];
  /** Each week's minutes per workout (`35 min`). */
  minutes: string[];
}

const fmt = (v: number | null | undefined, none: string) => (v === null || v === undefined ? none : n(v));

/** The rows of the left column (also the text fallback's). */
export function reportRows(i18n: I18n, locale: Locale, r: OutcomeReport): ReportRow[] {
  const t = (key: string, params?: Record<string, string | number>) =>
    i18n.t(locale, `charts.report.${key}`, params);
  const none = t('value.none');
  const craving = (c: CravingSummary | null, k: 'average' | 'peak') => fmt(c?.[k], none);
  const phq = (p: PhqPoint | null) => (p ? t('value.phq', { total: p.total, max: p.full ? 27 : 6 }) : none);
  const pairs = (b: BeforeAfter) =>
    b.count
      ? t('value.beforeAfter', { count: b.count, before: fmt(b.before, none), after: fmt(b.after, none) })
      : none;
  const percent = r.adherence.planned ? Math.round((100 * r.adherence.done) / r.adherence.planned) : 0;
  return [
    {
      label: t('row.cravingAverage'),
      baseline: craving(r.craving.baseline, 'average'),
      now: craving(r.craving.now, 'average'),
    },
    {
      label: t('row.cravingPeak'),
      baseline: craving(r.craving.baseline, 'peak'),
      now: craving(r.craving.now, 'peak'),
    },
    { label: t('row.phq'), baseline: phq(r.phq.baseline), now: phq(r.phq.latest ?? r.phq.baseline) },
    { label: t('row.daysSinceUse'), baseline: '', now: String(r.daysSinceUse) },
    {
      label: t('row.adherence'),
      baseline: '',
      now: t('value.adherence', { done: r.adherence.done, planned: r.adherence.planned, percent }),
    },
    { label: t('row.sessions'), baseline: '', now: pairs(r.sessions) },
    { label: t('row.workouts'), baseline: '', now: pairs(r.workouts) },
  ];
}

const LEFT_X = 40;
const LEFT_W = 400;
const PLOT_X0 = 520;
const PLOT_X1 = REPORT_WIDTH - 30;
const PANELS = [
  { top: 150, bottom: 330 },
  { top: 400, bottom: 560 },
  { top: 630, bottom: 770 },
];

/** The report SVG. Pure; the same input gives the same SVG. */
export function reportChartSvg(r: OutcomeReport, labels: ReportLabels): string {
  const o: string[] = [`<rect width="${REPORT_WIDTH}" height="${REPORT_HEIGHT}" fill="#ffffff"/>`];
  o.push(text(LEFT_X, 50, labels.title, { 'font-size': 30, 'font-weight': 700, fill: CHART_COLOURS.text }));
  o.push(text(LEFT_X, 82, labels.subtitle, { 'font-size': 18, fill: CHART_COLOURS.muted }));

  // Left: baseline → now.
  o.push(
    text(LEFT_X, 124, labels.baselineNow, { 'font-size': 19, 'font-weight': 700, fill: CHART_COLOURS.text }),
  );
  labels.rows.forEach((row, i) => {
    const y = 170 + i * 88;
    o.push(line(LEFT_X, y - 30, LEFT_X + LEFT_W, y - 30, CHART_COLOURS.grid));
    o.push(text(LEFT_X, y, row.label, { 'font-size': 16, fill: CHART_COLOURS.muted }));
    const value = row.baseline ? `${row.baseline}  →  ${row.now}` : row.now;
    const size = textWidth(value, 24) > LEFT_W ? 18 : 24;
    o.push(text(LEFT_X, y + 34, value, { 'font-size': size, 'font-weight': 700, fill: CHART_COLOURS.text }));
  });

  const weeks = r.weeks.length ? r.weeks : [];
  const N = Math.max(4, weeks.length);
  const cw = (PLOT_X1 - PLOT_X0) / N;
  const cx = (i: number) => PLOT_X0 + cw * (i + 0.5);
  const header = (label: string, y: number, items: [string, string, string?][]) => {
    o.push(text(PLOT_X0 - 40, y, label, { 'font-size': 18, 'font-weight': 700, fill: CHART_COLOURS.text }));
    let x = PLOT_X0 - 40 + textWidth(label, 18) + 24;
    for (const [colour, name, outline] of items) {
      const stroke = outline ? ` stroke="${outline}" stroke-width="2"` : '';
      o.push(`<rect x="${n(x)}" y="${n(y - 12)}" width="14" height="14" fill="${colour}"${stroke}/>`);
      o.push(text(x + 20, y, name, { 'font-size': 14, fill: CHART_COLOURS.muted }));
      x += 20 + textWidth(name, 14) + 18;
    }
  };
  const grid = (p: { top: number; bottom: number }, max: number, step: number) => {
    for (let v = 0; v <= max; v += step) {
      const y = p.bottom - (v / max) * (p.bottom - p.top);
      o.push(line(PLOT_X0, y, PLOT_X1, y, v === 0 ? CHART_COLOURS.axis : CHART_COLOURS.grid));
      o.push(
        text(PLOT_X0 - 10, y + 5, String(v), {
          'font-size': 13,
          fill: CHART_COLOURS.muted,
          'text-anchor': 'end',
        }),
      );
    }
  };

  // Panel 1: workouts done of planned.
  const [pw, pc, pp] = PANELS as [(typeof PANELS)[0], (typeof PANELS)[0], (typeof PANELS)[0]];
  header(labels.panelWorkouts, pw.top - 22, [
    [CHART_COLOURS.grid, labels.legend.planned],
    [CHART_COLOURS.aerobic, labels.legend.done],
  ]);
  const maxWorkouts = Math.max(7, ...weeks.map((w) => Math.max(w.planned, w.done)));
  grid(pw, maxWorkouts, maxWorkouts > 7 ? 2 : 1);
  const yw = (v: number) => pw.bottom - (v / maxWorkouts) * (pw.bottom - pw.top);
  const bw = Math.min(36, cw * 0.5);
  weeks.forEach((w, i) => {
    o.push(
      `<rect x="${n(cx(i) - bw / 2)}" y="${n(yw(w.planned))}" width="${n(bw)}" height="${n(pw.bottom - yw(w.planned))}" fill="${CHART_COLOURS.today}" stroke="${CHART_COLOURS.axis}" stroke-dasharray="4 3"/>`,
    );
    if (w.done > 0)
      o.push(
        `<rect x="${n(cx(i) - bw / 2 + 4)}" y="${n(yw(w.done))}" width="${n(bw - 8)}" height="${n(pw.bottom - yw(w.done))}" fill="${CHART_COLOURS.aerobic}"/>`,
      );
    // The dose of the week above its bar: the program growing (or stepping back) week by week.
    o.push(
      text(cx(i), yw(Math.max(w.planned, w.done)) - 8, labels.minutes[i] ?? '', {
        'font-size': 13,
        fill: CHART_COLOURS.muted,
        'text-anchor': 'middle',
      }),
    );
  });

  // Panel 2: craving by week.
  header(labels.panelCraving, pc.top - 22, [
    [CHART_COLOURS.craving, labels.legend.average],
    [CHART_COLOURS.peak, labels.legend.peak],
  ]);
  grid(pc, 10, 2);
  const yc = (v: number) => pc.bottom - (Math.min(10, Math.max(0, v)) / 10) * (pc.bottom - pc.top);
  const points: string[] = [];
  weeks.forEach((w, i) => {
    if (!w.craving) return;
    o.push(line(cx(i) - 8, yc(w.craving.peak), cx(i) + 8, yc(w.craving.peak), CHART_COLOURS.peak, 3));
    points.push(`${n(cx(i))},${n(yc(w.craving.average))}`);
  });
  if (points.length > 1)
    o.push(
      `<polyline points="${points.join(' ')}" fill="none" stroke="${CHART_COLOURS.craving}" stroke-width="3"/>`,
    );
  for (const p of points) {
    const [x, y] = p.split(',');
    o.push(
      `<circle cx="${x}" cy="${y}" r="5" fill="${CHART_COLOURS.craving}" stroke="#fff" stroke-width="1.5"/>`,
    );
  }

  // Panel 3: PHQ scores (the onboarding's at the start of the axis).
  header(labels.panelPhq, pp.top - 22, [
    [CHART_COLOURS.mood, labels.legend.phq9],
    ['#ffffff', labels.legend.phq2, CHART_COLOURS.mood],
  ]);
  grid(pp, 27, 9);
  const yp = (v: number) => pp.bottom - (Math.min(27, v) / 27) * (pp.bottom - pp.top);
  const phq = [...(r.phq.baseline ? [r.phq.baseline] : []), ...r.phq.points];
  for (const p of phq) {
    const i = Math.max(
      0,
      weeks.findIndex((w) => w.week === p.week),
    );
    const x = p.week === 0 ? PLOT_X0 + 6 : cx(i);
    o.push(
      `<rect x="${n(x - 6)}" y="${n(yp(p.total) - 6)}" width="12" height="12" transform="rotate(45 ${n(x)} ${n(yp(p.total))})" fill="${p.full ? CHART_COLOURS.mood : '#ffffff'}" stroke="${CHART_COLOURS.mood}" stroke-width="2"/>`,
    );
  }

  // Weeks along the bottom.
  labels.weeks.forEach((label, i) => {
    o.push(
      text(cx(i), pp.bottom + 26, label, {
        'font-size': 13,
        fill: CHART_COLOURS.muted,
        'text-anchor': 'middle',
      }),
    );
  });

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${REPORT_WIDTH}" height="${REPORT_HEIGHT}" viewBox="0 0 ${REPORT_WIDTH} ${REPORT_HEIGHT}" font-family="${CHART_FONT_FAMILY}">` +
    o.join('') +
    '</svg>'
  );
}

/**
 * The progress chart as an SVG string: a top panel with daily craving (line), its daily peak (a
 * thin bar up to a cap), mood (dashed line) and each rescue session's craving before → after (an
 * arrow); a bottom panel with exercise minutes by modality (stacked bars); dates along the bottom.
 * Every word comes from `locales/<locale>/charts.json`. Render it with `renderPng` (render.ts).
 */
import type { HistoryEntry } from '../../flows/history.js';
import type { Locale } from '../engine/types.js';
import type { I18n } from '../i18n.js';
import { CHART_FONT_FAMILY } from './render.js';
import {
  buildProgressSeries,
  dayMinutes,
  EXERCISE_KINDS,
  type ExerciseKind,
  type ProgressSeries,
} from './series.js';

/** Chart width in pixels (the PNG is rendered at this size). */
export const CHART_WIDTH = 1200;
/** Chart height in pixels. */
export const CHART_HEIGHT = 770;

/** The chart's colours (a colour-blind-safe palette). */
export const CHART_COLOURS = {
  craving: '#D55E00',
  peak: '#F4A582',
  mood: '#0072B2',
  session: '#AA4499',
  aerobic: '#E69F00',
  resistance: '#56B4E9',
  mindbody: '#009E73',
  other: '#BBBBBB',
  grid: '#E6E6E6',
  axis: '#9A9A9A',
  muted: '#5F5F5F',
  text: '#1F1F1F',
  today: '#F4F4F4',
} as const;

/** Every text the chart draws, already in the viewer's language. */
export interface ChartLabels {
  title: string;
  subtitle: string;
  panelCraving: string;
  panelExercise: string;
  legend: Record<'craving' | 'peak' | 'mood' | 'session' | ExerciseKind, string>;
  /** One axis label per day of the series (the last one is "Today"). */
  dates: string[];
  noExercise: string;
}

/** The `{month}/{day}`-style label for a `YYYY-MM-DD` day in the viewer's language. */
export function formatDay(i18n: I18n, locale: Locale, day: string): string {
  const [, m, d] = day.split('-');
  return i18n.t(locale, 'charts.date', { month: Number(m), day: Number(d) });
}

/** Resolves every chart text for a series in `locale`; `title` is the already-translated title. */
export function chartLabels(i18n: I18n, locale: Locale, series: ProgressSeries, title: string): ChartLabels {
  const days = series.days.map((p) => p.day);
  const t = (key: string) => i18n.t(locale, `charts.${key}`);
  return {
    title,
    subtitle: i18n.t(locale, 'charts.range', {
      from: formatDay(i18n, locale, days[0] ?? ''),
      to: formatDay(i18n, locale, days[days.length - 1] ?? ''),
    }),
    panelCraving: t('panel.craving'),
    panelExercise: t('panel.exercise'),
    legend: {
      craving: t('legend.craving'),
      peak: t('legend.peak'),
      mood: t('legend.mood'),
      session: t('legend.session'),
      aerobic: t('legend.aerobic'),
      resistance: t('legend.resistance'),
      mindbody: t('legend.mindbody'),
      other: t('legend.other'),
    },
    dates: days.map((d, i) => (i === days.length - 1 ? t('today') : formatDay(i18n, locale, d))),
    noExercise: t('noExercise'),
  };
}

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Rough rendered width of `text` at `size` px: full width for CJK, narrower for Latin. */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x2e80) em += 1;
    else if (ch === ' ') em += 0.26;
    else if (/[A-Z0-9]/.test(ch)) em += 0.62;
    else em += 0.54;
  }
  return em * size;
}

const n = (v: number) => String(Math.round(v * 10) / 10);

function text(x: number, y: number, s: string, attrs: Record<string, string | number> = {}): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  return `<text x="${n(x)}" y="${n(y)}"${a}>${escapeXml(s)}</text>`;
}

const PLOT_X0 = 70;
const PLOT_X1 = CHART_WIDTH - 30;
const PLOT_W = PLOT_X1 - PLOT_X0;
const A_TOP = 176;
const A_BOTTOM = 466;
const B_TOP = 556;
const B_BOTTOM = 716;
const LEGEND_SIZE = 15;

type Swatch = (x: number, y: number) => string;

const swatches: Record<keyof ChartLabels['legend'], Swatch> = {
  craving: (x, y) =>
    `<line x1="${n(x)}" y1="${n(y)}" x2="${n(x + 26)}" y2="${n(y)}" stroke="${CHART_COLOURS.craving}" stroke-width="3"/>` +
    `<circle cx="${n(x + 13)}" cy="${n(y)}" r="5" fill="${CHART_COLOURS.craving}" stroke="#fff" stroke-width="1.5"/>`,
  peak: (x, y) =>
    `<line x1="${n(x + 13)}" y1="${n(y + 8)}" x2="${n(x + 13)}" y2="${n(y - 8)}" stroke="${CHART_COLOURS.peak}" stroke-width="4" stroke-linecap="round"/>` +
    `<line x1="${n(x + 6)}" y1="${n(y - 8)}" x2="${n(x + 20)}" y2="${n(y - 8)}" stroke="${CHART_COLOURS.peak}" stroke-width="3" stroke-linecap="round"/>`,
  mood: (x, y) =>
    `<line x1="${n(x)}" y1="${n(y)}" x2="${n(x + 26)}" y2="${n(y)}" stroke="${CHART_COLOURS.mood}" stroke-width="2.5" stroke-dasharray="7 4"/>` +
    `<rect x="${n(x + 9)}" y="${n(y - 4)}" width="8" height="8" fill="${CHART_COLOURS.mood}"/>`,
  session: (x, y) => sessionArrow(x + 13, y - 9, y + 9),
  aerobic: (x, y) =>
    `<rect x="${n(x + 4)}" y="${n(y - 8)}" width="18" height="16" fill="${CHART_COLOURS.aerobic}"/>`,
  resistance: (x, y) =>
    `<rect x="${n(x + 4)}" y="${n(y - 8)}" width="18" height="16" fill="${CHART_COLOURS.resistance}"/>`,
  mindbody: (x, y) =>
    `<rect x="${n(x + 4)}" y="${n(y - 8)}" width="18" height="16" fill="${CHART_COLOURS.mindbody}"/>`,
  other: (x, y) =>
    `<rect x="${n(x + 4)}" y="${n(y - 8)}" width="18" height="16" fill="${CHART_COLOURS.other}"/>`,
};

/** A session marker: hollow dot at `yBefore`, arrow to `yAfter` (or only the dot). */
function sessionArrow(x: number, yBefore: number, yAfter: number | null): string {
  const c = CHART_COLOURS.session;
  const dot = `<circle cx="${n(x)}" cy="${n(yBefore)}" r="5" fill="#fff" stroke="${c}" stroke-width="2.5"/>`;
  if (yAfter === null) return dot;
  if (Math.abs(yAfter - yBefore) < 1) {
    return `${dot}<path d="M${n(x - 6)} ${n(yBefore)}h12" stroke="${c}" stroke-width="2.5"/>`;
  }
  const dir = yAfter > yBefore ? 1 : -1;
  const head = Math.min(10, Math.abs(yAfter - yBefore));
  const shaft = yAfter - dir * head;
  return (
    `<line x1="${n(x)}" y1="${n(yBefore + dir * 5)}" x2="${n(x)}" y2="${n(shaft)}" stroke="${c}" stroke-width="3"/>` +
    `<path d="M${n(x - 6)} ${n(shaft)}L${n(x + 6)} ${n(shaft)}L${n(x)} ${n(yAfter)}Z" fill="${c}"/>` +
    dot
  );
}

/** A panel header: bold label, then legend entries flowing right, wrapping onto a second row. */
function header(label: string, y: number, items: [keyof ChartLabels['legend'], string][]): string {
  const out = [
    text(PLOT_X0 - 40, y, label, { 'font-size': 19, 'font-weight': 700, fill: CHART_COLOURS.text }),
  ];
  let x = PLOT_X0 - 40 + textWidth(label, 19) + 28;
  let row = y;
  for (const [key, name] of items) {
    const w = 32 + textWidth(name, LEGEND_SIZE) + 22;
    if (x + w > PLOT_X1 + 20) {
      x = PLOT_X0 - 40;
      row += 28;
    }
    out.push(swatches[key](x, row - 5));
    out.push(text(x + 32, row, name, { 'font-size': LEGEND_SIZE, fill: CHART_COLOURS.muted }));
    x += w;
  }
  return out.join('');
}

/** A tick step for the exercise axis, so the panel shows at most four gridlines. */
function exerciseScale(maxMinutes: number): { top: number; step: number } {
  const steps = [10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1440];
  const max = Math.max(30, maxMinutes);
  const step = steps.find((s) => Math.ceil(max / s) <= 4) ?? 1440;
  return { top: Math.ceil(max / step) * step, step };
}

/** Connected runs of a daily series (a day without a value breaks the line). */
function runs(values: (number | null)[]): [number, number][][] {
  const out: [number, number][][] = [];
  let cur: [number, number][] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (cur.length) out.push(cur);
      cur = [];
    } else cur.push([i, v]);
  });
  if (cur.length) out.push(cur);
  return out;
}

/** Builds the chart SVG for a series with its labels. Pure; the same input gives the same SVG. */
export function progressChartSvg(series: ProgressSeries, labels: ChartLabels): string {
  const N = Math.max(1, series.days.length);
  const cw = PLOT_W / N;
  const cx = (i: number) => PLOT_X0 + cw * (i + 0.5);
  const yA = (v: number) => A_BOTTOM - (Math.min(10, Math.max(0, v)) / 10) * (A_BOTTOM - A_TOP);
  const o: string[] = [];

  o.push(`<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`);
  // Today's column, lightly shaded in both panels.
  const tx = PLOT_X0 + cw * (N - 1);
  o.push(
    `<rect x="${n(tx)}" y="${A_TOP}" width="${n(cw)}" height="${A_BOTTOM - A_TOP}" fill="${CHART_COLOURS.today}"/>`,
  );
  o.push(
    `<rect x="${n(tx)}" y="${B_TOP}" width="${n(cw)}" height="${B_BOTTOM - B_TOP}" fill="${CHART_COLOURS.today}"/>`,
  );

  o.push(
    text(PLOT_X0 - 40, 50, labels.title, { 'font-size': 30, 'font-weight': 700, fill: CHART_COLOURS.text }),
  );
  o.push(text(PLOT_X0 - 40, 82, labels.subtitle, { 'font-size': 18, fill: CHART_COLOURS.muted }));

  // Panel A: craving, peak, mood, sessions on a 0–10 scale.
  o.push(
    header(labels.panelCraving, 124, [
      ['craving', labels.legend.craving],
      ['peak', labels.legend.peak],
      ['mood', labels.legend.mood],
      ['session', labels.legend.session],
    ]),
  );
  for (let v = 0; v <= 10; v += 2) {
    const y = yA(v);
    o.push(
      `<line x1="${PLOT_X0}" y1="${n(y)}" x2="${PLOT_X1}" y2="${n(y)}" stroke="${v === 0 ? CHART_COLOURS.axis : CHART_COLOURS.grid}" stroke-width="1"/>`,
    );
    o.push(
      text(PLOT_X0 - 10, y + 5, String(v), {
        'font-size': 15,
        fill: CHART_COLOURS.muted,
        'text-anchor': 'end',
      }),
    );
  }
  const capW = Math.min(16, cw * 0.4);
  series.days.forEach((p, i) => {
    if (p.peak === null) return;
    const yp = yA(p.peak);
    if (p.craving !== null && p.peak > p.craving) {
      o.push(
        `<line x1="${n(cx(i))}" y1="${n(yA(p.craving))}" x2="${n(cx(i))}" y2="${n(yp)}" stroke="${CHART_COLOURS.peak}" stroke-width="4" stroke-linecap="round"/>`,
      );
    }
    o.push(
      `<line x1="${n(cx(i) - capW / 2)}" y1="${n(yp)}" x2="${n(cx(i) + capW / 2)}" y2="${n(yp)}" stroke="${CHART_COLOURS.peak}" stroke-width="3" stroke-linecap="round"/>`,
    );
  });
  for (const run of runs(series.days.map((p) => p.mood))) {
    if (run.length > 1) {
      o.push(
        `<polyline points="${run.map(([i, v]) => `${n(cx(i))},${n(yA(v))}`).join(' ')}" fill="none" stroke="${CHART_COLOURS.mood}" stroke-width="2.5" stroke-dasharray="7 4"/>`,
      );
    }
    for (const [i, v] of run) {
      o.push(
        `<rect x="${n(cx(i) - 4)}" y="${n(yA(v) - 4)}" width="8" height="8" fill="${CHART_COLOURS.mood}"/>`,
      );
    }
  }
  for (const run of runs(series.days.map((p) => p.craving))) {
    if (run.length > 1) {
      o.push(
        `<polyline points="${run.map(([i, v]) => `${n(cx(i))},${n(yA(v))}`).join(' ')}" fill="none" stroke="${CHART_COLOURS.craving}" stroke-width="3" stroke-linejoin="round"/>`,
      );
    }
    for (const [i, v] of run) {
      o.push(
        `<circle cx="${n(cx(i))}" cy="${n(yA(v))}" r="5" fill="${CHART_COLOURS.craving}" stroke="#fff" stroke-width="1.5"/>`,
      );
    }
  }
  for (const s of series.sessions) {
    const x = PLOT_X0 + cw * (s.dayIndex + 0.15 + 0.7 * Math.min(1, Math.max(0, s.timeOfDay)));
    o.push(sessionArrow(x, yA(s.before), s.after === null ? null : yA(s.after)));
  }

  // Panel B: exercise minutes, stacked by modality.
  const present = EXERCISE_KINDS.filter(
    (k) => k !== 'other' || series.days.some((p) => p.exercise.other > 0),
  );
  o.push(
    header(
      labels.panelExercise,
      506,
      present.map((k) => [k, labels.legend[k]]),
    ),
  );
  const maxMin = Math.max(0, ...series.days.map(dayMinutes));
  const { top, step } = exerciseScale(maxMin);
  const yB = (m: number) => B_BOTTOM - (m / top) * (B_BOTTOM - B_TOP);
  for (let m = 0; m <= top; m += step) {
    o.push(
      `<line x1="${PLOT_X0}" y1="${n(yB(m))}" x2="${PLOT_X1}" y2="${n(yB(m))}" stroke="${m === 0 ? CHART_COLOURS.axis : CHART_COLOURS.grid}" stroke-width="1"/>`,
    );
    o.push(
      text(PLOT_X0 - 10, yB(m) + 5, String(m), {
        'font-size': 15,
        fill: CHART_COLOURS.muted,
        'text-anchor': 'end',
      }),
    );
  }
  const bw = Math.min(40, cw * 0.62);
  series.days.forEach((p, i) => {
    let acc = 0;
    for (const k of EXERCISE_KINDS) {
      const m = p.exercise[k];
      if (m <= 0) continue;
      const y0 = yB(acc);
      const y1 = yB(Math.min(top, acc + m));
      o.push(
        `<rect x="${n(cx(i) - bw / 2)}" y="${n(y1)}" width="${n(bw)}" height="${n(y0 - y1)}" fill="${CHART_COLOURS[k]}"/>`,
      );
      acc += m;
    }
  });
  if (maxMin === 0) {
    o.push(
      text((PLOT_X0 + PLOT_X1) / 2, (B_TOP + B_BOTTOM) / 2 + 6, labels.noExercise, {
        'font-size': 17,
        fill: CHART_COLOURS.muted,
        'text-anchor': 'middle',
      }),
    );
  }

  // Dates: every k-th day counted back from today, so "Today" is always labelled.
  const widest = Math.max(...labels.dates.map((d) => textWidth(d, 14)));
  const every = Math.max(1, Math.ceil((widest + 10) / cw));
  labels.dates.forEach((d, i) => {
    if ((N - 1 - i) % every !== 0) return;
    o.push(
      `<line x1="${n(cx(i))}" y1="${B_BOTTOM}" x2="${n(cx(i))}" y2="${B_BOTTOM + 5}" stroke="${CHART_COLOURS.axis}"/>`,
    );
    o.push(
      text(cx(i), B_BOTTOM + 24, d, {
        'font-size': 14,
        fill: i === N - 1 ? CHART_COLOURS.text : CHART_COLOURS.muted,
        'text-anchor': 'middle',
        ...(i === N - 1 ? { 'font-weight': 700 } : {}),
      }),
    );
  });

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${CHART_FONT_FAMILY}">` +
    o.join('') +
    '</svg>'
  );
}

/**
 * Builds the chart SVG straight from history: the series for the last `days` local days ending on
 * `now`, labels in `locale`. `title` defaults to the patient's "Your last N days".
 */
export function buildProgressChart(
  history: HistoryEntry[],
  opts: { i18n: I18n; locale: Locale; days: number; now: number; timezone?: string; title?: string },
): string {
  const series = buildProgressSeries(history, opts);
  const title = opts.title ?? opts.i18n.t(opts.locale, 'charts.title.patient', { days: opts.days });
  return progressChartSvg(series, chartLabels(opts.i18n, opts.locale, series, title));
}

/**
 * The outcome report (docs/program.md#dose-and-outcome): its numbers from a history (baseline
 * against now, week by week, adherence, before and after), and the PNG in both languages.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../flows/history.js';
import type { ProgramState } from '../../flows/machine/programTypes.js';
import { weekDose } from '../../flows/rules/dose.js';
import { rangeOf } from '../../flows/rules/program.js';
import { buildOutcomeReport } from '../../src/charts/outcomeReport.js';
import { rasterize } from '../../src/charts/render.js';
import { REPORT_HEIGHT, REPORT_WIDTH, reportChartSvg } from '../../src/charts/reportChart.js';
import { reportLabels, reportMessage } from '../../src/charts/reportMessage.js';
import { loadContent } from '../../src/content.js';
import type { ProgramView } from '../../src/engine/programView.js';
import { I18n } from '../../src/i18n.js';
import { decodePng, ink } from './png.js';

const content = loadContent();
const i18n = new I18n();
const DAY = 86_400_000;
/** Monday 2 March 2026, 21:00 in Shanghai: day 0 of the program. */
const T0 = Date.UTC(2026, 2, 2, 13);
const at = (day: number) => T0 + day * DAY;

const program: ProgramState = {
  startDay: '2026-03-02',
  week: 3,
  log: { done: 1, minutes: 35, maxEffort: 11 },
  dose: { minutes: 35, level: 2 },
  startMinutes: 30,
  days: [1, 3, 5],
  done: 7,
  told: { stage: 'early', lastUseAt: T0 - 40 * DAY },
  plan: 'early',
  offeredDay: '2026-03-16',
  doneDay: '2026-03-16',
  phq: { day: '2026-03-16', total: 4, full: false },
  parqAt: T0,
  via: 'checkin',
};
const range = rangeOf('early', content);
const view: ProgramView = {
  program,
  stage: 'early',
  plan: 'early',
  daysSinceUse: 55,
  dose: program.dose,
  timezone: 'Asia/Shanghai',
  baseline: { craving: 7, phq: [1, 1] },
  week: (history) => weekDose(program, range, history, '2026-03-17', content),
};

const checkin = (day: number, craving: number, peak: number): HistoryEntry => ({
  t: 'checkin',
  at: at(day),
  day: new Date(at(day) + 8 * 3_600_000).toISOString().slice(0, 10),
  craving,
  peak,
  mood: 6,
  sleep: 'ok',
  exerciseMin: 0,
  use: false,
});
const workout = (
  day: number,
  week: number,
  modality: 'aerobic' | 'resistance' | 'mindbody',
): HistoryEntry => ({
  t: 'workout',
  at: at(day) + 3_600_000,
  week,
  form: modality === 'aerobic' ? 'walk' : modality === 'resistance' ? 'band' : 'taichi',
  modality,
  minutes: 30,
  planned: 30,
  level: 2,
  before: 6,
  after: 3,
  effort: 13,
  completed: true,
});
const weekEntry = (week: number, done: number, outcome: 'up' | 'back'): HistoryEntry => ({
  t: 'week',
  at: at(week * 7),
  week,
  plan: 'early',
  planned: 3,
  done,
  minutes: done * 30,
  plannedMinutes: 90,
  dose: 30,
  level: 2,
  outcome,
});
const history: HistoryEntry[] = [
  checkin(0, 6, 8),
  workout(0, 1, 'aerobic'),
  checkin(2, 5, 7),
  workout(2, 1, 'resistance'),
  checkin(4, 5, 6),
  workout(4, 1, 'mindbody'),
  workout(5, 1, 'aerobic'),
  weekEntry(1, 4, 'up'),
  checkin(9, 4, 5),
  {
    t: 'session',
    at: at(9) + 1000,
    sessionId: 'breathing5',
    modality: 'mindbody',
    minutes: 5,
    before: 8,
    after: 5,
    completed: true,
  },
  weekEntry(2, 0, 'back'),
  { t: 'phq', at: at(14) + 1000, items: [2, 2] },
  checkin(14, 3, 4),
  checkin(15, 2, 3),
  workout(14, 3, 'aerobic'),
];

describe('the outcome report', () => {
  const r = buildOutcomeReport(history, view, { now: at(15) + 2 * 3_600_000 });

  it('sets the first week (and the onboarding rating) against the last seven days', () => {
    expect(r.craving.baseline).toEqual({ average: 6.3, peak: 8 }); // 7 at onboarding, then 6, 8, 5, 7, 5, 6
    expect(r.craving.now).toEqual({ average: 3.5, peak: 5 }); // days 9, 14 and 15
    expect(r.phq.baseline).toEqual({ week: 0, total: 2, full: false });
    expect(r.phq.latest).toEqual({ week: 3, total: 4, full: false });
    expect(r.daysSinceUse).toBe(55);
  });

  it('lists every week, the one under way last, with its kinds of exercise', () => {
    expect(r.weeks.map((w) => [w.week, w.planned, w.done, w.outcome, w.current])).toEqual([
      [1, 3, 4, 'up', false],
      [2, 3, 0, 'back', false],
      [3, 3, 1, 'current', true],
    ]);
    expect(r.weeks[0]!.mix).toEqual({ aerobic: 60, resistance: 30, mindbody: 30 });
    expect(r.weeks[1]).toMatchObject({ sessions: 1, checkins: 1 });
  });

  it('counts adherence over the weeks reviewed, extra workouts making up for none', () => {
    expect(r.adherence).toEqual({ planned: 6, done: 3 });
  });

  it('averages the craving before and after rescue sessions and workouts', () => {
    expect(r.sessions).toEqual({ count: 1, before: 8, after: 5 });
    expect(r.workouts).toEqual({ count: 5, before: 6, after: 3 });
  });

  it.each(['en', 'zh-CN'] as const)(
    '(%s) renders as a PNG of the report size with ink in every panel',
    async (locale) => {
      const labels = reportLabels(i18n, locale, r, 'P-7F3K');
      const raster = await rasterize(reportChartSvg(r, labels));
      expect(decodePng(raster.png)).toMatchObject({ width: REPORT_WIDTH, height: REPORT_HEIGHT });
      expect(ink(raster.pixels, raster.width, { x: 40, y: 140, w: 400, h: 600 })).toBeGreaterThan(3000);
      expect(ink(raster.pixels, raster.width, { x: 520, y: 150, w: 640, h: 180 })).toBeGreaterThan(2000);
      expect(ink(raster.pixels, raster.width, { x: 520, y: 400, w: 640, h: 160 })).toBeGreaterThan(500);
    },
  );

  it('comes with its text: baseline against now, then each week', async () => {
    const message = await reportMessage(i18n, 'en', r, 'P-7F3K');
    expect(message.image?.alt).toBe(i18n.t('en', 'charts.report.alt'));
    expect(message.text.split('\n')).toEqual(
      expect.arrayContaining([
        'P-7F3K · program report',
        'Craving, average: 6.3 → 3.5',
        'Mood (PHQ): 2/6 → 4/6',
        'Workouts done: 3 of 6 (50%)',
        'Rescue sessions: 1, craving 8 → 5 on average',
        'Week 2: 0 of 3 workouts, 0 of 90 min, craving 4.5 (peak 5)',
      ]),
    );
  });
});

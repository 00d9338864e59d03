/**
 * The outcome report's numbers (docs/program.md#dose-and-outcome), pure: baseline against now for
 * craving (average and peak), PHQ, days since the last use and adherence; the program week by week
 * (workouts and minutes planned and done, craving); rescue sessions and workouts with their craving
 * before and after. Read by `/report CODE` (the PNG and its text) and the cohort CSV.
 */
import { DateTime } from 'luxon';
import type { StageId } from '../../flows/content/schema.js';
import type { HistoryEntry } from '../../flows/history.js';
import { doneDose, type Mix } from '../../flows/rules/dose.js';
import { addDays, daysBetween } from '../../flows/rules/program.js';
import type { ProgramView } from '../engine/programView.js';
import { round1, safeTimezone } from './series.js';

/** A craving summary: the mean of the ratings and the highest one; null without ratings. */
export interface CravingSummary {
  average: number;
  peak: number;
}

/** A PHQ total and which questionnaire gave it. */
export interface PhqPoint {
  /** The program week it was asked in (0: at onboarding, before the program). */
  week: number;
  total: number;
  full: boolean;
}

/** One program week. */
export interface ReportWeek {
  week: number;
  plan: string;
  planned: number;
  done: number;
  minutes: number;
  plannedMinutes: number;
  /** Minutes per workout that week, and its intensity level. */
  dose: number;
  level: number;
  /** Minutes done by kind. */
  mix: Mix;
  /** What the week's review said (`current` for the week under way). */
  outcome: string;
  craving: CravingSummary | null;
  /** Check-ins, reported uses and rescue sessions in the week. */
  checkins: number;
  lapses: number;
  sessions: number;
  /** The PHQ total asked that week, if any. */
  phq: PhqPoint | null;
  /** True for the week under way (not reviewed yet). */
  current: boolean;
}

/** Mean craving before and after, over the rated ones. */
export interface BeforeAfter {
  count: number;
  before: number | null;
  after: number | null;
}

/** The report. */
export interface OutcomeReport {
  week: number;
  stage: StageId;
  daysSinceUse: number;
  craving: { baseline: CravingSummary | null; now: CravingSummary | null };
  phq: { baseline: PhqPoint | null; latest: PhqPoint | null; points: PhqPoint[] };
  adherence: { planned: number; done: number };
  weeks: ReportWeek[];
  sessions: BeforeAfter;
  workouts: BeforeAfter;
}

const summary = (ratings: number[]): CravingSummary | null =>
  ratings.length
    ? { average: round1(ratings.reduce((a, b) => a + b, 0) / ratings.length), peak: Math.max(...ratings) }
    : null;

function beforeAfter(pairs: { before: number; after?: number }[]): BeforeAfter {
  const rated = pairs.filter((p) => p.after !== undefined);
  const mean = (xs: number[]) => (xs.length ? round1(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
  return {
    count: pairs.length,
    before: mean(rated.map((p) => p.before)),
    after: mean(rated.map((p) => p.after!)),
  };
}

/** Builds the report from the whole history of a patient whose program has begun. */
export function buildOutcomeReport(
  history: readonly HistoryEntry[],
  view: ProgramView,
  opts: { now: number },
): OutcomeReport {
  const zone = safeTimezone(view.timezone);
  const dayOf = (at: number) => DateTime.fromMillis(at, { zone }).toISODate() ?? '';
  const { startDay } = view.program;
  const weekOf = (day: string) => {
    const d = daysBetween(startDay, day);
    return d < 0 ? 0 : Math.floor(d / 7) + 1;
  };
  const today = dayOf(opts.now);
  const current = weekOf(today);

  // Craving ratings by program week (0: before the program), and within the last 7 days.
  const byWeek = new Map<number, number[]>();
  const lastSeven: number[] = [];
  const weekFrom = addDays(today, -6);
  const rate = (at: number, ...values: number[]) => {
    const day = dayOf(at);
    const w = weekOf(day);
    byWeek.set(w, [...(byWeek.get(w) ?? []), ...values]);
    if (day >= weekFrom && day <= today) lastSeven.push(...values);
  };
  const counts = new Map<
    number,
    { checkins: number; lapses: number; sessions: number; phq: PhqPoint | null }
  >();
  const count = (w: number) => {
    const c = counts.get(w) ?? { checkins: 0, lapses: 0, sessions: 0, phq: null };
    counts.set(w, c);
    return c;
  };
  const phqPoints: PhqPoint[] = [];
  const sessions: { before: number; after?: number }[] = [];
  const workouts: { before: number; after?: number }[] = [];
  for (const e of history) {
    switch (e.t) {
      case 'checkin':
        rate(e.at, e.craving, e.peak);
        count(weekOf(dayOf(e.at))).checkins++;
        break;
      case 'craving':
        rate(e.at, e.value);
        break;
      case 'lapse':
        count(weekOf(dayOf(e.at))).lapses++;
        break;
      case 'session':
        sessions.push(e);
        count(weekOf(dayOf(e.at))).sessions++;
        break;
      case 'workout':
        if (e.completed || e.after !== undefined) workouts.push(e);
        break;
      case 'phq': {
        const point = {
          week: weekOf(dayOf(e.at)),
          total: e.items.reduce((a, b) => a + b, 0),
          full: e.items.length === 9,
        };
        phqPoints.push(point);
        count(point.week).phq = point;
        break;
      }
      default:
        break;
    }
  }

  // The reviewed weeks, as recorded when the next began; then the week under way.
  const weeks: ReportWeek[] = [];
  for (const e of history) {
    if (e.t !== 'week') continue;
    const c = count(e.week);
    weeks.push({
      week: e.week,
      plan: e.plan,
      planned: e.planned,
      done: e.done,
      minutes: e.minutes,
      plannedMinutes: e.plannedMinutes,
      dose: e.dose,
      level: e.level,
      mix: doneDose(history, e.week).mix,
      outcome: e.outcome,
      craving: summary(byWeek.get(e.week) ?? []),
      ...c,
      current: false,
    });
  }
  const dose = view.week(history);
  if (!weeks.some((w) => w.week === current))
    weeks.push({
      week: current,
      plan: view.plan,
      planned: dose.planned.workouts,
      done: dose.done.workouts,
      minutes: dose.done.minutes,
      plannedMinutes: dose.planned.minutes,
      dose: view.dose.minutes,
      level: view.dose.level,
      mix: dose.done.mix,
      outcome: 'current',
      craving: summary(byWeek.get(current) ?? []),
      ...count(current),
      current: true,
    });
  weeks.sort((a, b) => a.week - b.week);

  // Baseline: the onboarding's rating and the program's first week; its PHQ, the onboarding's.
  const baselineRatings = [
    ...(view.baseline.craving === null ? [] : [view.baseline.craving]),
    ...(byWeek.get(1) ?? []),
  ];
  const onboardingPhq = view.baseline.phq.length
    ? { week: 0, total: view.baseline.phq.reduce((a, b) => a + b, 0), full: view.baseline.phq.length === 9 }
    : null;
  // Adherence over the weeks reviewed (a week under way is not over); before the first review, this week's.
  const reviewed = weeks.filter((w) => !w.current);
  const adherence = (reviewed.length ? reviewed : weeks).reduce(
    // A week's extra workouts make up for none of another's.
    (a, w) => ({ planned: a.planned + w.planned, done: a.done + Math.min(w.done, w.planned) }),
    { planned: 0, done: 0 },
  );
  return {
    week: current,
    stage: view.stage,
    daysSinceUse: view.daysSinceUse,
    craving: { baseline: summary(baselineRatings), now: summary(lastSeven) },
    phq: { baseline: onboardingPhq, latest: phqPoints.at(-1) ?? null, points: phqPoints },
    adherence,
    weeks,
    sessions: beforeAfter(sessions),
    workouts: beforeAfter(workouts),
  };
}

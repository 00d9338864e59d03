/**
 * The Sunday weekly summary: two or three sentences about the last seven local days (days checked
 * in, exercise minutes, how much rescue sessions lowered craving on average) and one encouragement
 * chosen from what the week actually held. The chart is attached by the progress service.
 */
import type { HistoryEntry } from '../../flows/history.js';
import type { Locale } from '../engine/types.js';
import type { I18n } from '../i18n.js';
import { buildProgressSeries, dayMinutes, round1 } from './series.js';

/** The days a weekly summary covers (today and the six before it, local). */
export const WEEK_DAYS = 7;

/** Which encouragement the week earned (keys under `charts.weekly.encourage.*`). */
export type Encouragement = 'sessionsHelp' | 'moved' | 'streak' | 'fresh' | 'steady';

/** The numbers behind a weekly summary. */
export interface WeeklyStats {
  /** Days (of 7) with a check-in. */
  daysCheckedIn: number;
  /** Exercise minutes, all kinds (check-ins and completed sessions, not counted twice). */
  exerciseMinutes: number;
  /** Days with any exercise. */
  activeDays: number;
  /** Rescue sessions started. */
  sessions: number;
  /** Sessions with a craving rating afterwards. */
  ratedSessions: number;
  /** Mean of (before − after) over rated sessions, one decimal; null without rated sessions. */
  averageDrop: number | null;
  encouragement: Encouragement;
}

/** Minutes in a week that earn the "moved" encouragement (WHO's 150 minutes a week). */
export const MOVED_MINUTES = 150;
/** An average drop (points) that earns "sessions help". */
export const HELPFUL_DROP = 2;
/** Check-in days that earn "streak". */
export const STREAK_DAYS = 5;

/** Picks the one encouragement the week earned; the first rule that matches wins. */
export function chooseEncouragement(s: Omit<WeeklyStats, 'encouragement'>): Encouragement {
  if (s.averageDrop !== null && s.averageDrop >= HELPFUL_DROP) return 'sessionsHelp';
  if (s.exerciseMinutes >= MOVED_MINUTES) return 'moved';
  if (s.daysCheckedIn >= STREAK_DAYS) return 'streak';
  if (s.daysCheckedIn < 3 && s.exerciseMinutes < 30) return 'fresh';
  return 'steady';
}

/** The weekly numbers from history, for the 7 local days ending on `now`'s day. */
export function weeklyStats(history: HistoryEntry[], opts: { now: number; timezone?: string }): WeeklyStats {
  const series = buildProgressSeries(history, { days: WEEK_DAYS, now: opts.now, timezone: opts.timezone });
  const rated = series.sessions.filter((s) => s.after !== null);
  const base = {
    daysCheckedIn: series.days.filter((d) => d.checkedIn).length,
    exerciseMinutes: series.days.reduce((sum, d) => sum + dayMinutes(d), 0),
    activeDays: series.days.filter((d) => dayMinutes(d) > 0).length,
    sessions: series.sessions.length,
    ratedSessions: rated.length,
    averageDrop: rated.length
      ? round1(rated.reduce((sum, s) => sum + (s.before - s.after!), 0) / rated.length)
      : null,
  };
  return { ...base, encouragement: chooseEncouragement(base) };
}

/** The summary text in `locale`: a heading line, then the sentences and the encouragement. */
export function weeklySummaryText(stats: WeeklyStats, i18n: I18n, locale: Locale): string {
  const t = (key: string, params?: Record<string, string | number>) =>
    i18n.t(locale, `charts.weekly.${key}`, params);
  const sentences: string[] = [];
  sentences.push(stats.daysCheckedIn > 0 ? t('checkins', { count: stats.daysCheckedIn }) : t('checkinsNone'));
  sentences.push(
    stats.exerciseMinutes > 0 ? t('exercise', { minutes: stats.exerciseMinutes }) : t('exerciseNone'),
  );
  if (stats.averageDrop !== null && stats.averageDrop > 0) {
    sentences.push(
      stats.ratedSessions === 1
        ? t('sessionsOne', { drop: stats.averageDrop })
        : t('sessionsMany', { count: stats.ratedSessions, drop: stats.averageDrop }),
    );
  } else if (stats.sessions > 0) {
    sentences.push(t('sessionsNoDrop', { count: stats.sessions }));
  }
  sentences.push(t(`encourage.${stats.encouragement}`));
  // Chinese sentences end in 。 and run on without spaces; English ones take a space.
  return `${t('heading')}\n${sentences.join(locale === 'zh-CN' ? '' : ' ')}`;
}

/**
 * The exercise program in a counsellor's `/patient` view (docs/program.md#dose-and-outcome): the
 * program week, the plan, the dose of a workout with its intensity in RPE terms, the workout days,
 * and the week's dose against the prescription.
 */
import type { HistoryEntry } from '../../flows/history.js';
import { doseText } from '../charts/doseText.js';
import type { ProgramView } from '../engine/programView.js';
import type { Locale } from '../engine/types.js';
import type { I18n } from '../i18n.js';

/** The workout days in words (`Monday, Wednesday, Friday`), every day, or not chosen yet. */
export function daysInWords(i18n: I18n, locale: Locale, view: ProgramView): string {
  if (view.plan === 'acute' || view.plan === 'notCleared') return i18n.t(locale, 'alerts.patient.everyDay');
  const days = view.program.days;
  if (!days?.length) return i18n.t(locale, 'alerts.patient.notChosen');
  return days.map((d) => i18n.t(locale, `program.weekday.${d}`)).join(locale === 'zh-CN' ? '、' : ', ');
}

/** The program lines of `/patient CODE`. */
export function programLines(
  i18n: I18n,
  locale: Locale,
  view: ProgramView,
  history: readonly HistoryEntry[],
): string[] {
  const week = view.week(history);
  return [
    i18n.t(locale, 'alerts.patient.program', {
      week: week.week,
      plan: `@alerts.patient.plan.${view.plan}`,
      minutes: view.dose.minutes,
      level: `@alerts.patient.level.${view.dose.level}`,
      days: daysInWords(i18n, locale, view),
    }),
    doseText(i18n, locale, week),
  ];
}

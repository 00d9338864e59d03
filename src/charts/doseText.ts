/**
 * The week's exercise dose against the prescription in words (docs/program.md#dose-and-outcome):
 * two lines for `/progress`, the weekly summary and the counsellor's `/patient`.
 */
import type { WeekDose } from '../../flows/rules/dose.js';
import type { Locale } from '../engine/types.js';
import type { I18n } from '../i18n.js';

/** The dose lines in `locale`: workouts and minutes done of those planned, then the mix by kind. */
export function doseText(i18n: I18n, locale: Locale, dose: WeekDose): string {
  const { planned, done } = dose;
  return [
    i18n.t(locale, 'program.dose.week', {
      week: dose.week,
      day: dose.day,
      done: done.workouts,
      planned: planned.workouts,
      minutes: done.minutes,
      plannedMinutes: planned.minutes,
    }),
    i18n.t(locale, 'program.dose.mix', {
      aerobic: done.mix.aerobic,
      plannedAerobic: planned.mix.aerobic,
      resistance: done.mix.resistance,
      plannedResistance: planned.mix.resistance,
      mindbody: done.mix.mindbody,
      plannedMindbody: planned.mix.mindbody,
    }),
  ].join('\n');
}

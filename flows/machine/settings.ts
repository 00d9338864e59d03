/**
 * The patient's settings, answered through overlay questions that interrupt whatever was pending
 * and then give it back (`resumeSaved`): /delete's confirmation, /language, /time, /timezone and
 * /pause (the machine's interruption region shows them).
 */
import type { FlowContent } from '../content/schema.js';
import { canonicalZone } from '../rules/localTime.js';
import { parseLanguage } from '../understanding/choices.js';
import { parseAmountInRange } from '../understanding/quantities.js';
import { overlay, yesNoOptions } from './asks.js';
import { patientSetup } from './setup.js';

const DAY = 86_400_000;
const { assign, emit, enqueueActions } = patientSetup;

/**
 * A time zone as the patient reads it: its label when it is one the questions offer
 * ("中国（北京时间）", "Hong Kong"), else its IANA name (a typed `Asia/Singapore`).
 */
export function zoneLabel(content: FlowContent, zone: string): string {
  return content.screening.timezones.includes(zone) ? `@screening.tz.${zone.replace('/', '_')}` : zone;
}

/** Reads `/pause N` like an answer to "how many days?": `7`, `７`, `七`, `2周` (14); null otherwise. */
export function pauseDaysArg(content: FlowContent) {
  const { pauseDays } = content.thresholds;
  return (args: string) => parseAmountInRange(args, 'days', pauseDays.min, pauseDays.max);
}

/** Pauses check-ins for `days`: the daily check-in is scheduled again from the end of the pause. */
export function pauseFor(content: FlowContent) {
  return (days: number) =>
    enqueueActions(({ context, event, enqueue }) => {
      const until = event.now + days * DAY;
      enqueue.assign({ pausedUntil: until });
      enqueue.emit({
        type: 'scheduleCheckin',
        time: context.profile.checkinTime,
        timezone: context.profile.timezone,
        pausedUntil: until,
        reminderAfterMinutes: content.thresholds.checkinReminderAfterMinutes,
      });
      enqueue.emit({ type: 'say', text: { key: 'pause.done', params: { days } } });
    });
}

/** The named actions of the settings (see `machineSetup.ts`). */
export function settingsActions(content: FlowContent) {
  const applyPause = pauseFor(content);
  const pauseArg = pauseDaysArg(content);
  const { pauseDays } = content.thresholds;
  return {
    /** `/pause N`: paused for the days the argument says (the guard `pauseArgument` read it). */
    pauseFromArgument: enqueueActions(({ event, enqueue }) => {
      const days = event.type === 'CMD' ? pauseArg(event.args) : null;
      if (days !== null) enqueue(applyPause(days));
    }),
    /** "For how many days?" answered. */
    pauseFromAnswer: enqueueActions(({ event, enqueue }) => {
      if (event.type === 'OVERLAY_ANSWER') enqueue(applyPause(Number(event.value)));
    }),
    /** `/pause` without days: how long? */
    askPauseDays: overlay(() => ({
      field: 'pauseDays',
      kind: 'number',
      prompt: { key: 'pause.howLong', params: pauseDays },
      options: [],
      min: pauseDays.min,
      max: pauseDays.max,
    })),
    /** `/resume`: check-ins again from today, at the usual time. */
    unpause: assign({ pausedUntil: null }),
    /** The daily check-in scheduled at the patient's time and zone, paused or not. */
    scheduleCheckin: emit(({ context }) => ({
      type: 'scheduleCheckin' as const,
      time: context.profile.checkinTime,
      timezone: context.profile.timezone,
      pausedUntil: context.pausedUntil,
      reminderAfterMinutes: content.thresholds.checkinReminderAfterMinutes,
    })),
    /** `/time`: the check-in times offered (any time may be typed). */
    askCheckinTime: overlay(() => ({
      field: 'setTime',
      kind: 'choice',
      prompt: { key: 'settings.timePrompt' },
      options: content.screening.checkinTimes.map((t) => ({
        value: t,
        label: { key: 'common.raw', params: { text: t } },
      })),
    })),
    /** `/timezone`: the zones offered, and the one the patient has now. */
    askTimezone: overlay((context) => ({
      field: 'setZone',
      kind: 'choice',
      prompt: {
        key: 'screening.timezone',
        params: { current: zoneLabel(content, context.profile.timezone) },
      },
      options: content.screening.timezones.map((tz) => ({
        value: tz,
        label: { key: `screening.tz.${tz.replace('/', '_')}` },
      })),
    })),
    /** A new check-in time or time zone: kept, the daily check-in scheduled again, and said back. */
    changeTimeOrZone: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'OVERLAY_ANSWER') return;
      const value = String(event.value);
      const profile =
        event.field === 'setTime'
          ? { ...context.profile, checkinTime: value }
          : { ...context.profile, timezone: canonicalZone(value) ?? value };
      enqueue.assign({ profile });
      enqueue.emit({
        type: 'scheduleCheckin',
        time: profile.checkinTime,
        timezone: profile.timezone,
        pausedUntil: context.pausedUntil,
        reminderAfterMinutes: content.thresholds.checkinReminderAfterMinutes,
      });
      enqueue.emit({
        type: 'say',
        text: {
          key: 'settings.changed',
          params: { time: profile.checkinTime, timezone: zoneLabel(content, profile.timezone) },
        },
      });
    }),
    /** `/delete`: "delete everything?" */
    askDeleteConfirm: overlay(() => ({
      field: 'deleteConfirm',
      kind: 'yesno',
      prompt: { key: 'delete.confirm' },
      options: yesNoOptions,
    })),
    /** `/language` without a language: which one? */
    askLanguage: overlay(() => ({
      field: 'language',
      kind: 'choice',
      prompt: { key: 'language.prompt' },
      options: [
        { value: 'zh-CN', label: { key: 'language.zh' } },
        { value: 'en', label: { key: 'language.en' } },
      ],
    })),
    /** `/language en`, `/language 中文`: the language named (the guard `languageArgument` read it). */
    setLocaleFromArgument: enqueueActions(({ event, enqueue }) => {
      const locale = (event.type === 'CMD' && parseLanguage(event.args)) || 'zh-CN';
      enqueue.assign({ locale });
      enqueue.emit({ type: 'setLocale', locale });
    }),
    /** The language picked at the question. */
    setLocaleFromAnswer: enqueueActions(({ event, enqueue }) => {
      const locale = event.type === 'OVERLAY_ANSWER' && event.value === 'en' ? 'en' : 'zh-CN';
      enqueue.assign({ locale });
      enqueue.emit({ type: 'setLocale', locale });
    }),
  };
}

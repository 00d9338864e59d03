/**
 * The patient's settings, answered through overlay questions that interrupt whatever was pending
 * and then give it back (`resumeSaved`): /delete's confirmation, /language, /time, /timezone and
 * /pause. Also the crisis reply's Continue.
 */
import type { FlowContent } from '../content/schema.js';
import { canonicalZone } from '../rules/localTime.js';
import { parseAmountInRange } from '../understanding/quantities.js';
import { resumeSaved } from './asks.js';
import { patientSetup } from './setup.js';
import type { PatientEvent } from './types.js';

const DAY = 86_400_000;
const { assign, emit, enqueueActions } = patientSetup;

/** What an overlay-answer guard sees. */
type Answered = { event: Extract<PatientEvent, { type: 'OVERLAY_ANSWER' }> };

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

/** The root's `OVERLAY_ANSWER` transitions: each applies its setting, then resumes the question. */
export function overlayAnswers(content: FlowContent) {
  const applyPause = pauseFor(content);
  return [
    { guard: ({ event }: Answered) => event.field === 'resume', actions: resumeSaved },
    {
      guard: ({ event }: Answered) => event.field === 'deleteConfirm' && event.value === true,
      actions: [
        assign({ ask: null, saved: null }),
        emit({ type: 'say', text: { key: 'delete.done' } }),
        emit({ type: 'erase' }),
      ],
    },
    {
      guard: ({ event }: Answered) => event.field === 'deleteConfirm',
      actions: [emit({ type: 'say', text: { key: 'delete.kept' } }), resumeSaved],
    },
    {
      guard: ({ event }: Answered) => event.field === 'language',
      actions: [
        assign({
          locale: ({ event }) => (event.type === 'OVERLAY_ANSWER' && event.value === 'en' ? 'en' : 'zh-CN'),
        }),
        emit(({ context }) => ({ type: 'setLocale' as const, locale: context.locale })),
        emit({ type: 'say', text: { key: 'language.changed' } }),
        resumeSaved,
      ],
    },
    {
      // A new check-in time or time zone: the daily check-in is scheduled again.
      guard: ({ event }: Answered) => event.field === 'setTime' || event.field === 'setZone',
      actions: [
        enqueueActions(({ context, event, enqueue }) => {
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
        resumeSaved,
      ],
    },
    {
      // "Do you mean you used again?" Yes before consent is only thanked (nothing of theirs is kept
      // yet); once setting up or active, the states above take a yes (a reported use).
      guard: ({ event }: Answered) => event.field === 'lapseConfirm' && event.value === true,
      actions: [emit({ type: 'say', text: { key: 'lapse.duringSetup' } }), resumeSaved],
    },
    {
      // No: nothing changes, and the patient is back where they were. A bare wish said next ("I just
      // really want it") is the craving it is (`listening.useDeniedAt`).
      guard: ({ event }: Answered) => event.field === 'lapseConfirm',
      actions: [
        assign({ listening: ({ context, event }) => ({ ...context.listening, useDeniedAt: event.now }) }),
        emit({ type: 'say', text: { key: 'lapse.notUse' } }),
        resumeSaved,
      ],
    },
    {
      guard: ({ event }: Answered) => event.field === 'pauseDays',
      actions: [
        enqueueActions(({ event, enqueue }) => {
          if (event.type === 'OVERLAY_ANSWER') enqueue(applyPause(Number(event.value)));
        }),
        resumeSaved,
      ],
    },
  ];
}

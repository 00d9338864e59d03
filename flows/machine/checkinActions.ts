/**
 * What the daily check-in does (docs/clinical-protocol.md#daily-check-in): its draft of the day's
 * answers, the record and thanks when it is finished, a missed day, and the Sunday weekly chart.
 * The check-in's states are in `checkin.ts`; these are its named actions.
 */
import type { FlowContent } from '../content/schema.js';
import type { Modality, Sleep } from '../history.js';
import { isSunday, localDay } from '../rules/localTime.js';
import { alertFor } from './safety.js';
import { patientSetup, withParams } from './setup.js';
import type { CheckinDraft, PatientContext, PatientEvent } from './types.js';

const { assign, emit, enqueueActions } = patientSetup;

/** The patient's local date for an event (timer events carry theirs). */
export function dayOf(context: PatientContext, event: PatientEvent): string {
  return 'day' in event && typeof event.day === 'string'
    ? event.day
    : localDay(event.now, context.profile.timezone);
}

/** Consecutive check-in days ending with `day`. */
export function streak(days: readonly { day: string }[], day: string): number {
  const set = new Set(days.map((d) => d.day));
  let n = 0;
  const d = new Date(`${day}T12:00:00Z`);
  while (set.has(d.toISOString().slice(0, 10))) {
    n++;
    d.setUTCDate(d.getUTCDate() - 1);
  }
  return n;
}

/** The weekly trend: average peak craving this week vs the week before. */
export function worseningWeek(context: PatientContext, day: string, content: FlowContent): boolean {
  const t = Date.parse(`${day}T12:00:00Z`);
  const inWeek = (w: number) =>
    context.days.filter((d) => {
      const age = Math.round((t - Date.parse(`${d.day}T12:00:00Z`)) / 86_400_000);
      return age >= w * 7 && age < (w + 1) * 7;
    });
  const [thisWeek, lastWeek] = [inWeek(0), inWeek(1)];
  const { minDays, averageRiseAtLeast } = content.thresholds.worseningWeek;
  if (thisWeek.length < minDays || lastWeek.length < minDays) return false;
  const avg = (xs: typeof thisWeek) => xs.reduce((a, d) => a + d.peak, 0) / xs.length;
  return avg(thisWeek) - avg(lastWeek) >= averageRiseAtLeast;
}

/** True once the check-in's first question has been answered (answers come in order). */
export const checkinStarted = (context: PatientContext): boolean => context.checkin?.craving !== undefined;

/** True when a check-in of today was left unfinished for a rescue session (it is resumed). */
export function checkinToResume({
  context,
  event,
}: {
  context: PatientContext;
  event: PatientEvent;
}): boolean {
  return context.checkin !== null && context.checkin.day === dayOf(context, event);
}

/** Records a missed day; the third in a row tells the counsellors (routine) and nudges the patient. */
export function markMissed(content: FlowContent) {
  return enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== 'CHECKIN_DAY_END' || context.lastCheckinDay === event.day) return;
    // A day the patient could not be reached is no missed check-in: no check-in went out that day.
    if (context.unreachableSince) {
      if (context.checkin?.day === event.day) enqueue.assign({ checkin: null });
      return;
    }
    const missed = context.missedInRow + 1;
    // A late day-end for an earlier day must not wipe today's open check-in.
    enqueue.assign({
      missedInRow: missed,
      checkin: context.checkin?.day === event.day ? null : context.checkin,
    });
    enqueue.emit({ type: 'record', entry: { t: 'missed', at: event.now, day: event.day } });
    if (missed === content.thresholds.missedCheckinsInRow) {
      enqueue.emit(alertFor(content, 'missedCheckins', ['checkin.told.nudge'], { missed }));
      enqueue.emit({ type: 'say', text: { key: 'checkin.missedNudge' } });
    }
  });
}

/**
 * What a check-in that comes due on a Sunday brings first, wherever the patient is: the weekly
 * chart, and a nudge (with a routine alert) when the week's cravings ran higher than the last.
 */
export function weeklyOnSunday(content: FlowContent) {
  return enqueueActions(({ context, event, enqueue }) => {
    const day = dayOf(context, event);
    if (!isSunday(day)) return;
    enqueue.emit({ type: 'chart', days: 14, weekly: true });
    if (worseningWeek(context, day, content)) {
      enqueue.emit(alertFor(content, 'worseningWeek', ['checkin.told.nudge']));
      enqueue.emit({ type: 'say', text: { key: 'checkin.worseningNudge' } });
    }
  });
}

/** Stores a finished check-in: history, streak data, ratings; thanks the patient. */
export function finishCheckin(content: FlowContent, use: boolean) {
  const { kept } = content.thresholds;
  return enqueueActions(({ context, event, enqueue }) => {
    const c = context.checkin;
    if (!c || c.craving === undefined || c.peak === undefined || c.mood === undefined) return;
    const exMin = c.exMin ?? 0;
    enqueue.emit({
      type: 'record',
      entry: {
        t: 'checkin',
        at: event.now,
        day: c.day,
        craving: c.craving,
        peak: c.peak,
        mood: c.mood,
        sleep: c.sleep ?? 'ok',
        exerciseMin: exMin,
        exerciseType: exMin > 0 ? c.exType : undefined,
        use,
      },
    });
    // A second check-in the same day replaces its ratings, but its exercise ("since your last
    // check-in") adds to the day's, as the history and the counsellor's view count it.
    const sameDay = context.days.find((d) => d.day === c.day);
    const days = [
      ...context.days.filter((d) => d.day !== c.day),
      { day: c.day, craving: c.craving, peak: c.peak, mood: c.mood, exMin: (sameDay?.exMin ?? 0) + exMin },
    ].slice(-kept.checkinDays);
    const weekMinutes = days
      .filter((d) => Date.parse(`${c.day}T00:00:00Z`) - Date.parse(`${d.day}T00:00:00Z`) < 7 * 86_400_000)
      .reduce((a, d) => a + d.exMin, 0);
    const inRow = streak(days, c.day);
    enqueue.assign({
      days,
      ratings: [...context.ratings, c.craving].slice(-kept.cravingRatings),
      lastCheckinDay: c.day,
      missedInRow: 0,
      checkin: null,
    });
    enqueue.emit({
      type: 'say',
      // "1 day in a row" says nothing: the first day of a streak has its own words.
      text:
        inRow > 1
          ? { key: 'checkin.thanks', params: { streak: inRow, minutes: weekMinutes } }
          : { key: 'checkin.thanksFirst', params: { minutes: weekMinutes } },
    });
  });
}

/** A check-in answer: which part of the day's draft it fills. */
export type CheckinPart = 'craving' | 'peak' | 'mood' | 'sleep' | 'exMin' | 'exType';

/** The answer as the draft keeps it: a number, hours of sleep or a word for it, a kind of exercise. */
function draftValue(part: CheckinPart, value: string | number | boolean | undefined): Partial<CheckinDraft> {
  switch (part) {
    case 'sleep':
      return { sleep: (typeof value === 'number' ? value : String(value)) as Sleep };
    case 'exType':
      return { exType: String(value) as Modality };
    default:
      return { [part]: Number(value) };
  }
}

/** The named actions of the check-in (see `machineSetup.ts`). */
export function checkinActions(content: FlowContent) {
  return {
    markMissed: markMissed(content),
    weeklyOnSunday: weeklyOnSunday(content),
    /** The check-in's last answer: recorded with whether there was any use, and the patient thanked. */
    finishCheckin: withParams<{ use: boolean }>(({ enqueue }, { use }) =>
      enqueue(finishCheckin(content, use)),
    ),
    /** One answer into the day's draft. */
    recordCheckinAnswer: withParams<{ part: CheckinPart }>(({ context, event, enqueue }, { part }) => {
      const value = event.type === 'ANSWER' ? event.value : undefined;
      enqueue.assign({ checkin: { ...(context.checkin ?? { day: '' }), ...draftValue(part, value) } });
    }),
    /** A check-in begins: a draft for the patient's day, and its introduction (or the reminder's). */
    startCheckin: enqueueActions(({ context, event, enqueue }) => {
      enqueue.assign({ checkin: { day: dayOf(context, event) } });
      enqueue.emit({
        type: 'say',
        text: { key: event.type === 'CHECKIN_REMINDER' ? 'checkin.reminderIntro' : 'checkin.intro' },
      });
    }),
    /** Back to a check-in a rescue interrupted: "where we left off", or its introduction if none given. */
    sayCheckinResumed: emit(({ context }) => ({
      type: 'say' as const,
      text: { key: checkinStarted(context) ? 'checkin.resume' : 'checkin.intro' },
    })),
    /** The day's one reminder with the check-in open: "nearly done", or "still open", and the question. */
    remindOpenCheckin: enqueueActions(({ context, enqueue }) => {
      if (!context.ask) return;
      // "Nearly done" only when something was answered: the first question still open is "still open".
      enqueue.emit({
        type: 'say',
        text: { key: checkinStarted(context) ? 'checkin.reminder' : 'checkin.reminderIntro' },
      });
      enqueue.emit({
        type: 'say',
        text: context.ask.prompt,
        ask: { id: context.ask.id, kind: context.ask.kind, options: context.ask.options },
      });
    }),
    /** The open check-in is over with its day: nothing of it may come back as "today's". */
    dropCheckin: assign({ ask: null, checkin: null }),
    /**
     * A check-in due while a rescue is under way waits behind it as an unanswered draft of its day
     * (kept when that day's draft is there already).
     */
    draftOfDay: assign({
      checkin: ({ context, event }) => {
        const day = 'day' in event && typeof event.day === 'string' ? event.day : '';
        return context.checkin?.day === day ? context.checkin : { day };
      },
    }),
  };
}

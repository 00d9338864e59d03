/**
 * The daily check-in (docs/clinical-protocol.md#daily-check-in): craving now, peak in the last 24 h, mood,
 * sleep, exercise since the last check-in, any use (asked gently). Under a minute.
 */
import type { FlowContent } from '../content/schema.js';
import type { Modality, Sleep } from '../history.js';
import { isSunday, localDay } from '../rules/localTime.js';
import { ask, choiceOptions, scaleAsk, yesNoAsk } from './asks.js';
import { programUpdate } from './programNews.js';
import { offerWhenRising } from './risingOffer.js';
import { alertFor } from './safety.js';
import { patientSetup } from './setup.js';
import type { CheckinDraft, PatientContext, PatientEvent } from './types.js';

const { assign, emit, enqueueActions } = patientSetup;

const value = (event: PatientEvent) => (event.type === 'ANSWER' ? event.value : undefined);
const setDraft = (patch: (event: PatientEvent) => Partial<CheckinDraft>) =>
  assign({ checkin: ({ context, event }) => ({ ...(context.checkin ?? { day: '' }), ...patch(event) }) });

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

/** Records a missed day; the third in a row tells the counsellors (routine) and nudges the patient. */
export function markMissed(content: FlowContent) {
  return enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== 'CHECKIN_DAY_END' || context.lastCheckinDay === event.day) return;
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

/** True once the check-in's first question has been answered (answers come in order). */
export const checkinStarted = (context: PatientContext): boolean => context.checkin?.craving !== undefined;

/** The check-in state tree; `done` decides what follows (lapse, a rescue offer, or idle). */
export function checkinState(content: FlowContent) {
  // The exercise program's news of the day (docs/program.md) comes as a check-in starts.
  const programNews = programUpdate(content);
  return patientSetup.createStateConfig({
    initial: 'start',
    on: {
      // A new day's check-in while an older one is still open: start afresh for the new day.
      CHECKIN_DUE: {
        guard: ({ context, event }) => context.checkin?.day !== event.day,
        target: '#patient.active.checkin',
        reenter: true,
        actions: weeklyOnSunday(content),
      },
      CHECKIN_REMINDER: {
        // A day already checked in needs no reminder, even while a second check-in is open.
        guard: ({ context, event }) =>
          event.type !== 'CHECKIN_REMINDER' || context.lastCheckinDay !== event.day,
        actions: enqueueActions(({ context, enqueue }) => {
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
      },
      CHECKIN_DAY_END: {
        guard: ({ context, event }) => context.checkin?.day === event.day,
        target: 'idle',
        // The open check-in is over with its day, also when the day was checked in already (a
        // second one left open): nothing of it may come back as "today's" at midnight.
        actions: [markMissed(content), assign({ ask: null, checkin: null })],
      },
    },
    states: {
      start: {
        entry: enqueueActions(({ context, event, enqueue }) => {
          enqueue(programNews);
          enqueue.assign({ checkin: { day: dayOf(context, event) } });
          enqueue.emit({
            type: 'say',
            text: { key: event.type === 'CHECKIN_REMINDER' ? 'checkin.reminderIntro' : 'checkin.intro' },
          });
        }),
        always: 'craving',
      },
      // Back from a rescue that interrupted it (/craving mid-check-in) or that it came due behind:
      // the answers given are kept, and the check-in goes on at the first question not answered
      // yet. With none given, it is introduced as any check-in is (there is nothing to go back to).
      resume: {
        entry: [
          programNews,
          emit(({ context }) => ({
            type: 'say' as const,
            text: { key: checkinStarted(context) ? 'checkin.resume' : 'checkin.intro' },
          })),
        ],
        always: [
          { guard: ({ context }) => context.checkin?.craving === undefined, target: 'craving' },
          { guard: ({ context }) => context.checkin?.peak === undefined, target: 'peak' },
          { guard: ({ context }) => context.checkin?.mood === undefined, target: 'mood' },
          { guard: ({ context }) => context.checkin?.sleep === undefined, target: 'sleep' },
          { guard: ({ context }) => context.checkin?.exMin === undefined, target: 'exercise' },
          {
            guard: ({ context }) => !!context.checkin?.exMin && context.checkin.exType === undefined,
            target: 'exerciseType',
          },
          { target: 'use' },
        ],
      },
      craving: {
        entry: ask(() => scaleAsk('checkinCraving', { key: 'checkin.craving', params: { i: 1, n: 6 } })),
        on: { ANSWER: { target: 'peak', actions: setDraft((e) => ({ craving: Number(value(e)) })) } },
      },
      peak: {
        entry: ask(() => scaleAsk('peak', { key: 'checkin.peak', params: { i: 2, n: 6 } })),
        on: { ANSWER: { target: 'mood', actions: setDraft((e) => ({ peak: Number(value(e)) })) } },
      },
      mood: {
        entry: ask(() => scaleAsk('mood', { key: 'checkin.mood', params: { i: 3, n: 6 } })),
        on: { ANSWER: { target: 'sleep', actions: setDraft((e) => ({ mood: Number(value(e)) })) } },
      },
      sleep: {
        entry: ask(() => ({
          field: 'sleep',
          kind: 'choice',
          prompt: { key: 'checkin.sleep', params: { i: 4, n: 6 } },
          options: choiceOptions('checkin.sleepOption', ['poor', 'ok', 'good']),
          // "7" is seven hours, as the question asks, not the seventh button.
          typedNumber: 'amount',
        })),
        on: {
          ANSWER: {
            target: 'exercise',
            actions: setDraft((e) => {
              const v = value(e);
              return { sleep: (typeof v === 'number' ? v : String(v)) as Sleep };
            }),
          },
        },
      },
      exercise: {
        entry: ask(() => ({
          field: 'exercise',
          kind: 'choice',
          prompt: { key: 'checkin.exercise', params: { i: 5, n: 6 } },
          options: choiceOptions('checkin.exerciseOption', ['0', '10', '20', '30']),
          min: 0,
          max: content.thresholds.exerciseMinutesAtMost,
        })),
        on: {
          ANSWER: [
            {
              guard: ({ event }) => Number(value(event)) === 0,
              target: 'use',
              actions: setDraft(() => ({ exMin: 0 })),
            },
            { target: 'exerciseType', actions: setDraft((e) => ({ exMin: Number(value(e)) })) },
          ],
        },
      },
      exerciseType: {
        entry: ask(() => ({
          field: 'exerciseType',
          kind: 'choice',
          prompt: { key: 'checkin.exerciseType' },
          options: choiceOptions('checkin.modality', ['aerobic', 'resistance', 'mindbody']),
        })),
        on: {
          ANSWER: { target: 'use', actions: setDraft((e) => ({ exType: String(value(e)) as Modality })) },
        },
      },
      use: {
        entry: ask(() => yesNoAsk('use', { key: 'checkin.use', params: { i: 6, n: 6 } })),
        on: {
          ANSWER: [
            {
              guard: ({ event }) => value(event) === true,
              target: '#patient.active.lapse',
              actions: finishCheckin(content, true),
            },
            { target: 'done', actions: finishCheckin(content, false) },
          ],
        },
      },
      done: {
        entry: assign({ ask: null }),
        // Then the exercise program's follow-up (docs/program.md), which ends in idle.
        always: [offerWhenRising(content, 'checkin.rising'), { target: '#patient.active.program' }],
      },
    },
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

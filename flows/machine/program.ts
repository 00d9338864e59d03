/**
 * The exercise program after a check-in, or on `/workout` (docs/program.md): a small sequence that
 * asks what is due and then offers the day's workout.
 *
 * After a check-in: the PHQ when due, the PAR-Q+ when due, the workout days when the plan needs them
 * and none fit, then the day's workout when today is a workout day and none was offered or done yet.
 * On `/workout` (or "today's workout" typed): the PAR-Q+ when due, then a workout at once, whatever
 * the day. For a day after a red flag (`restAfterRedFlagHours`) no workout is offered.
 *
 * A check-in that comes due meanwhile takes over (what was left open is asked again later); a
 * workout under way is the exception (see workout.ts).
 */
import type { FlowContent } from '../content/schema.js';
import { isNight } from '../rules/localTime.js';
import { daysFit, formsFor, isWorkoutDay, nextModality, type PlanRange } from '../rules/program.js';
import { ask, reask } from './asks.js';
import { checkinToResume, weeklyOnSunday } from './checkin.js';
import { cueOf, doseNow, programFacts, programUpdate, todayOf } from './programNews.js';
import { dropReassessment, parqDue, parqState, phqDue, phqState } from './reassessment.js';
import { endSession } from './safety.js';
import { patientSetup } from './setup.js';
import type { PatientContext, PatientEvent } from './types.js';
import { workoutState } from './workout.js';

const { assign, emit, enqueueActions } = patientSetup;
const HOUR = 3_600_000;
const value = (event: PatientEvent) => (event.type === 'ANSWER' ? event.value : undefined);

/** Workout-day presets offered as buttons (ISO weekdays as digits); any days may be typed too. */
export const DAY_PRESETS = ['135', '246', '367', '1245', '12345'] as const;

/** Days as the machine keeps them, from an answer like `135` (typed days are read into that form). */
export function daysFromAnswer(v: unknown): number[] | null {
  if (typeof v !== 'string' || !/^[1-7]{1,7}$/.test(v)) return null;
  return [...new Set([...v].map(Number))].sort((a, b) => a - b);
}

/** The `{d1}`…`{dn}` params naming chosen weekdays (`program.days.chosen.<n>`). */
export function daysText(days: readonly number[]) {
  const params: Record<string, string> = {};
  days.forEach((d, i) => {
    params[`d${i + 1}`] = `@program.weekday.${d}`;
  });
  return { key: `program.days.chosen.${days.length}`, params };
}

/** A `/workout` command (any arguments). */
const isWorkoutCmd = (event: PatientEvent) => event.type === 'CMD' && event.name === 'workout';

/** A day after a red flag: no workout is offered. */
export function resting(context: PatientContext, content: FlowContent, now: number): boolean {
  return (
    context.redFlagAt != null && now - context.redFlagAt < content.thresholds.restAfterRedFlagHours * HOUR
  );
}

/** What the offer of a workout says and which forms it offers. */
function offerOf(context: PatientContext, content: FlowContent, now: number) {
  const program = context.program!;
  const { stage, range } = programFacts(context, content, now);
  const today = todayOf(context, { type: 'STALE', now });
  const modality = nextModality(program.done, range.id, content);
  const indoorsOnly =
    context.profile.setting === 'indoors' || isNight(now, context.profile.timezone, content.thresholds.night);
  const forms = formsFor(modality, { stage, cleared: context.profile.cleared, indoorsOnly }, content);
  // Before any days are chosen every day counts as one (the first workout is nobody's "extra").
  const planned = program.days === null || isWorkoutDay(program.days, range, today);
  const kind = program.doneDay === today ? 'again' : planned ? 'today' : 'extra';
  return { modality, forms, planned, kind, range };
}

/** The follow-up states (`program`) and the guided workout (`workout`). */
export function programStates(content: FlowContent) {
  const update = programUpdate(content);
  const NEXT = '#patient.active.program.next';
  const IDLE = '#patient.active.idle';
  type Args = { context: PatientContext; event: PatientEvent };
  const viaCheckin = ({ context }: Args) => context.program?.via === 'checkin';
  const today = ({ context, event }: Args) => todayOf(context, event);
  const range = ({ context, event }: Args): PlanRange => programFacts(context, content, event.now).range;
  const markOffered = assign({
    program: ({ context, event }) =>
      context.program ? { ...context.program, offeredDay: todayOf(context, event) } : null,
  });
  const workoutDue = (args: Args) => {
    const p = args.context.program;
    if (!p) return false;
    const day = today(args);
    return isWorkoutDay(p.days, range(args), day) && p.offeredDay !== day && p.doneDay !== day;
  };

  const program = patientSetup.createStateConfig({
    initial: 'next',
    entry: [
      update,
      enqueueActions(({ context, event, enqueue }) => {
        if (!context.program) return;
        const via = isWorkoutCmd(event) ? 'workout' : 'checkin';
        enqueue.assign({ program: { ...context.program, via } });
        if (via === 'workout') enqueue(dropReassessment);
      }),
    ],
    on: {
      // A new day's check-in takes over; what was left open here is asked again another time. A day
      // checked in already (by /checkin) gets no second one, as in idle.
      CHECKIN_DUE: [
        {
          guard: ({ context, event }) => context.lastCheckinDay === event.day,
          actions: [update, weeklyOnSunday(content)],
        },
        { target: '#patient.active.checkin', actions: [weeklyOnSunday(content), dropReassessment] },
      ],
      CHECKIN_REMINDER: [
        { guard: checkinToResume, target: '#patient.active.checkin.resume', actions: dropReassessment },
        {
          guard: ({ context, event }) => context.lastCheckinDay !== event.day,
          target: '#patient.active.checkin',
          actions: dropReassessment,
        },
      ],
    },
    states: {
      next: {
        always: [
          {
            guard: (a) => !viaCheckin(a) && resting(a.context, content, a.event.now),
            target: IDLE,
            actions: emit({ type: 'say', text: { key: 'program.resting' } }),
          },
          { guard: (a) => viaCheckin(a) && phqDue(a.context, content, today(a)), target: 'phq' },
          { guard: (a) => parqDue(a.context, content, a.event.now), target: 'parq' },
          {
            guard: (a) => viaCheckin(a) && !daysFit(a.context.program?.days ?? null, range(a)),
            target: 'days',
          },
          { guard: (a) => !viaCheckin(a), target: 'offer' },
          {
            guard: (a) => workoutDue(a) && resting(a.context, content, a.event.now),
            target: IDLE,
            actions: [markOffered, emit({ type: 'say', text: { key: 'program.resting' } })],
          },
          { guard: workoutDue, target: 'offer' },
          { target: IDLE },
        ],
      },
      phq: phqState(content),
      parq: parqState(content),
      days: {
        entry: ask(({ context, event }) => {
          const r = programFacts(context, content, event.now).range;
          const presets = DAY_PRESETS.filter((p) => p.length >= r.perWeek[0] && p.length <= r.perWeek[1]);
          return {
            field: 'workoutDays',
            kind: 'choice',
            prompt: { key: 'program.days.ask', params: { min: r.perWeek[0], max: r.perWeek[1] } },
            options: presets.map((p) => ({ value: p, label: { key: `program.days.preset.${p}` } })),
            min: r.perWeek[0],
            max: r.perWeek[1],
          };
        }),
        on: {
          ANSWER: [
            {
              guard: ({ context, event }) => {
                const days = daysFromAnswer(value(event));
                return days !== null && daysFit(days, programFacts(context, content, event.now).range);
              },
              target: NEXT,
              actions: enqueueActions(({ context, event, enqueue }) => {
                const days = daysFromAnswer(value(event))!;
                if (context.program) enqueue.assign({ program: { ...context.program, days } });
                enqueue.emit({ type: 'say', text: daysText(days) });
              }),
            },
            {
              // Days typed that the plan does not take (two, or six): what it takes, and the question again.
              actions: enqueueActions(({ context, event, enqueue }) => {
                const r = programFacts(context, content, event.now).range;
                enqueue.emit({
                  type: 'say',
                  text: {
                    key: 'common.invalid.workoutDays',
                    params: { min: r.perWeek[0], max: r.perWeek[1] },
                  },
                });
                enqueue(reask);
              }),
            },
          ],
        },
      },
      offer: {
        entry: ask(({ context, event }) => {
          const o = offerOf(context, content, event.now);
          const dose = doseNow(context, content, event.now);
          return {
            field: 'workoutOffer',
            kind: 'choice',
            prompt: {
              key: `program.offer.${o.kind}`,
              params: {
                minutes: dose.minutes,
                cue: cueOf(dose.level),
                modality: `@workouts.modality.${o.modality}.name`,
                purpose: `@workouts.modality.${o.modality}.purpose`,
              },
            },
            options: [
              ...o.forms.map((f) => ({ value: f.id, label: { key: `workouts.form.${f.id}.label` } })),
              { value: 'later', label: { key: 'program.offer.laterButton' } },
              ...(o.planned && o.kind === 'today'
                ? [{ value: 'skip', label: { key: 'program.offer.skipButton' } }]
                : []),
            ],
          };
        }),
        on: {
          ANSWER: [
            {
              guard: ({ event }) => value(event) === 'skip',
              target: IDLE,
              actions: [markOffered, emit({ type: 'say', text: { key: 'program.offer.skipped' } })],
            },
            {
              guard: ({ context, event }) =>
                value(event) === 'later' ||
                !context.program ||
                !content.workouts.forms.some((f) => f.id === value(event)),
              target: IDLE,
              actions: [markOffered, emit({ type: 'say', text: { key: 'program.offer.later' } })],
            },
            {
              target: '#patient.active.workout',
              actions: assign({
                workout: ({ context, event }) => ({
                  form: String(value(event)),
                  // Never above what today's plan (and so clearance) allows.
                  dose: doseNow(context, content, event.now),
                  step: 0,
                  before: 0,
                  effort: null,
                  stopped: false,
                }),
              }),
            },
          ],
        },
      },
    },
  });

  return { program, workout: workoutState(content) };
}

/**
 * `/workout` in the active phase (also "today's workout", 今天的运动 typed): during a workout, a word
 * that one is under way; `/workout days` to choose the workout days again; otherwise the program's
 * follow-up for a workout now. A rescue session under way is left the kind way, as `/checkin` leaves it.
 */
export function programCommands(content: FlowContent) {
  const leaveSession = enqueueActions(({ context, enqueue }) => {
    if (context.session === null) return;
    const cutShort = context.session.step !== -1;
    enqueue(endSession(content));
    if (cutShort) enqueue.emit({ type: 'say', text: { key: 'session.stopped' } });
  });
  const update = programUpdate(content);
  return [
    {
      guard: ({ context, event }: { context: PatientContext; event: PatientEvent }) =>
        isWorkoutCmd(event) && !!context.workout,
      actions: [emit({ type: 'say', text: { key: 'workout.already' } }), reask],
    },
    {
      guard: ({ event }: { event: PatientEvent }) =>
        isWorkoutCmd(event) && event.type === 'CMD' && /^(days?|天|日子|运动日)$/i.test(event.args.trim()),
      target: '#patient.active.program.days',
      actions: [leaveSession, update],
    },
    {
      guard: ({ event }: { event: PatientEvent }) => isWorkoutCmd(event),
      target: '#patient.active.program',
      reenter: true,
      actions: leaveSession,
    },
  ];
}

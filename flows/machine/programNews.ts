/**
 * The exercise program's news (docs/program.md): what a due check-in (or `/workout`) brings first.
 * The program starts; a stage change is told on its day, with what changes, why and the new plan (and
 * the counsellor gets a routine note); a reported use that restarted the day count is told the same
 * way; a program week that has ended is reviewed (the weekly step: up, held or back) and recorded;
 * weeks 4, 8 and 12 get their milestone. Idempotent: a second call the same day says nothing new.
 */
import type { FlowContent, StageId } from '../content/schema.js';
import type { HistoryEntry } from '../history.js';
import { localDay } from '../rules/localTime.js';
import { phqTotal } from '../rules/phq.js';
import {
  addDays,
  fitDose,
  type PlanRange,
  plannedPerWeek,
  planRange,
  programWeek,
  rangeOf,
  startDose,
} from '../rules/program.js';
import { reviewWeek, type WeekReview } from '../rules/progression.js';
import { daysSince, stageFor } from '../rules/stage.js';
import type { ProgramState } from './programTypes.js';
import { alertFor } from './safety.js';
import { planText } from './screeningActions.js';
import { patientSetup } from './setup.js';
import type { PatientContext, PatientEvent } from './types.js';

/** The patient's local date for an event (timer events carry theirs). */
export function todayOf(context: PatientContext, event: PatientEvent): string {
  return 'day' in event && typeof event.day === 'string'
    ? event.day
    : localDay(event.now, context.profile.timezone);
}

/** Where the patient is now: their stage, days since the last use, and the plan's ranges. */
export function programFacts(context: PatientContext, content: FlowContent, now: number) {
  const days = daysSince(context.profile.lastUseAt ?? now, now);
  const stage: StageId = stageFor(days, content.thresholds);
  return { days, stage, range: planRange(stage, context.profile.cleared, content) };
}

/** The dose of a workout now: the program's, fitted into the plan of today's stage and clearance. */
export function doseNow(context: PatientContext, content: FlowContent, now: number) {
  const { range } = programFacts(context, content, now);
  return context.program ? fitDose(context.program.dose, range) : startDose(range);
}

/**
 * `/plan`'s line on the program: a workout's minutes and pace now, and the workout days (or every
 * day); nothing before the program has begun.
 */
export function programPlanLine(content: FlowContent) {
  return patientSetup.enqueueActions(({ context, event, enqueue }) => {
    const program = context.program;
    if (!program) return;
    const { range } = programFacts(context, content, event.now);
    const dose = fitDose(program.dose, range);
    const params = { minutes: dose.minutes, cue: cueOf(dose.level) };
    const days = program.days ?? [];
    if (range.perWeek[0] >= 7) enqueue.emit({ type: 'say', text: { key: 'program.planLine.daily', params } });
    else if (!days.length) enqueue.emit({ type: 'say', text: { key: 'program.planLine.noDays', params } });
    else
      enqueue.emit({
        type: 'say',
        text: {
          key: `program.planLine.days${days.length}`,
          params: {
            ...params,
            ...Object.fromEntries(days.map((d, i) => [`d${i + 1}`, `@program.weekday.${d}`])),
          },
        },
      });
  });
}

/** The talk-test words for an intensity level (a `@` param). */
export const cueOf = (level: number) => `@workouts.cue.level${level}`;

/** A new program, from today: the plan's starting dose, the onboarding's PHQ and PAR-Q+ as the last ones. */
export function newProgram(context: PatientContext, content: FlowContent, now: number, today: string) {
  const { stage, range } = programFacts(context, content, now);
  const dose = startDose(range);
  const program: ProgramState = {
    startDay: today,
    week: 1,
    log: { done: 0, minutes: 0, maxEffort: 0 },
    dose,
    startMinutes: dose.minutes,
    days: null,
    done: 0,
    told: { stage, lastUseAt: context.profile.lastUseAt },
    plan: range.id,
    offeredDay: null,
    doneDay: null,
    phq: { day: today, total: phqTotal(context.profile.phq), full: context.profile.phq.length === 9 },
    parqAt: now,
    via: 'checkin',
  };
  return program;
}

/** True when a red flag was mentioned on a local day of program week `week`. */
function redFlagInWeek(context: PatientContext, program: ProgramState, week: number): boolean {
  if (context.redFlagAt == null) return false;
  const day = localDay(context.redFlagAt, context.profile.timezone);
  const from = addDays(program.startDay, (week - 1) * 7);
  return day >= from && day < addDays(from, 7);
}

/** What the patient is told of a week's review. */
function reviewText(review: WeekReview, planned: number, done: number) {
  const params = { minutes: review.dose.minutes, cue: cueOf(review.dose.level), planned, done };
  if (review.outcome === 'hold') return { key: `program.week.hold.${review.why ?? 'missed'}`, params };
  if (review.outcome === 'top') return { key: 'program.week.top', params };
  return { key: `program.week.${review.outcome}.${review.changed ?? 'minutes'}`, params };
}

/**
 * Starts the program, or brings it up to date: stage news, then the weeks gone by. A new plan
 * (a stage change or a restarted count) fits the dose into its range, and the week it comes in is
 * recorded as such instead of taking a step: a new stage brings its own start.
 */
export function programUpdate(content: FlowContent) {
  return patientSetup.enqueueActions(({ context, event, enqueue }) => {
    const now = event.now;
    const today = todayOf(context, event);
    const old = context.program;
    if (!old) {
      const program = newProgram(context, content, now, today);
      enqueue.assign({ program });
      enqueue.emit({
        type: 'say',
        text: {
          key: `program.intro.${program.plan}`,
          params: { minutes: program.dose.minutes, cue: cueOf(program.dose.level) },
        },
      });
      return;
    }
    const { days, stage, range } = programFacts(context, content, now);
    let program: ProgramState = { ...old };
    const restarted = old.told.lastUseAt !== context.profile.lastUseAt;
    const newStage = old.told.stage !== stage;
    const newPlan = restarted || newStage;
    if (newPlan || old.plan !== range.id)
      program = { ...program, dose: fitDose(old.dose, range), plan: range.id };
    const current = programWeek(program.startDay, today);
    if (newPlan) {
      program.told = { stage, lastUseAt: context.profile.lastUseAt };
      // Changed within the week under way: that week takes no step when it ends. (Changed as a new
      // week begins, the weeks that ended take none, and the new one is the plan's first full week.)
      program.newPlanWeek = program.week === current ? current : null;
      enqueue.emit({
        type: 'say',
        text: {
          key: restarted ? `program.stage.restart.${stage}` : `program.stage.${stage}`,
          params: { days, minutes: program.dose.minutes, cue: cueOf(program.dose.level) },
        },
      });
      enqueue.emit({ type: 'say', text: planText(context, content, now) });
      if (newStage)
        enqueue.emit(
          alertFor(content, 'stageChange', ['program.told.stageChange'], {
            from: `@alerts.stage.${old.told.stage}`,
            to: `@alerts.stage.${stage}`,
            days,
          }),
        );
    }
    // After a long pause several weeks end at once: each is reviewed and recorded, and the patient
    // hears where it left them (the last review) and the last milestone passed.
    let said: { key: string; params: Record<string, string | number> } | null = null;
    let milestone: { key: string; params: Record<string, string | number> } | null = null;
    while (program.week < current) {
      // The week the plan changed in (a new stage's first days) takes no step: it brought its own start.
      const changed = newPlan || program.newPlanWeek === program.week;
      const weekRange: PlanRange = newPlan ? range : rangeOf(program.plan, content);
      const planned = plannedPerWeek(program.days, weekRange);
      const review: WeekReview = changed
        ? { dose: program.dose, outcome: 'hold' }
        : reviewWeek(
            {
              dose: program.dose,
              range: weekRange,
              planned,
              done: program.log.done,
              maxEffort: program.log.maxEffort,
              redFlag: redFlagInWeek(context, program, program.week),
            },
            content.progression,
          );
      const entry: HistoryEntry = {
        t: 'week',
        at: now,
        week: program.week,
        plan: weekRange.id,
        planned,
        done: program.log.done,
        minutes: program.log.minutes,
        plannedMinutes: planned * program.dose.minutes,
        dose: program.dose.minutes,
        level: program.dose.level,
        outcome: changed ? 'newPlan' : review.outcome,
      };
      enqueue.emit({ type: 'record', entry });
      if (!changed) said = reviewText(review, planned, program.log.done);
      const done = program.done;
      program = {
        ...program,
        dose: review.dose,
        week: program.week + 1,
        log: { done: 0, minutes: 0, maxEffort: 0 },
      };
      if (content.progression.milestoneWeeks.includes(entry.week))
        milestone = {
          // "From 30 to 30 minutes" says nothing: a dose that did not grow has words of its own.
          key: program.dose.minutes > program.startMinutes ? 'program.milestone' : 'program.milestoneKept',
          params: { week: entry.week, workouts: done, from: program.startMinutes, to: program.dose.minutes },
        };
    }
    if (said) enqueue.emit({ type: 'say', text: said });
    if (milestone) enqueue.emit({ type: 'say', text: milestone });
    enqueue.assign({ program });
  });
}

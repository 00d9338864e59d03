/**
 * What the exercise program does around its workouts (docs/program.md): its news as a check-in
 * starts, the follow-up after a check-in or on `/workout` (the workout days, the offer of the day's
 * workout), and the PHQ and PAR-Q+ asked again. The states are in `program.ts` and
 * `reassessment.ts`; these are their named actions. The workout's own are in `workoutActions.ts`.
 */
import type { FlowContent } from '../content/schema.js';
import { isNight } from '../rules/localTime.js';
import { phq9Band, phqTotal } from '../rules/phq.js';
import { formsFor, isWorkoutDay, nextModality } from '../rules/program.js';
import { ask, choiceOptions, reask, yesNoAsk } from './asks.js';
import { cueOf, doseNow, programFacts, programPlanLine, programUpdate, todayOf } from './programNews.js';
import { DAY_PRESETS, daysFromAnswer, daysText } from './programRules.js';
import { alertFor } from './safety.js';
import { patientSetup } from './setup.js';
import type { PatientContext, PatientEvent } from './types.js';

const { assign, enqueueActions } = patientSetup;
const answerOf = (event: PatientEvent) => (event.type === 'ANSWER' ? event.value : undefined);
const answersOf = (context: PatientContext) => context.reassess?.answers ?? [];

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
  return { modality, forms, planned, kind };
}

/** The named actions of the program's follow-up and re-assessments (see `machineSetup.ts`). */
export function programActions(content: FlowContent) {
  const { screening, thresholds } = content;
  const itemNine = screening.selfHarmItem - 1;
  const addAnswer = (kind: 'phq' | 'parq') =>
    assign({
      reassess: ({ context, event }) => {
        const v = answerOf(event);
        return { kind, answers: [...answersOf(context), kind === 'parq' ? (v === true ? 1 : 0) : Number(v)] };
      },
    });
  return {
    programUpdate: programUpdate(content),
    programPlanLine: programPlanLine(content),
    /**
     * The follow-up opens: after a check-in, or for `/workout` (then no mood questions, and a
     * re-assessment left open is dropped: it is asked again after a later check-in).
     */
    openProgram: enqueueActions(({ context, event, enqueue }) => {
      if (!context.program) return;
      const via = event.type === 'CMD' && event.name === 'workout' ? 'workout' : 'checkin';
      enqueue.assign({ program: { ...context.program, via } });
      if (via === 'workout') enqueue.assign({ reassess: null });
    }),
    /** Today's workout was offered (done, put off or skipped): no second offer today. */
    markOffered: assign({
      program: ({ context, event }) =>
        context.program ? { ...context.program, offeredDay: todayOf(context, event) } : null,
    }),
    /** A re-assessment left unfinished: its answers go; it is asked again after a later check-in. */
    dropReassessment: assign({ reassess: null }),
    /** "Which days suit you?", with the presets that fit the plan. */
    askWorkoutDays: ask(({ context, event }) => {
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
    /** The days chosen, said back. */
    setWorkoutDays: enqueueActions(({ context, event, enqueue }) => {
      const days = daysFromAnswer(answerOf(event));
      if (!days) return;
      if (context.program) enqueue.assign({ program: { ...context.program, days } });
      enqueue.emit({ type: 'say', text: daysText(days) });
    }),
    /** Days the plan does not take (two, or six): what it takes, and the question again. */
    sayWorkoutDaysInvalid: enqueueActions(({ context, event, enqueue }) => {
      const r = programFacts(context, content, event.now).range;
      enqueue.emit({
        type: 'say',
        text: { key: 'common.invalid.workoutDays', params: { min: r.perWeek[0], max: r.perWeek[1] } },
      });
      enqueue(reask);
    }),
    /** Today's workout: its kind, minutes and pace, what it is for; the forms, Later, Rest today. */
    askWorkoutOffer: ask(({ context, event }) => {
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

    // The PHQ again (docs/program.md#re-assessment).
    /** A PHQ begins: "every two weeks I ask two questions about how you've been feeling". */
    startPhq: enqueueActions(({ context, enqueue }) => {
      if (context.reassess?.kind === 'phq') return;
      enqueue.assign({ reassess: { kind: 'phq', answers: [] } });
      enqueue.emit({ type: 'say', text: { key: 'program.phq.intro' } });
    }),
    /** The next PHQ item (the PHQ-9's introduction before its third). */
    askPhqItem: enqueueActions(({ context, enqueue }) => {
      const i = answersOf(context).length;
      if (i === 2) enqueue.emit({ type: 'say', text: { key: 'screening.phq9Intro' } });
      enqueue(
        ask(() => ({
          // The onboarding's field: typed answers (0–3, the option words) are read the same way.
          field: 'phq',
          kind: 'choice',
          prompt: { key: `screening.phq.${screening.phq9[i]}`, params: { i: i + 1, n: i < 2 ? 2 : 9 } },
          options: choiceOptions('screening.phqOption', ['0', '1', '2', '3']),
          min: 0,
          max: 3,
        })),
      );
    }),
    addPhqAnswer: addAnswer('phq'),
    /**
     * The PHQ done: recorded; the result said (unless item 9 brought the crisis reply); a total 5 or
     * more above the last one tells the counsellor (high); a PHQ-9 of 10 or more the routine alert.
     */
    finishPhq: enqueueActions(({ context, event, enqueue }) => {
      const items = answersOf(context);
      const program = context.program;
      enqueue.assign({ reassess: null, ask: null });
      if (!program) return;
      const total = phqTotal(items);
      const full = items.length === 9;
      enqueue.emit({ type: 'record', entry: { t: 'phq', at: event.now, items } });
      enqueue.assign({ program: { ...program, phq: { day: todayOf(context, event), total, full } } });
      if (full && (items[itemNine] ?? 0) > 0) return;
      enqueue.emit({
        type: 'say',
        text: {
          key: 'program.phq.result',
          params: {
            score: total,
            max: full ? 27 : 6,
            mood: full
              ? `@assessment.phq9.${phq9Band(total, thresholds)}`
              : `@assessment.phq2.${total >= thresholds.phq2FullScreenAt ? 'high' : 'low'}`,
          },
        },
      });
      if (total - program.phq.total >= content.reassessment.phqRiseAlertAtLeast) {
        enqueue.emit({ type: 'say', text: { key: 'program.phq.toldCounsellor' } });
        enqueue.emit(
          alertFor(content, 'phqRise', ['program.told.phqRise'], { from: program.phq.total, to: total }),
        );
      }
      if (full && total >= thresholds.phq9Referral)
        enqueue.emit(alertFor(content, 'phq9High', ['screening.told.phqHigh'], { score: total }));
    }),

    // The PAR-Q+ again.
    /** A PAR-Q+ begins: why it is asked again (three months on, or after a red flag). */
    startParq: enqueueActions(({ context, enqueue }) => {
      if (context.reassess?.kind === 'parq') return;
      const afterRedFlag = (context.redFlagAt ?? -1) > (context.program?.parqAt ?? 0);
      enqueue.assign({ reassess: { kind: 'parq', answers: [] } });
      enqueue.emit({
        type: 'say',
        text: { key: afterRedFlag ? 'program.parq.introRedFlag' : 'program.parq.intro' },
      });
    }),
    askParqItem: ask(({ context }) => {
      const i = answersOf(context).length;
      return yesNoAsk('parq', {
        key: `screening.parq.${screening.parq[i]}`,
        params: { i: i + 1, n: screening.parq.length },
      });
    }),
    addParqAnswer: addAnswer('parq'),
    /** The PAR-Q+ done: recorded; a yes means light workouts until clearance, as at onboarding. */
    finishParq: enqueueActions(({ context, event, enqueue }) => {
      const yes = answersOf(context).filter((a) => a === 1).length;
      const program = context.program;
      enqueue.assign({ reassess: null, ask: null });
      if (!program) return;
      enqueue.emit({ type: 'record', entry: { t: 'parq', at: event.now, yes } });
      enqueue.assign({ program: { ...program, parqAt: event.now } });
      if (yes === 0) {
        enqueue.emit({ type: 'say', text: { key: 'program.parq.clear' } });
        return;
      }
      enqueue.assign({ profile: { ...context.profile, cleared: false } });
      enqueue.emit({ type: 'say', text: { key: 'program.parq.lightOnly' } });
      enqueue.emit(alertFor(content, 'parqYes', ['screening.told.lightOnly']));
    }),
  };
}

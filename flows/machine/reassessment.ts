/**
 * Re-assessment after a check-in (docs/program.md#re-assessment): the PHQ-2 every 14 days (the PHQ-9
 * when it is 3 or more; item 9 above 0 → the crisis reply and an urgent alert, as at onboarding; a
 * total 5 or more above the last → a `high` alert; a PHQ-9 of 10 or more → the routine alert of
 * onboarding), and the PAR-Q+ every 90 days and after any red flag (a yes → light sessions only
 * until a counsellor records clearance, as at onboarding). Both are recorded in the history.
 */
import type { FlowContent } from '../content/schema.js';
import { needsFullPhq9, phq9Band, phqTotal } from '../rules/phq.js';
import { daysBetween } from '../rules/program.js';
import { ask, choiceOptions, yesNoAsk } from './asks.js';
import { todayOf } from './programNews.js';
import { alertFor, crisis } from './safety.js';
import { patientSetup } from './setup.js';
import type { PatientContext, PatientEvent } from './types.js';

const { assign, enqueueActions } = patientSetup;
const NEXT = '#patient.active.program.next';
const DAY = 86_400_000;
const answer = (event: PatientEvent) => (event.type === 'ANSWER' ? event.value : undefined);
const answersOf = (context: PatientContext) => context.reassess?.answers ?? [];

/** True when the PHQ is due: `phqEveryDays` since the last one. */
export function phqDue(context: PatientContext, content: FlowContent, today: string): boolean {
  const p = context.program;
  return !!p && daysBetween(p.phq.day, today) >= content.reassessment.phqEveryDays;
}

/** True when the PAR-Q+ is due: `parqEveryDays` since the last one, or a red flag since. */
export function parqDue(context: PatientContext, content: FlowContent, now: number): boolean {
  const p = context.program;
  if (!p) return false;
  return now - p.parqAt >= content.reassessment.parqEveryDays * DAY || (context.redFlagAt ?? -1) > p.parqAt;
}

/** The PHQ state: the items one by one, then the result. */
export function phqState(content: FlowContent) {
  const { screening, thresholds } = content;
  const itemNine = screening.selfHarmItem - 1;

  const finish = enqueueActions(({ context, event, enqueue }) => {
    const items = answersOf(context);
    const program = context.program;
    enqueue.assign({ reassess: null, ask: null });
    if (!program) return;
    const total = phqTotal(items);
    const full = items.length === 9;
    enqueue.emit({ type: 'record', entry: { t: 'phq', at: event.now, items } });
    enqueue.assign({ program: { ...program, phq: { day: todayOf(context, event), total, full } } });
    const crisisGiven = full && (items[itemNine] ?? 0) > 0;
    if (crisisGiven) return;
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
    const rise = total - program.phq.total;
    if (rise >= content.reassessment.phqRiseAlertAtLeast) {
      enqueue.emit({ type: 'say', text: { key: 'program.phq.toldCounsellor' } });
      enqueue.emit(
        alertFor(content, 'phqRise', ['program.told.phqRise'], { from: program.phq.total, to: total }),
      );
    }
    if (full && total >= thresholds.phq9Referral)
      enqueue.emit(alertFor(content, 'phq9High', ['screening.told.phqHigh'], { score: total }));
  });

  return patientSetup.createStateConfig({
    entry: [
      enqueueActions(({ context, enqueue }) => {
        const n = answersOf(context).length;
        if (context.reassess?.kind !== 'phq') {
          enqueue.assign({ reassess: { kind: 'phq', answers: [] } });
          enqueue.emit({ type: 'say', text: { key: 'program.phq.intro' } });
        } else if (n === 2) enqueue.emit({ type: 'say', text: { key: 'screening.phq9Intro' } });
      }),
      ask(({ context }) => {
        const i = answersOf(context).length;
        return {
          // The onboarding's field: typed answers (0–3, the option words) are read the same way.
          field: 'phq',
          kind: 'choice',
          prompt: { key: `screening.phq.${screening.phq9[i]}`, params: { i: i + 1, n: i < 2 ? 2 : 9 } },
          options: choiceOptions('screening.phqOption', ['0', '1', '2', '3']),
          min: 0,
          max: 3,
        };
      }),
    ],
    on: {
      ANSWER: [
        {
          // Item 9 above 0: the crisis reply and the urgent alert; the questionnaire is over (it was
          // the last item), and nothing else follows in the same breath.
          guard: ({ context, event }) => answersOf(context).length === itemNine && Number(answer(event)) > 0,
          target: '#patient.active.idle',
          actions: [
            assign({
              reassess: ({ context, event }) => ({
                kind: 'phq',
                answers: [...answersOf(context), Number(answer(event))],
              }),
            }),
            finish,
            crisis(content, 'phq9Item9'),
          ],
        },
        {
          guard: ({ context, event }) => {
            const items = [...answersOf(context), Number(answer(event))];
            return items.length < 2 || (items.length < 9 && needsFullPhq9(items.slice(0, 2), thresholds));
          },
          target: 'phq',
          reenter: true,
          actions: assign({
            reassess: ({ context, event }) => ({
              kind: 'phq',
              answers: [...answersOf(context), Number(answer(event))],
            }),
          }),
        },
        {
          target: NEXT,
          actions: [
            assign({
              reassess: ({ context, event }) => ({
                kind: 'phq',
                answers: [...answersOf(context), Number(answer(event))],
              }),
            }),
            finish,
          ],
        },
      ],
    },
  });
}

/** The PAR-Q+ state: the seven questions, then what follows from a yes. */
export function parqState(content: FlowContent) {
  const { parq } = content.screening;
  const finish = enqueueActions(({ context, event, enqueue }) => {
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
    // As at onboarding: light sessions only until a counsellor records clearance.
    enqueue.assign({ profile: { ...context.profile, cleared: false } });
    enqueue.emit({ type: 'say', text: { key: 'program.parq.lightOnly' } });
    enqueue.emit(alertFor(content, 'parqYes', ['screening.told.lightOnly']));
  });

  return patientSetup.createStateConfig({
    entry: [
      enqueueActions(({ context, enqueue }) => {
        if (context.reassess?.kind === 'parq') return;
        const afterRedFlag = (context.redFlagAt ?? -1) > (context.program?.parqAt ?? 0);
        enqueue.assign({ reassess: { kind: 'parq', answers: [] } });
        enqueue.emit({
          type: 'say',
          text: { key: afterRedFlag ? 'program.parq.introRedFlag' : 'program.parq.intro' },
        });
      }),
      ask(({ context }) => {
        const i = answersOf(context).length;
        return yesNoAsk('parq', { key: `screening.parq.${parq[i]}`, params: { i: i + 1, n: parq.length } });
      }),
    ],
    on: {
      ANSWER: [
        {
          guard: ({ context }) => answersOf(context).length + 1 < parq.length,
          target: 'parq',
          reenter: true,
          actions: assign({
            reassess: ({ context, event }) => ({
              kind: 'parq',
              answers: [...answersOf(context), answer(event) === true ? 1 : 0],
            }),
          }),
        },
        {
          target: NEXT,
          actions: [
            assign({
              reassess: ({ context, event }) => ({
                kind: 'parq',
                answers: [...answersOf(context), answer(event) === true ? 1 : 0],
              }),
            }),
            finish,
          ],
        },
      ],
    },
  });
}

/** Clears a re-assessment left unfinished (its answers are dropped; it is asked again next time). */
export const dropReassessment = assign({ reassess: null });

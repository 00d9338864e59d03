/**
 * Re-assessment after a check-in (docs/program.md#re-assessment): the PHQ-2 every 14 days (the PHQ-9
 * when it is 3 or more; item 9 above 0 → the crisis reply and an urgent alert, as at onboarding; a
 * total 5 or more above the last → a `high` alert; a PHQ-9 of 10 or more → the routine alert of
 * onboarding), and the PAR-Q+ every 90 days and after any red flag (a yes → light workouts only
 * until a counsellor records clearance, as at onboarding). Both are recorded in the history. Their
 * actions are in `programActions.ts`.
 */
import type { PatientSetup } from './machineSetup.js';

const NEXT = '#patient.flow.active.program.next';

/** The PHQ state: the items one by one, then the result. */
export function phqState(s: PatientSetup) {
  return s.createStateConfig({
    entry: ['startPhq', 'askPhqItem'],
    on: {
      ANSWER: [
        {
          // Item 9 above 0: the crisis reply and the urgent alert; the questionnaire is over (it was
          // the last item), and nothing else follows in the same breath.
          guard: 'phqItemNineAboveZero',
          target: '#patient.flow.active.idle',
          actions: ['addPhqAnswer', 'finishPhq', { type: 'crisis', params: { trigger: 'phq9Item9' } }],
        },
        { guard: 'morePhqItems', target: 'phq', reenter: true, actions: 'addPhqAnswer' },
        { target: NEXT, actions: ['addPhqAnswer', 'finishPhq'] },
      ],
    },
  });
}

/** The PAR-Q+ state: the seven questions, then what follows from a yes. */
export function parqState(s: PatientSetup) {
  return s.createStateConfig({
    entry: ['startParq', 'askParqItem'],
    on: {
      ANSWER: [
        { guard: 'moreParqItems', target: 'parq', reenter: true, actions: 'addParqAnswer' },
        { target: NEXT, actions: ['addParqAnswer', 'finishParq'] },
      ],
    },
  });
}

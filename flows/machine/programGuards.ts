/**
 * The exercise program's guards, by name (docs/program.md; see `machineSetup.ts`): what the
 * follow-up after a check-in asks, whether today is a workout day, where a workout is, and how far
 * a re-assessment has got.
 */
import type { FlowContent } from '../content/schema.js';
import { needsFullPhq9 } from '../rules/phq.js';
import { daysFit, isDaily, isWorkoutDay } from '../rules/program.js';
import { programFacts, todayOf } from './programNews.js';
import { daysFromAnswer, parqDue, phqDue, resting } from './programRules.js';
import type { GuardArgs } from './setup.js';
import { stepsOf } from './workoutActions.js';

const answerOf = (event: GuardArgs['event']) => (event.type === 'ANSWER' ? event.value : undefined);
const answers = ({ context }: GuardArgs) => context.reassess?.answers ?? [];

/** The program's named guards over validated content. */
export function programGuards(content: FlowContent) {
  const { screening, thresholds } = content;
  const range = ({ context, event }: GuardArgs) => programFacts(context, content, event.now).range;
  const workoutDue = (args: GuardArgs) => {
    const p = args.context.program;
    if (!p) return false;
    const day = todayOf(args.context, args.event);
    return isWorkoutDay(p.days, range(args), day) && p.offeredDay !== day && p.doneDay !== day;
  };
  return {
    /** The program's questions were opened after a check-in (not by `/workout`). */
    programViaCheckin: ({ context }: GuardArgs) => context.program?.via === 'checkin',
    /** Within `restAfterRedFlagHours` of a red flag: no workout. */
    restingAfterRedFlag: ({ context, event }: GuardArgs) => resting(context, content, event.now),
    /** The PHQ is due (every `phqEveryDays`). */
    phqDue: ({ context, event }: GuardArgs) => phqDue(context, content, todayOf(context, event)),
    /** The PAR-Q+ is due (every `parqEveryDays`, or a red flag since the last one). */
    parqDue: ({ context, event }: GuardArgs) => parqDue(context, content, event.now),
    /** The plan takes 3–5 days a week and none that fit are chosen. */
    workoutDaysNeeded: (args: GuardArgs) => !daysFit(args.context.program?.days ?? null, range(args)),
    /** The plan has a workout every day (no days to choose). */
    dailyPlan: (args: GuardArgs) => isDaily(range(args)),
    /** Today is a workout day, and no workout was offered or done today. */
    workoutDue,
    /** Days typed or tapped that the plan takes (3–5 for a 3–5 a week plan). */
    workoutDaysFit: (args: GuardArgs) => {
      const days = daysFromAnswer(answerOf(args.event));
      return days !== null && daysFit(days, range(args));
    },
    /** The answer names a workout form of the catalogue. */
    workoutFormChosen: ({ event }: GuardArgs) => content.workouts.forms.some((f) => f.id === answerOf(event)),
    /** A workout is under way. */
    workoutUnderway: ({ context }: GuardArgs) => !!context.workout,
    /** `/workout days` (or 天, 运动日): choose the workout days again. */
    workoutDaysCommand: ({ event }: GuardArgs) =>
      event.type === 'CMD' && event.name === 'workout' && /^(days?|天|日子|运动日)$/i.test(event.args.trim()),
    /** The step timer of the step the workout is at (an older step's timer is late). */
    workoutStepTimeUp: ({ context, event }: GuardArgs) =>
      event.type === 'WORKOUT_TIMER' && event.step === context.workout?.step,
    /** Steps left in the workout. */
    moreWorkoutSteps: ({ context }: GuardArgs) =>
      !!context.workout && context.workout.step + 1 < stepsOf(context.workout, content).length,
    /** PHQ-9 item 9 answered above 0 at a re-assessment. */
    phqItemNineAboveZero: (args: GuardArgs) =>
      answers(args).length === screening.selfHarmItem - 1 && Number(answerOf(args.event)) > 0,
    /** PHQ items still to ask once this answer is in: the PHQ-2, then the PHQ-9 when it calls for it. */
    morePhqItems: (args: GuardArgs) => {
      const items = [...answers(args), Number(answerOf(args.event))];
      return items.length < 2 || (items.length < 9 && needsFullPhq9(items.slice(0, 2), thresholds));
    },
    /** PAR-Q+ questions still to ask once this answer is in. */
    moreParqItems: (args: GuardArgs) => answers(args).length + 1 < screening.parq.length,
  };
}

/**
 * When the words may mean risk but do not say it plainly (docs/safety.md#three-outcomes), the bot
 * asks directly and kindly, as clinicians do (the C-SSRS screener's wording): "Are you having
 * thoughts of ending your life?", with yes/no buttons that can also be typed.
 *
 * - Yes: exactly as if the patient had said it: the crisis reply and the urgent alert, the alert
 *   saying they answered yes.
 * - No: a kind word, and back to exactly where they were (the open question asked again).
 * - No answer: the question stays open, and after `possibleRiskUnansweredMinutes` (the deployment's
 *   POSSIBLE_RISK_UNANSWERED_MINUTES) a `high` alert tells counsellors it went unanswered.
 *
 * Someone else at risk ("my friend said he wants to die") gets its own reply: how to help them, the
 * region's crisis lines, and a `high` alert.
 */
import type { FlowContent } from '../content/schema.js';
import { overlay, reask, yesNoAsk } from './asks.js';
import { alertFor, crisisNumbers } from './safety.js';
import { patientSetup } from './setup.js';

const { assign, emit, enqueueActions, raise } = patientSetup;

/** The scheduler key of the "still unanswered?" timer. */
export const RISK_CHECK_TIMER = 'riskCheck';

/**
 * Words that may mean risk: the direct question, interrupting whatever was asked (it waits behind),
 * and the timer that tells counsellors if it goes unanswered. Asked once: more such words while it
 * is open bring the same question again, not a second one.
 */
export function askRiskCheck(content: FlowContent) {
  return enqueueActions(({ context, event, enqueue }) => {
    if (event.type !== 'POSSIBLE_RISK') return;
    if (context.ask?.field === 'riskCheck') {
      enqueue(reask);
      return;
    }
    enqueue(overlay(() => yesNoAsk('riskCheck', { key: 'safety.riskCheck.ask' })));
    enqueue.assign({
      riskCheck: ({ context: c }) => ({ askId: c.ask?.id ?? '', why: event.why }),
    });
    enqueue.emit(({ context: c }) => ({
      type: 'scheduleEvent' as const,
      key: RISK_CHECK_TIMER,
      delayMs: Math.round(content.thresholds.possibleRiskUnansweredMinutes * 60_000),
      event: { type: 'RISK_CHECK_UNANSWERED' as const, askId: c.riskCheck?.askId ?? '' },
    }));
  });
}

/**
 * The named actions of the direct question (see `machineSetup.ts`). Yes: the question it
 * interrupted is put back first, so the crisis reply keeps it behind its Continue button, and every
 * state's own crisis handling applies (a session ends...). No: a kind word, and back.
 */
export function riskCheckActions(content: FlowContent) {
  return {
    askRiskCheck: askRiskCheck(content),
    /** The "still unanswered?" timer goes: the question was answered. */
    cancelRiskCheckTimer: emit({ type: 'cancelEvent', key: RISK_CHECK_TIMER }),
    /** The direct question is no longer open (answered, or counsellors were told). */
    closeRiskCheck: assign({ riskCheck: null }),
    /** Yes: back to the question the direct question interrupted, then the crisis, as if said. */
    putBackInterrupted: assign({ ask: ({ context }) => context.saved, saved: null }),
    crisisAnsweredYes: raise(({ event }) => ({
      type: 'CRISIS' as const,
      why: 'answeredYes' as const,
      now: event.now,
    })),
    /** Counsellors are told once that the direct question went unanswered; it stays open. */
    alertRiskCheckUnanswered: emit(({ context }) =>
      alertFor(content, 'possibleRiskUnanswered', ['safety.told.riskCheck'], {
        why: context.riskCheck?.why ?? 'indirect',
      }),
    ),
    /** Someone else at risk: what to do for them, the region's crisis lines, and a `high` alert. */
    answerThirdParty: enqueueActions(({ context, enqueue }) => {
      enqueue.emit({ type: 'say', text: { key: 'safety.thirdParty', params: crisisNumbers(context) } });
      enqueue.emit(alertFor(content, 'thirdParty', ['safety.told.thirdParty'], { why: 'thirdParty' }));
    }),
  };
}

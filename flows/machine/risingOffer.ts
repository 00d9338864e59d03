/**
 * The way into a rescue offer from the end of a questionnaire (the check-in, onboarding): a
 * transition both they and the rescue states can use without importing each other.
 */
import type { FlowContent } from '../content/schema.js';
import { isRising } from '../rules/risingCraving.js';
import { patientSetup } from './setup.js';
import type { PatientContext } from './types.js';

const { assign, emit } = patientSetup;

/**
 * The transition into a rescue offer when craving is rising
 * (docs/clinical-protocol.md#rising-craving-and-rescue-sessions: offer a session at once), with `intro` said
 * first; the rating that rose is the offer's "before". For the `always` of a state that ends a questionnaire
 * (the check-in, onboarding).
 */
export function offerWhenRising(content: FlowContent, intro: string) {
  return {
    guard: ({ context }: { context: PatientContext }) => isRising(context.ratings, content.thresholds.rising),
    target: '#patient.active.offer',
    actions: [
      assign({ before: ({ context }) => context.ratings.at(-1) ?? null }),
      emit({ type: 'say', text: { key: intro } }),
    ],
  };
}

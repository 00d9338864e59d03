/**
 * Every guard and action of the patient machine, named in `setup()`. The machine's configuration
 * (`patientMachine.ts`, `screening.ts`, `checkin.ts`, `rescueSession.ts`, `interruption.ts`) refers
 * to them by name, with parameters where they differ only by a value, so it holds no closures and
 * `npm run statechart` can draw it (docs/statechart.md).
 */
import { setup } from 'xstate';
import type { FlowContent } from '../content/schema.js';
import { askActions } from './asks.js';
import { checkinActions } from './checkinActions.js';
import { patientGuards } from './guards.js';
import { reachabilityActions } from './reachability.js';
import { rescueActions } from './rescueActions.js';
import { riskCheckActions } from './riskCheck.js';
import { safetyActions } from './safety.js';
import { screeningActions } from './screeningActions.js';
import { settingsActions } from './settings.js';
import { patientSetup, patientTypes } from './setup.js';

/** The actions of commands that are neither a question nor a setting. */
const commandActions = {
  /** `/progress` (14 days) or `/progress 30`. */
  showProgress: patientSetup.emit(({ event }) => ({
    type: 'chart' as const,
    days: event.type === 'CMD' && event.args.trim() === '30' ? 30 : 14,
  })),
  /** `/export`: everything kept about the patient, as files (a right of access, from any state). */
  exportRecord: patientSetup.emit({ type: 'export' as const }),
  /** A counsellor recorded PAR-Q+ clearance. */
  grantClearance: patientSetup.assign({ profile: ({ context }) => ({ ...context.profile, cleared: true }) }),
};

/** `setup()` with the patient machine's types and its named guards and actions, over `content`. */
export function createPatientSetup(content: FlowContent) {
  return setup({
    types: patientTypes,
    guards: patientGuards(content),
    actions: {
      ...askActions,
      ...safetyActions(content),
      ...riskCheckActions(content),
      ...settingsActions(content),
      ...screeningActions(content),
      ...checkinActions(content),
      ...rescueActions(content),
      ...reachabilityActions(content),
      ...commandActions,
    },
  });
}

/** The setup the machine's states are configured with (names checked by the compiler). */
export type PatientSetup = ReturnType<typeof createPatientSetup>;

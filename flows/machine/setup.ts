/** The typed XState setup every part of the patient machine is built from. */
import { setup } from 'xstate';
import type { Intent } from '../intents.js';
import type { PatientContext, PatientEvent, PatientInput } from './types.js';

/** `setup()` with the patient machine's types; states and actions in other files build on it. */
export const patientSetup = setup({
  types: {} as {
    context: PatientContext;
    events: PatientEvent;
    emitted: Intent;
    input: PatientInput;
  },
});

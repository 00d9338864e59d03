/**
 * The typed XState setup the patient machine's guards and actions are written with. The machine
 * itself is built from `machineSetup.ts`, which names every guard and action in `setup()`, so the
 * machine's configuration refers to them by name and a diagram can show them.
 */
import { enqueueActions, type ParameterizedObject, setup } from 'xstate';
import type { Intent } from '../intents.js';
import type { PatientContext, PatientEvent, PatientInput } from './types.js';

/** The patient machine's context, events, emitted intents and input. */
export const patientTypes = {} as {
  context: PatientContext;
  events: PatientEvent;
  emitted: Intent;
  input: PatientInput;
};

/** `setup()` with the patient machine's types only: the action creators implementations use. */
export const patientSetup = setup({ types: patientTypes });

/** What a guard implementation is given. */
export interface GuardArgs {
  context: PatientContext;
  event: PatientEvent;
}

type Params = ParameterizedObject['params'];
type CollectWith<P extends Params> = Parameters<
  typeof enqueueActions<PatientContext, PatientEvent, P, PatientEvent, never, never, never, never, Intent>
>[0];

/**
 * A named action that takes parameters (`{ type: 'say', params: { key: 'common.edited' } }`):
 * actions that differ only by a value are one action, not one closure per value.
 */
export function withParams<P extends Params>(collect: CollectWith<P>) {
  return enqueueActions<PatientContext, PatientEvent, P, PatientEvent, never, never, never, never, Intent>(
    collect,
  );
}

/**
 * Pure machine steps without XState's per-call set-up. XState's `transition(machine, snapshot,
 * event)` builds a throw-away actor for every call, and building one evaluates the machine's
 * whole initial state (onboarding's entry actions included): about half the cost of a turn's
 * transition. The engine makes one inert actor scope per machine and reuses it; like XState's,
 * it executes nothing: the actions a step would run are collected and returned.
 */
import { type AnyActorScope, createActor, type ExecutableActionsFrom } from 'xstate';
import type { PatientMachine } from '../../flows/machine/patientMachine.js';
import type { PatientInput } from '../../flows/machine/types.js';

type Snapshot = ReturnType<PatientMachine['transition']>;
type Event = Parameters<PatientMachine['transition']>[1];
type Action = ExecutableActionsFrom<PatientMachine>;

/** Applies events to snapshots of one machine, purely (see {@link MachineStepper.step}). */
export class MachineStepper {
  private readonly scope: AnyActorScope;
  private collected: Action[] = [];

  /** `input` only builds the scope's (never started) actor; any valid input will do. */
  constructor(
    private readonly machine: PatientMachine,
    input: PatientInput,
  ) {
    const self = createActor(machine, { input });
    this.scope = {
      self,
      id: '',
      sessionId: '',
      logger: () => {},
      defer: () => {},
      emit: () => {},
      system: self.system,
      stopChild: () => {},
      actionExecutor: (action) => {
        this.collected.push(action as Action);
      },
    };
  }

  /**
   * The snapshot after `event`, and the actions the step would execute (emitted intents among
   * them), exactly as XState's `transition` returns them. Synchronous, so steps never interleave.
   */
  step(snapshot: Snapshot, event: Event): [Snapshot, Action[]] {
    this.collected = [];
    try {
      const next = this.machine.transition(snapshot, event, this.scope);
      return [next, this.collected];
    } finally {
      this.collected = [];
    }
  }
}

/**
 * The engine's pure machine step gives exactly what XState's own `transition` gives (snapshot and
 * actions), and the session timer is cancelled only when there is a session to leave.
 */

import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { createPatientMachine, initialContext } from '../../flows/machine/patientMachine.js';
import type { PatientContext, PatientEvent } from '../../flows/machine/types.js';
import { loadContent } from '../../src/content.js';
import { MachineStepper } from '../../src/engine/machineStep.js';

const content = loadContent();
const machine = createPatientMachine(content);
const stepper = new MachineStepper(machine, { locale: 'en', timezone: 'Asia/Shanghai' });
const now = Date.UTC(2026, 10, 26, 4);

/** A screened patient's context (as after onboarding). */
function screened(extra: Partial<PatientContext> = {}): PatientContext {
  const base = initialContext({ locale: 'en', timezone: 'Asia/Shanghai' }, content.thresholds);
  return {
    ...base,
    profile: {
      ...base.profile,
      age: 30,
      cleared: true,
      lastUseAt: now - 20 * 86_400_000,
      baselineCraving: 4,
    },
    ...extra,
  };
}

const at = (e: Record<string, unknown>) => ({ ...e, now }) as unknown as PatientEvent;
const emitted = (actions: { type: string; params?: unknown }[]) =>
  actions.filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: { type: string } }).event);

describe('the engine steps the machine as XState does', () => {
  it.each([
    ['a check-in command', at({ type: 'CMD', name: 'checkin', args: '' })],
    ['a craving report', at({ type: 'CRAVING_REPORT' })],
    ['a crisis', at({ type: 'CRISIS' })],
    ['free text', at({ type: 'FREE_TEXT' })],
  ])('%s gives the same snapshot and intents', (_, event) => {
    const snapshot = machine.resolveState({
      value: { flow: { active: 'idle' }, interruption: 'none' },
      context: screened(),
    });
    const [mine, myActions] = stepper.step(snapshot, event);
    const [theirs, theirActions] = transition(machine, snapshot, event);
    expect(mine.value).toEqual(theirs.value);
    expect(mine.context).toEqual(theirs.context);
    expect(emitted(myActions)).toEqual(emitted(theirActions));
  });

  it('gives a step only its own actions, whatever steps came before on the same stepper', () => {
    const snapshot = machine.resolveState({
      value: { flow: { active: 'idle' }, interruption: 'none' },
      context: screened(),
    });
    stepper.step(snapshot, at({ type: 'CMD', name: 'checkin', args: '' }));
    const event = at({ type: 'FREE_TEXT' });
    const [, mine] = stepper.step(snapshot, event);
    expect(emitted(mine)).toEqual(emitted(transition(machine, snapshot, event)[1]));
  });
});

describe('leaving for a check-in or a craving report', () => {
  const cancels = (context: PatientContext, value: unknown, event: PatientEvent) => {
    // The conversation's state, and no overlay question open.
    const snapshot = machine.resolveState({ value: { flow: value, interruption: 'none' } as never, context });
    return emitted(stepper.step(snapshot, event)[1]).filter((e) => e.type === 'cancelEvent');
  };

  it('cancels the session timer when a session is running', () => {
    const context = screened({ session: { id: 'breathing5', step: 1, before: 6 } });
    const value = { active: { session: 'step' } };
    expect(cancels(context, value, at({ type: 'CMD', name: 'checkin', args: '' }))).toHaveLength(1);
    expect(cancels(context, value, at({ type: 'CRAVING_REPORT' }))).toHaveLength(1);
  });

  it('cancels nothing when there is no session (no timer exists)', () => {
    const value = { active: 'idle' };
    expect(cancels(screened(), value, at({ type: 'CMD', name: 'checkin', args: '' }))).toEqual([]);
    expect(cancels(screened(), value, at({ type: 'CMD', name: 'craving', args: '' }))).toEqual([]);
  });
});

/**
 * The machine has two regions, but a stored snapshot keeps the conversation's alone: the
 * interruption region follows the open question, and is derived again when a snapshot is restored.
 * Snapshots stored before a completed session said so with `completed` (step -1) still read right.
 */
import { describe, expect, it } from 'vitest';
import { createPatientMachine, FLOW_VERSION, initialContext } from '../../flows/machine/patientMachine.js';
import type { PatientContext } from '../../flows/machine/types.js';
import { loadContent } from '../../src/content.js';
import { persist, restore } from '../../src/engine/snapshot.js';

const content = loadContent();
const machine = createPatientMachine(content);
const input = { locale: 'en', timezone: 'Asia/Shanghai' } as const;

/** A screened patient's context, as after onboarding. */
function screened(extra: Partial<PatientContext> = {}): PatientContext {
  const base = initialContext(input, content.thresholds);
  return {
    ...base,
    profile: { ...base.profile, age: 30, cleared: true, lastUseAt: 0, baselineCraving: 4 },
    ...extra,
  };
}

const stored = (value: unknown, context: PatientContext) =>
  restore(machine, { value, context }, FLOW_VERSION, input, content.thresholds);

describe('stored snapshots and the interruption region', () => {
  it('store the conversation state alone, as before the region was drawn', () => {
    const { snapshot } = stored({ active: 'idle' }, screened());
    expect(snapshot?.value).toEqual({ flow: { active: 'idle' }, interruption: 'none' });
    expect(persist(snapshot!).value).toEqual({ active: 'idle' });
  });

  it('come back with the overlay question that was open, and the question behind it', () => {
    const checkinMood = {
      id: '4',
      field: 'mood' as const,
      kind: 'scale' as const,
      prompt: { key: 'checkin.mood' },
      options: [],
    };
    const confirm = {
      id: '5',
      field: 'deleteConfirm' as const,
      kind: 'yesno' as const,
      prompt: { key: 'delete.confirm' },
      options: [],
    };
    const context = screened({ seq: 5, ask: confirm, saved: checkinMood, checkin: { day: '2026-03-02' } });
    const { snapshot, recovered } = stored({ active: { checkin: 'mood' } }, context);
    expect(recovered).toBe(false);
    expect(snapshot?.value).toEqual({ flow: { active: { checkin: 'mood' } }, interruption: 'deleteConfirm' });
  });

  it('read a session stored as completed with step -1 as completed', () => {
    const context = screened({ session: { id: 'breathing5', step: -1, before: 7 } });
    const { snapshot } = stored({ active: 'after' }, context);
    expect(snapshot?.context.session).toEqual({ id: 'breathing5', step: 0, before: 7, completed: true });
  });
});

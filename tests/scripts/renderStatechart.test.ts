/**
 * docs/statechart.md is drawn from the patient machine's definition (`npm run statechart`) and stays
 * what the machine is: a change to a state, a transition, a guard or an action fails here until the
 * diagrams are drawn again. And the definition is one a diagram can draw: every guard and action
 * named in `setup()`, none an inline closure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPatientMachine } from '../../flows/machine/patientMachine.js';
import { STATECHART_FILE, statechartMarkdown } from '../../scripts/renderStatechart.js';
import { loadContent } from '../../src/content.js';

const machine = createPatientMachine(loadContent());

/** A state node, as far as these checks read it. */
interface Node {
  id: string;
  states: Record<string, Node>;
  entry: unknown[];
  exit: unknown[];
  transitions: Map<string, { guard?: unknown; actions: unknown[] }[]>;
  always?: { guard?: unknown; actions: unknown[] }[];
}

function* nodes(node: Node): Generator<Node> {
  yield node;
  for (const child of Object.values(node.states)) yield* nodes(child);
}

/** A guard reference: a name, a name with parameters, or and/or/not over those. */
function namedGuard(guard: unknown): boolean {
  if (typeof guard === 'string') return true;
  if (typeof guard === 'function') {
    const inner = (guard as { guards?: unknown[] }).guards;
    return Array.isArray(inner) && inner.every(namedGuard);
  }
  return typeof (guard as { type?: unknown })?.type === 'string';
}

/** An action reference: a name, or a name with parameters. */
const namedAction = (action: unknown) =>
  typeof action === 'string' || typeof (action as { type?: unknown })?.type === 'string';

describe('the statechart', () => {
  it('in docs/statechart.md is the machine as it is (run `npm run statechart` after changing it)', () => {
    expect(readFileSync(STATECHART_FILE, 'utf8')).toBe(statechartMarkdown(machine));
  });

  it('draws both regions: the conversation and the interruptions', () => {
    const doc = statechartMarkdown(machine);
    expect(doc).toContain('## Region `flow`');
    expect(doc).toContain('## Region `interruption`');
    for (const overlay of ['resume', 'deleteConfirm', 'language', 'pauseDays', 'lapseConfirm', 'riskCheck'])
      expect(doc).toContain(`changed --> ${overlay} : [interruptionIs(${overlay})]`);
  });

  it('has every guard and action named, none an inline closure', () => {
    const unnamed: string[] = [];
    for (const node of nodes(machine.root as unknown as Node)) {
      for (const a of [...node.entry, ...node.exit])
        if (!namedAction(a)) unnamed.push(`${node.id} entry/exit`);
      const transitions = [...[...node.transitions.values()].flat(), ...(node.always ?? [])];
      for (const t of transitions) {
        if (t.guard !== undefined && !namedGuard(t.guard)) unnamed.push(`${node.id} guard`);
        for (const a of t.actions) if (!namedAction(a)) unnamed.push(`${node.id} action`);
      }
    }
    expect(unnamed).toEqual([]);
  });

  it('is typed without `as never` in the machine', () => {
    const dir = join(import.meta.dirname, '..', '..', 'flows', 'machine');
    const casts = readdirSync(dir).filter((f) => readFileSync(join(dir, f), 'utf8').includes('as never'));
    expect(casts).toEqual([]);
  });
});

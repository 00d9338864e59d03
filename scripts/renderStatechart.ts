/**
 * `npm run statechart`: draws the patient machine as Mermaid state diagrams, one per parallel region
 * (the conversation and the interruptions), from the machine definition itself (`machine.root`), and
 * writes `docs/statechart.md`. tests/scripts/renderStatechart.test.ts fails when that file is stale.
 *
 * Transitions that change state are drawn as arrows, labelled `EVENT [guard] / actions`; what a state
 * does on entry is written in its box; transitions that change no state (a message and the question
 * again, a setting) are listed in a table under each diagram.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { and, not, or } from 'xstate';
import { createPatientMachine, type PatientMachine } from '../flows/machine/patientMachine.js';
import { loadContent } from '../src/content.js';

/** Where the diagrams go. */
export const STATECHART_FILE = fileURLToPath(new URL('../docs/statechart.md', import.meta.url));

/** A state node as the definition gives it (the parts the diagram reads). */
interface Node {
  key: string;
  path: string[];
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  description?: string;
  states: Record<string, Node>;
  entry: unknown[];
  initial?: { target: Node[] };
  transitions: Map<string, Transition[]>;
  always?: Transition[];
}

/** A transition as the definition gives it. */
interface Transition {
  eventType: string;
  guard?: unknown;
  target?: Node[];
  actions: unknown[];
  reenter: boolean;
}

/** XState's guard combinators, told apart by their check. */
const checkOf = (combinator: unknown) => (combinator as { check: unknown }).check;
const AND = checkOf(and([]));
const OR = checkOf(or([]));
const NOT = checkOf(not('x'));

/** A parameter value, short: strings as they are, lists joined, a flag by its name (`park=true`). */
function short(value: unknown, key?: string): string {
  if (Array.isArray(value)) return value.map((v) => short(v)).join(' ');
  if (value !== null && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => short(v, k))
      .join(', ');
  if (typeof value === 'boolean' && key && key !== 'value') return `${key}=${value}`;
  return String(value);
}

/** A named guard or action with its parameters: `isCommand(help)`, `say(common.edited)`. */
function named(ref: unknown): string {
  if (typeof ref === 'string') return ref;
  const { type, params } = ref as { type: string; params?: unknown };
  if (params === undefined) return type;
  // A question's parameters are the whole question: its field says which.
  if (type === 'ask' || type === 'overlay') return `${type}(${(params as { field: string }).field})`;
  if (type === 'say') return `say(${(params as { key: string }).key})`;
  const shown = short(params);
  return shown ? `${type}(${shown})` : type;
}

/** A guard, combinators spelt out. */
function guardText(guard: unknown): string {
  if (typeof guard === 'function') {
    const g = guard as { check?: unknown; guards?: unknown[] };
    const parts = (g.guards ?? []).map(guardText);
    if (g.check === AND) return parts.join(' and ');
    if (g.check === OR) return parts.join(' or ');
    if (g.check === NOT) return `not ${parts[0]}`;
    throw new Error('A guard in the machine configuration is a closure: name it in flows/machine/guards.ts.');
  }
  return named(guard);
}

/** An action list. */
const actionsText = (actions: unknown[]) => actions.map(named).join(', ');

/** The event of a transition as a reader says it. */
function eventText(eventType: string): string {
  if (eventType.startsWith('xstate.done.state.')) return 'done';
  return eventType;
}

/** A transition's label: `EVENT [guard] / actions` (no event for an eventless one). */
function label(t: Transition, eventless: boolean): string {
  const parts = [
    eventless ? '' : eventText(t.eventType),
    t.guard ? `[${guardText(t.guard)}]` : '',
    t.actions.length ? `/ ${actionsText(t.actions)}` : '',
  ].filter(Boolean);
  return parts.join(' ');
}

/** A choice: a state that is only left, by its eventless transitions, the last without a guard. */
const isChoice = (node: Node) =>
  node.type === 'atomic' &&
  node.transitions.size === 0 &&
  node.entry.length === 0 &&
  (node.always?.length ?? 0) > 1 &&
  !node.always?.at(-1)?.guard;

/** The diagram's id for a node: its path below the region, joined. */
const idOf = (node: Node, depth: number) => node.path.slice(depth).join('_');

/** Mermaid cannot take these in a label; they never matter to a reader. */
const safe = (text: string) => text.replace(/;/g, ',').replace(/[{}#]/g, ' ').replace(/\s+/g, ' ').trim();

/** One region as a Mermaid state diagram, and its transitions that change no state. */
function renderRegion(region: Node): { mermaid: string; stays: string[][] } {
  const depth = region.path.length;
  const lines: string[] = ['stateDiagram-v2'];
  const edges: string[] = [];
  const stays: string[][] = [];
  const transitionsOf = (node: Node) => {
    const id = node === region ? '' : idOf(node, depth);
    const where = node === region ? `anywhere in ${region.key}` : node.path.slice(depth).join('.');
    const all = [...node.transitions.values()].flat().map((t) => ({ t, eventless: false }));
    for (const t of node.always ?? []) all.push({ t, eventless: true });
    for (const { t, eventless } of all) {
      const targets = t.target ?? [];
      if (targets.length === 0) {
        stays.push([
          where,
          eventless ? '(always)' : eventText(t.eventType),
          t.guard ? guardText(t.guard) : '',
          actionsText(t.actions),
        ]);
        continue;
      }
      for (const target of targets) {
        const from = id || '[*]';
        const text = safe(label(t, eventless));
        edges.push(`  ${from} --> ${idOf(target, depth)}${text ? ` : ${text}` : ''}`);
      }
    }
  };
  const renderNode = (node: Node, indent: string) => {
    const id = idOf(node, depth);
    const children = Object.values(node.states);
    if (children.length > 0) {
      lines.push(`${indent}state ${id} {`);
      const initial = node.initial?.target[0];
      if (initial) lines.push(`${indent}  [*] --> ${idOf(initial, depth)}`);
      for (const child of children) renderNode(child, `${indent}  `);
      lines.push(`${indent}}`);
    } else if (isChoice(node)) {
      lines.push(`${indent}state ${id} <<choice>>`);
    } else {
      lines.push(`${indent}state "${node.key}" as ${id}`);
      if (node.type === 'final') edges.push(`  ${id} --> [*]`);
    }
    if (!isChoice(node)) {
      if (node.entry.length) lines.push(`${indent}${id} : entry / ${safe(actionsText(node.entry))}`);
      if (node.description) lines.push(`${indent}${id} : ${safe(node.description)}`);
    }
    transitionsOf(node);
  };
  const initial = region.initial?.target[0];
  if (initial) lines.push(`  [*] --> ${idOf(initial, depth)}`);
  for (const child of Object.values(region.states)) renderNode(child, '  ');
  transitionsOf(region);
  return { mermaid: [...lines, ...edges].join('\n'), stays };
}

/** A markdown table cell. */
const cell = (text: string) => (text ? text.replace(/\|/g, '\\|') : '–');

/** The whole of docs/statechart.md for a machine. */
export function statechartMarkdown(machine: PatientMachine): string {
  const root = machine.root as unknown as Node;
  const out: string[] = [
    '# The patient machine as a statechart',
    '',
    'Generated by `npm run statechart` (`scripts/renderStatechart.ts`) from the machine definition in',
    '`flows/machine/patientMachine.ts`: do not edit it by hand, run the script again.',
    '`tests/scripts/renderStatechart.test.ts` fails when this file no longer matches the machine.',
    '',
    'The machine has two parallel regions: `flow`, the conversation, and `interruption`, the overlay',
    'question open over it, if any. Every guard and action is named in `setup()`',
    '(`flows/machine/machineSetup.ts`; the guards in `flows/machine/guards.ts`), parameters in',
    'brackets. Arrows are labelled `EVENT [guard] / actions`; a box lists what its state does on entry.',
    'The transitions that change no state (a message and the question again, a setting, an alert)',
    'follow each diagram, in the order they are tried.',
  ];
  for (const region of Object.values(root.states)) {
    const { mermaid, stays } = renderRegion(region);
    out.push('', `## Region \`${region.key}\``, '');
    if (region.description) out.push(region.description, '');
    out.push('```mermaid', mermaid, '```');
    if (stays.length) {
      out.push('', `### \`${region.key}\`: transitions that change no state`, '');
      out.push('| Where | Event | Guard | Actions |', '| --- | --- | --- | --- |');
      for (const row of stays) out.push(`| ${row.map(cell).join(' | ')} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Writes docs/statechart.md for the shipped content. */
function main(): void {
  writeFileSync(STATECHART_FILE, statechartMarkdown(createPatientMachine(loadContent())));
  console.log(`wrote ${STATECHART_FILE}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();

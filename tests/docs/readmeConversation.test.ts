/**
 * The conversation the README shows is one the app really has: the same patient lines, driven
 * through the whole app (engine, flows, locales), give every sentence and button the README quotes,
 * in order. A change of wording or behaviour that makes the README wrong fails here.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/engine/types.js';
import { Harness, onboard } from '../support/patientHarness.js';

const ROOT = resolve(import.meta.dirname, '..', '..');

interface Turn {
  who: 'Patient' | 'Dongyu';
  text: string;
}

/** The README's example: the text block under "What it looks like", as turns. */
function readmeConversation(): Turn[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('## What it looks like')[1]!;
  const block = section.split('```text\n')[1]!.split('\n```')[0]!;
  const turns: Turn[] = [];
  for (const line of block.split('\n')) {
    const start = /^(Patient|Dongyu)\s+(.*)$/.exec(line);
    if (start) turns.push({ who: start[1] as Turn['who'], text: start[2]! });
    else turns.at(-1)!.text += ` ${line.trim()}`;
  }
  return turns;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

let h: Harness;
afterEach(() => h?.close());

describe("the README's example conversation", () => {
  it('is what the app says, sentence by sentence and button by button', async () => {
    const turns = readmeConversation();
    expect(turns.filter((t) => t.who === 'Patient').map((t) => t.text)).toEqual([
      'I really want to use right now',
      '8',
      '(taps 5-min paced breathing)',
      '3',
    ]);

    h = await Harness.create();
    // Late in the evening in Shanghai: only indoor mind-body sessions are offered.
    h.clock.set(DateTime.fromISO('2026-03-02T22:10:00', { zone: 'Asia/Shanghai' }).toMillis());
    const p = h.patient('readme-example', 'en');
    await onboard(p, { days: 45, craving: 4 });
    const before = p.inbox.length;
    await p.say('I really want to use right now');
    await p.say('8');
    await p.press('breathing5');
    await p.press('next');
    await p.press('next');
    await p.say('3');
    const said: OutboundMessage[] = p.inbox.slice(before);
    const transcript = squash(said.map((m) => m.text).join(' '));
    const labels = new Set(said.flatMap((m) => m.buttons?.map((b) => b.label) ?? []));

    let from = 0;
    for (const turn of turns.filter((t) => t.who === 'Dongyu')) {
      for (const [, label] of turn.text.matchAll(/\[([^\]]+)\]/g))
        if (label !== '…') expect(labels, `button [${label}]`).toContain(label);
      const prose = turn.text.replace(/\[[^\]]*\]/g, ' ');
      for (const piece of prose.split('…').map(squash).filter(Boolean)) {
        const at = transcript.indexOf(piece, from);
        expect(
          at,
          `"${piece}" said by the app, after what the README quotes before it`,
        ).toBeGreaterThanOrEqual(0);
        from = at + piece.length;
      }
    }
  });
});

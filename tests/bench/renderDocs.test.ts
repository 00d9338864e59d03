/**
 * The benchmark figures in docs/benchmarks.md are generated from bench/results.json and
 * bench/history.json (`npm run docs:bench`), never typed by hand: the page must hold exactly what
 * the script would write now, and the script must take every figure from the files.
 */
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HISTORY_FILE, historyRow, keepInHistory, readHistory } from '../../bench/history.js';
import {
  BEGIN,
  DOCS_FILE,
  END,
  RESULTS_FILE,
  renderBenchmarkBlock,
  renderedPage,
  withBlock,
} from '../../bench/renderDocs.js';
import type { BenchResults } from '../../bench/report.js';

const latest = () => JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as BenchResults;

describe('docs/benchmarks.md', () => {
  it('holds the figures npm run docs:bench writes from bench/results.json and bench/history.json', () => {
    const page = readFileSync(DOCS_FILE, 'utf8');
    expect(page).toContain(BEGIN);
    expect(page).toContain(END);
    // Stale? Run `npm run docs:bench` and commit docs/benchmarks.md.
    expect(page).toBe(renderedPage(page));
  });
});

describe('the generated block', () => {
  it('takes every figure from the results: a changed run changes the page, and a missed target says so', () => {
    const r = latest();
    const worse: BenchResults = {
      ...r,
      machine: { ...r.machine, commit: 'abc1234' },
      turnCost: { ...r.turnCost!, fullStackVsEcho: { ratio: 0.312, target: 0.4, met: false } },
      storage: { ...r.storage!, bytesPerPatient: 5000, met: false },
    };
    const block = renderBenchmarkBlock(worse, readHistory());
    expect(block).toContain('Missed: turn cost, storage.');
    expect(block).toContain('| **0.31** | ≥ 0.40 | **missed** |');
    expect(block).toContain('**5000 B**');
    expect(block).toContain('`abc1234`');
    expect(block).not.toBe(renderBenchmarkBlock(r, readHistory()));
  });

  it('shows every earlier run of the history, oldest first, then the latest', () => {
    const history = readHistory();
    const block = renderBenchmarkBlock(latest(), history).split('### Full runs')[1]!.split('### ')[0]!;
    const commits = [...history.fullRuns.map((run) => run.commit), latest().machine.commit];
    const at = commits.map((c) => block.indexOf(`\`${c}\``));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('replaces only what is between the markers, and asks for them when they are missing', () => {
    const page = `intro\n${BEGIN}\nold figures\n${END}\noutro\n`;
    expect(withBlock(page, 'new figures')).toBe(`intro\n${BEGIN}\nnew figures\n${END}\noutro\n`);
    expect(() => withBlock('no markers', 'x')).toThrow(/bench:begin/);
  });
});

describe('the history', () => {
  it('keeps the run a full bench replaces, once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dongyu-history-'));
    const file = join(dir, 'history.json');
    copyFileSync(HISTORY_FILE, file);
    const before = readHistory(file).fullRuns.length;
    const replaced = { ...latest(), machine: { ...latest().machine, commit: 'fed4321' } };
    keepInHistory(replaced, file);
    keepInHistory(replaced, file);
    const runs = readHistory(file).fullRuns;
    expect(runs).toHaveLength(before + 1);
    expect(runs.at(-1)).toEqual(historyRow(replaced));
    expect(runs.at(-1)).toMatchObject({ commit: 'fed4321', storageBytes: latest().storage!.bytesPerPatient });
  });
});

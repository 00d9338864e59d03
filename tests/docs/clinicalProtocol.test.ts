/**
 * docs/clinical-protocol.md is what clinicians review, and flows/content/ is what runs: the tables
 * of the page must say what the data says. A clinician who changes a number in flows/content/ is
 * told here which table of the page to change with it.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content.js';
import { proseLines } from './markdown.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const page = readFileSync(join(ROOT, 'docs', 'clinical-protocol.md'), 'utf8');
const content = loadContent();
const safety = JSON.parse(readFileSync(join(ROOT, 'locales', 'en', 'safety.json'), 'utf8')) as {
  numbers: Record<string, string[]>;
  emergency: Record<string, string>;
};

/** The rows of the table whose header row starts with `first`, as cells. */
function table(first: string): string[][] {
  const lines = proseLines(page).map((l) => l.text);
  const start = lines.findIndex((l) => l.startsWith(`| ${first} |`));
  expect(start, `a table headed "${first}" in docs/clinical-protocol.md`).toBeGreaterThanOrEqual(0);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
  }
  return rows;
}

/** A value of thresholds.json by its path in the page (`rising.atLeast`, `stages[].maxDaysSinceUse`). */
function threshold(path: string): string {
  const t = content.thresholds as unknown as Record<string, unknown>;
  if (path === 'stages[].maxDaysSinceUse')
    return content.thresholds.stages.map((s) => s.maxDaysSinceUse ?? 'none').join(', ');
  if (path === 'phq9Bands') return content.thresholds.phq9Bands.map((b) => b.from).join(', ');
  const value = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], t);
  return String(value);
}

/** Every leaf of thresholds.json, as the page names it. */
function thresholdPaths(): string[] {
  const out: string[] = ['stages[].maxDaysSinceUse', 'phq9Bands'];
  const walk = (o: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      if (k.startsWith('$') || k === 'stages' || k === 'phq9Bands') continue;
      if (v !== null && typeof v === 'object') walk(v as Record<string, unknown>, `${prefix}${k}.`);
      else out.push(`${prefix}${k}`);
    }
  };
  walk(content.thresholds as unknown as Record<string, unknown>, '');
  return out;
}

describe('docs/clinical-protocol.md agrees with flows/content/', () => {
  it('"Thresholds at a glance" gives every number of thresholds.json, as it is', () => {
    const documented = new Map<string, string>();
    for (const [keys, defaults] of table('key')) {
      const names = [...keys!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      const values = names.length === 1 ? [defaults!] : defaults!.split(',').map((v) => v.trim());
      names.forEach((name, i) => {
        documented.set(name, values[i]!);
      });
    }
    const wrong = thresholdPaths()
      .filter((path) => documented.get(path) !== threshold(path))
      .map(
        (path) =>
          `${path}: the page says ${documented.get(path) ?? 'nothing'}, thresholds.json ${threshold(path)}`,
      );
    expect(wrong).toEqual([]);
  });

  it('the stage table has the days of each stage', () => {
    const [acute, early] = content.thresholds.stages.map((s) => s.maxDaysSinceUse!);
    expect(table('stage').map((row) => row[2])).toEqual([
      `0–${acute}`,
      `${acute! + 1}–${early}`,
      `${early! + 1} and more`,
    ]);
  });

  it('the prescription table has each plan’s minutes and heart-rate range', () => {
    const plans = content.prescriptions.plans;
    const rows = table('plan');
    const order = [plans.acute, plans.early, plans.maintenance, plans.notCleared];
    expect(rows.map((row) => row[3])).toEqual(order.map((p) => `${p.minutes[0]}–${p.minutes[1]} min`));
    order.forEach((plan, i) => {
      if (plan.heartRate)
        expect(rows[i]![2]).toContain(`${plan.heartRate[0] * 100}–${plan.heartRate[1] * 100}% of HRmax`);
    });
    expect(page).toContain(`HRmax ≈ ${content.prescriptions.hrMaxFromAge} − age`);
  });

  it('the session catalogue has every session with its minutes and steps', () => {
    const rows = table('session');
    expect(rows).toHaveLength(content.sessions.sessions.length);
    content.sessions.sessions.forEach((s, i) => {
      const steps = new Set(s.steps.map((step) => step.seconds));
      expect(rows[i]![2], s.id).toBe(String(s.minutes));
      expect(rows[i]![3], s.id).toBe(`${s.steps.length} × ${[...steps].join(', ')} s`);
      expect(rows[i]![4], s.id).toBe(s.light ? 'yes' : 'no');
    });
    const { perPointOfDrop, likedModality, tried } = content.sessions.ranking;
    expect(page).toContain(`scores ${perPointOfDrop} points per point of craving`);
    expect(page).toContain(`${likedModality} if the patient likes its kind`);
    expect(page).toContain(`${tried} if they have tried it`);
  });

  it('the escalation table has every trigger of escalation.json at its level', () => {
    const rows = table('level');
    const { levels, triggers } = content.escalation;
    const wrong = triggers
      .filter((t) => {
        const row = rows.find((r) => r[1]!.includes(`(\`${t.reason}\`)`));
        return !row || row[0] !== `${levels[t.level].icon} ${t.level}`;
      })
      .map((t) => `${t.reason} (${t.level})`);
    expect(wrong).toEqual([]);
  });

  it('the crisis-line table has the numbers the patients are given', () => {
    const rows = table('region (time zones)');
    const regions = ['CN', 'HK', 'TW', 'US', 'UK', 'EU'];
    regions.forEach((region, i) => {
      const given = [...safety.numbers[region]!, safety.emergency[region]!].join(' ');
      const numbers = given.match(/\d[\d ]*\d|\d/g)!.map((n) => n.trim());
      const row = rows[i]!.join(' ');
      for (const n of numbers) expect(row, `${region} gives ${n}`).toContain(n);
    });
  });
});

/**
 * `npm run docs:chart`: draws the progress charts the README and docs show, with the project's own
 * chart renderer (`src/charts/`), from an invented patient's two weeks: cravings easing from 7 to 3,
 * mood lifting, exercise of all three kinds, four rescue sessions and one missed day. Writes
 * `docs/images/progress-en.png` and `docs/images/progress-zh-CN.png`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import type { HistoryEntry, Modality } from '../flows/history.js';
import { buildProgressChart } from '../src/charts/progressChart.js';
import { renderPng } from '../src/charts/render.js';
import type { Locale } from '../src/engine/types.js';
import { I18n } from '../src/i18n.js';

/** The example patient's zone. */
export const EXAMPLE_TIMEZONE = 'Asia/Shanghai';
/** "Now" for the example: Sunday 2026-03-15, 21:30 in Shanghai, after the day's check-in. */
export const EXAMPLE_NOW = DateTime.fromISO('2026-03-15T21:30:00', { zone: EXAMPLE_TIMEZONE }).toMillis();
/** Where the images go, by locale. */
export const EXAMPLE_IMAGES: Record<Locale, string> = {
  en: fileURLToPath(new URL('../docs/images/progress-en.png', import.meta.url)),
  'zh-CN': fileURLToPath(new URL('../docs/images/progress-zh-CN.png', import.meta.url)),
};

const at = (day: string, time: string) =>
  DateTime.fromISO(`${day}T${time}:00`, { zone: EXAMPLE_TIMEZONE }).toMillis();

/** One day of the example: the check-in (or none: missed), and any rescue sessions. */
interface ExampleDay {
  day: string;
  checkin?: { craving: number; peak: number; mood: number; minutes: number; kind?: Modality };
  sessions?: { time: string; modality: Modality; minutes: number; before: number; after: number }[];
}

const DAYS: ExampleDay[] = [
  { day: '2026-03-02', checkin: { craving: 7, peak: 9, mood: 3, minutes: 0 } },
  {
    day: '2026-03-03',
    checkin: { craving: 6, peak: 8, mood: 3, minutes: 10, kind: 'mindbody' },
    sessions: [{ time: '16:10', modality: 'mindbody', minutes: 5, before: 8, after: 5 }],
  },
  { day: '2026-03-04', checkin: { craving: 6, peak: 7, mood: 4, minutes: 20, kind: 'aerobic' } },
  { day: '2026-03-05', checkin: { craving: 5, peak: 7, mood: 4, minutes: 15, kind: 'mindbody' } },
  { day: '2026-03-06' },
  {
    day: '2026-03-07',
    checkin: { craving: 5, peak: 8, mood: 4, minutes: 30, kind: 'aerobic' },
    sessions: [{ time: '11:40', modality: 'aerobic', minutes: 15, before: 8, after: 4 }],
  },
  { day: '2026-03-08', checkin: { craving: 4, peak: 6, mood: 5, minutes: 25, kind: 'resistance' } },
  { day: '2026-03-09', checkin: { craving: 4, peak: 6, mood: 5, minutes: 30, kind: 'aerobic' } },
  {
    day: '2026-03-10',
    checkin: { craving: 4, peak: 7, mood: 5, minutes: 20, kind: 'mindbody' },
    sessions: [{ time: '22:15', modality: 'mindbody', minutes: 12, before: 7, after: 3 }],
  },
  { day: '2026-03-11', checkin: { craving: 3, peak: 5, mood: 6, minutes: 40, kind: 'resistance' } },
  { day: '2026-03-12', checkin: { craving: 3, peak: 5, mood: 6, minutes: 30, kind: 'aerobic' } },
  {
    day: '2026-03-13',
    checkin: { craving: 3, peak: 6, mood: 6, minutes: 35, kind: 'aerobic' },
    sessions: [{ time: '18:30', modality: 'aerobic', minutes: 15, before: 6, after: 2 }],
  },
  { day: '2026-03-14', checkin: { craving: 2, peak: 4, mood: 7, minutes: 45, kind: 'resistance' } },
  { day: '2026-03-15', checkin: { craving: 3, peak: 4, mood: 7, minutes: 30, kind: 'mindbody' } },
];

/** The example's history, as the flows would have recorded it. */
export function exampleHistory(): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  for (const d of DAYS) {
    for (const s of d.sessions ?? []) {
      entries.push({ t: 'craving', at: at(d.day, s.time), value: s.before, source: 'report' });
      entries.push({
        t: 'session',
        at: at(d.day, s.time),
        sessionId: `${s.modality}-${d.day}`,
        modality: s.modality,
        minutes: s.minutes,
        before: s.before,
        after: s.after,
        completed: true,
      });
    }
    const c = d.checkin;
    if (!c) {
      entries.push({ t: 'missed', at: at(d.day, '23:59'), day: d.day });
      continue;
    }
    entries.push({
      t: 'checkin',
      at: at(d.day, '21:05'),
      day: d.day,
      craving: c.craving,
      peak: c.peak,
      mood: c.mood,
      sleep: c.mood >= 5 ? 'good' : 'ok',
      exerciseMin: c.minutes,
      ...(c.kind ? { exerciseType: c.kind } : {}),
      use: false,
    });
  }
  return entries.sort((a, b) => a.at - b.at);
}

/** The example chart as SVG, in `locale`, as `/progress` draws it for the patient. */
export function exampleChartSvg(locale: Locale, i18n = new I18n()): string {
  return buildProgressChart(exampleHistory(), {
    i18n,
    locale,
    days: 14,
    now: EXAMPLE_NOW,
    timezone: EXAMPLE_TIMEZONE,
  });
}

async function main(): Promise<void> {
  const i18n = new I18n();
  for (const [locale, file] of Object.entries(EXAMPLE_IMAGES) as [Locale, string][]) {
    mkdirSync(fileURLToPath(new URL('../docs/images/', import.meta.url)), { recursive: true });
    writeFileSync(file, await renderPng(exampleChartSvg(locale, i18n)));
    process.stdout.write(`${file}\n`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `Could not draw the example chart: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    process.exit(1);
  });
}

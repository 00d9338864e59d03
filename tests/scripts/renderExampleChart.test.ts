/**
 * The progress charts the README and docs show are drawn by the project's own renderer
 * (`npm run docs:chart`), and stay what it draws now: a chart or locale change that alters them
 * fails here until the images are drawn again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_IMAGES,
  EXAMPLE_NOW,
  EXAMPLE_TIMEZONE,
  exampleChartSvg,
  exampleHistory,
} from '../../scripts/renderExampleChart.js';
import { CHART_HEIGHT, CHART_WIDTH } from '../../src/charts/progressChart.js';
import { rasterize } from '../../src/charts/render.js';
import { buildProgressSeries } from '../../src/charts/series.js';
import type { Locale } from '../../src/engine/types.js';
import { decodePng, differing } from '../charts/png.js';

/** The committed PNG's pixels, read back through the renderer (an SVG holding just the image). */
async function committedPixels(file: string): Promise<Uint8Array> {
  const png = readFileSync(file).toString('base64');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}">` +
    `<image width="${CHART_WIDTH}" height="${CHART_HEIGHT}" href="data:image/png;base64,${png}"/></svg>`;
  return (await rasterize(svg)).pixels;
}

const whole = { x: 0, y: 0, w: CHART_WIDTH, h: CHART_HEIGHT };

describe('the example progress chart', () => {
  it('is two weeks with check-ins, a missed day, exercise of every kind and rated rescue sessions', () => {
    const series = buildProgressSeries(exampleHistory(), {
      days: 14,
      now: EXAMPLE_NOW,
      timezone: EXAMPLE_TIMEZONE,
    });
    expect(series.days).toHaveLength(14);
    expect(series.days.filter((d) => !d.hasData)).toHaveLength(1);
    expect(series.sessions.every((s) => s.after !== null && s.after < s.before)).toBe(true);
    const kinds = series.days.flatMap((d) =>
      Object.entries(d.exercise)
        .filter(([, minutes]) => minutes > 0)
        .map(([kind]) => kind),
    );
    expect([...new Set(kinds)].sort()).toEqual(['aerobic', 'mindbody', 'resistance']);
  });

  it.each(['en', 'zh-CN'] as const)(
    'in docs/images (%s) is what npm run docs:chart draws now',
    async (locale: Locale) => {
      const file = EXAMPLE_IMAGES[locale];
      const decoded = decodePng(readFileSync(file));
      expect(decoded).toMatchObject({ width: CHART_WIDTH, height: CHART_HEIGHT });
      const now = await rasterize(exampleChartSvg(locale));
      const changed = differing(now.pixels, CHART_WIDTH, whole, whole, await committedPixels(file));
      // More than a few anti-aliased pixels apart: run `npm run docs:chart` and commit docs/images.
      expect(changed).toBeLessThan((CHART_WIDTH * CHART_HEIGHT) / 1000);
    },
  );
});

import { describe, expect, it } from 'vitest';
import { buildProgressChart, CHART_HEIGHT, CHART_WIDTH } from '../../src/charts/progressChart.js';
import { ChartRenderError, rasterize, renderPng } from '../../src/charts/render.js';
import { I18n } from '../../src/i18n.js';
import { NOW, TZ, twoWeeks } from './fixtures.js';
import { bytesPerPixel, decodePng, ink } from './png.js';

const i18n = new I18n();

describe('rendering a chart to PNG', () => {
  it.each([
    ['en', 14],
    ['zh-CN', 30],
  ] as const)('gives a PNG that decodes, at the chart size (%s, %i days)', async (locale, days) => {
    const png = await renderPng(
      buildProgressChart(twoWeeks(), { i18n, locale, days, now: NOW, timezone: TZ }),
    );
    const decoded = decodePng(png);
    expect(decoded).toMatchObject({ width: CHART_WIDTH, height: CHART_HEIGHT, bitDepth: 8 });
    expect(decoded.chunks).toContain('IDAT');
    // Every scanline: one filter byte plus the row's pixels.
    expect(decoded.raw.length).toBe(CHART_HEIGHT * (1 + CHART_WIDTH * bytesPerPixel(decoded.colourType)));
  });

  it('draws something: the bars and lines leave ink in the plot', async () => {
    const svg = buildProgressChart(twoWeeks(), { i18n, locale: 'en', days: 14, now: NOW, timezone: TZ });
    const r = await rasterize(svg);
    expect(r.width).toBe(CHART_WIDTH);
    expect(ink(r.pixels, r.width, { x: 70, y: 176, w: 1100, h: 290 })).toBeGreaterThan(2000);
    expect(ink(r.pixels, r.width, { x: 70, y: 556, w: 1100, h: 150 })).toBeGreaterThan(10_000);
  });

  it('escapes text, so a title with markup characters still renders', async () => {
    const svg = buildProgressChart(twoWeeks(), {
      i18n,
      locale: 'en',
      days: 14,
      now: NOW,
      timezone: TZ,
      title: 'P-7F3K <b> & "co"',
    });
    expect(svg).toContain('P-7F3K &#60;b&#62; &#38; &#34;co&#34;');
    expect(decodePng(await renderPng(svg)).width).toBe(CHART_WIDTH);
  });

  it('reports a broken SVG as a ChartRenderError that says where the SVG comes from', async () => {
    await expect(renderPng('<svg')).rejects.toThrow(ChartRenderError);
    await expect(renderPng('<svg')).rejects.toThrow(/progressChart\.ts/);
  });
});

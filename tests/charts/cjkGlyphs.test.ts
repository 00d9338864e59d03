/**
 * Chinese must show real glyphs. A font without a character draws its .notdef box (or nothing),
 * so each test compares what was drawn with a render of a codepoint the font certainly lacks
 * (U+10FFFD, private use): identical pixels would mean a missing glyph.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProgressChart, CHART_WIDTH, escapeXml } from '../../src/charts/progressChart.js';
import { CHART_FONT_FAMILY, rasterize } from '../../src/charts/render.js';
import { I18n } from '../../src/i18n.js';
import { NOW, TZ, twoWeeks } from './fixtures.js';
import { differing, ink, type Rect } from './png.js';

const i18n = new I18n();
const MISSING = String.fromCodePoint(0x10fffd);
const TITLE_AREA: Rect = { x: 20, y: 14, w: 560, h: 48 };

describe('Chinese text in charts', () => {
  it('draws the zh-CN title with real glyphs, not missing-glyph boxes', async () => {
    const opts = { i18n, locale: 'zh-CN' as const, days: 14, now: NOW, timezone: TZ };
    const title = i18n.t('zh-CN', 'charts.title.patient', { days: 14 });
    expect(title).toMatch(/\p{Script=Han}/u);
    const real = await rasterize(buildProgressChart(twoWeeks(), opts));
    // The same chart with every Han character of the title replaced by a codepoint the font lacks.
    const boxed = await rasterize(
      buildProgressChart(twoWeeks(), { ...opts, title: title.replace(/\p{Script=Han}/gu, MISSING) }),
    );
    const drawn = ink(real.pixels, real.width, TITLE_AREA);
    expect(drawn).toBeGreaterThan(1500);
    // The boxes leave ink too; the real glyphs must look clearly different from them.
    expect(ink(boxed.pixels, boxed.width, TITLE_AREA)).toBeGreaterThan(0);
    expect(differing(real.pixels, CHART_WIDTH, TITLE_AREA, TITLE_AREA, boxed.pixels)).toBeGreaterThan(
      drawn / 3,
    );
  });

  it('has a glyph for every character of the Chinese chart texts', async () => {
    const catalogue = readFileSync(join(import.meta.dirname, '../../locales/zh-CN/charts.json'), 'utf8');
    const chars = [...new Set([...catalogue].filter((c) => c.codePointAt(0)! > 0x7f))];
    expect(chars.length).toBeGreaterThan(50);
    // One cell per character, plus two cells of codepoints the font lacks (the reference box and a control).
    const cells = [...chars, MISSING, String.fromCodePoint(0x10fffc)];
    const size = 40;
    const perRow = 25;
    const width = perRow * size;
    const height = Math.ceil(cells.length / perRow) * size;
    const cell = (i: number): Rect => ({
      x: (i % perRow) * size,
      y: Math.floor(i / perRow) * size,
      w: size,
      h: size,
    });
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="${CHART_FONT_FAMILY}">` +
      cells
        .map(
          (c, i) => `<text x="${cell(i).x + 4}" y="${cell(i).y + 30}" font-size="28">${escapeXml(c)}</text>`,
        )
        .join('') +
      '</svg>';
    const r = await rasterize(svg);
    const box = cell(cells.length - 2);
    // The control proves the comparison catches a missing glyph: two missing codepoints look the same.
    expect(ink(r.pixels, r.width, box)).toBeGreaterThan(0);
    expect(differing(r.pixels, r.width, cell(cells.length - 1), box)).toBe(0);
    const missing = chars.filter(
      (_c, i) => ink(r.pixels, r.width, cell(i)) === 0 || differing(r.pixels, r.width, cell(i), box) < 10,
    );
    expect(missing).toEqual([]);
  });
});

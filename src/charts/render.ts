/**
 * SVG → PNG on the server, without a browser: `@resvg/resvg-js` with the project's own CJK font
 * (Noto Sans SC from the npm package `@expo-google-fonts/noto-sans-sc`, TrueType, OFL-1.1). System
 * fonts are never loaded, so a chart looks the same on every machine and Chinese never depends on
 * what the host happens to have installed.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type ResvgRenderOptions, renderAsync } from '@resvg/resvg-js';

/** The font family charts name in their SVG (the family inside the font files). */
export const CHART_FONT_FAMILY = 'Noto Sans SC';

/** The npm package that ships the font. */
export const CHART_FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';

/** The font files charts use (regular and bold), as paths inside {@link CHART_FONT_PACKAGE}. */
export const CHART_FONT_FILES = ['400Regular/NotoSansSC_400Regular.ttf', '700Bold/NotoSansSC_700Bold.ttf'];

/** Thrown when the chart font cannot be found on disk. */
export class ChartFontMissingError extends Error {
  constructor(readonly file: string) {
    super(
      `Chart font ${CHART_FONT_PACKAGE}/${file} was not found. Run \`npm ci\` (it is a dependency in package.json) so charts can draw Chinese text.`,
    );
    this.name = 'ChartFontMissingError';
  }
}

/** Thrown when resvg cannot render a chart; `cause` holds resvg's error. */
export class ChartRenderError extends Error {
  constructor(cause: unknown) {
    super(
      `Rendering a chart SVG to PNG failed: ${(cause as Error)?.message ?? String(cause)}. The SVG is built by src/charts/progressChart.ts; check it is well-formed.`,
      {
        cause,
      },
    );
    this.name = 'ChartRenderError';
  }
}

let resolved: string[] | undefined;

/** Absolute paths of the chart font files. Throws {@link ChartFontMissingError} if one is missing. */
export function chartFontPaths(): string[] {
  if (resolved) return resolved;
  const require = createRequire(import.meta.url);
  const paths = CHART_FONT_FILES.map((f) => {
    let path: string;
    try {
      path = require.resolve(`${CHART_FONT_PACKAGE}/${f}`);
    } catch {
      throw new ChartFontMissingError(f);
    }
    if (!existsSync(path)) throw new ChartFontMissingError(f);
    return path;
  });
  resolved = paths;
  return paths;
}

/** resvg options: only our font files, our family as the default for every generic family. */
function options(): ResvgRenderOptions {
  return {
    font: {
      loadSystemFonts: false,
      fontFiles: chartFontPaths(),
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
      serifFamily: CHART_FONT_FAMILY,
      monospaceFamily: CHART_FONT_FAMILY,
    },
    fitTo: { mode: 'original' },
    background: '#ffffff',
    logLevel: 'off',
  };
}

/** A rendered image: size and RGBA pixels (row-major, 4 bytes per pixel). */
export interface Raster {
  width: number;
  height: number;
  pixels: Uint8Array;
  png: Uint8Array;
}

async function render(svg: string): Promise<Awaited<ReturnType<typeof renderAsync>>> {
  const opts = options();
  try {
    return await renderAsync(svg, opts);
  } catch (err) {
    throw new ChartRenderError(err);
  }
}

/**
 * Renders an SVG string to PNG bytes with the CJK font, off the main thread (resvg's async render).
 * Throws {@link ChartFontMissingError} or {@link ChartRenderError}.
 */
export async function renderPng(svg: string): Promise<Uint8Array> {
  return new Uint8Array((await render(svg)).asPng());
}

/** Like {@link renderPng}, also returning the RGBA pixels (for tests that look at what was drawn). */
export async function rasterize(svg: string): Promise<Raster> {
  const image = await render(svg);
  return {
    width: image.width,
    height: image.height,
    pixels: new Uint8Array(image.pixels),
    png: new Uint8Array(image.asPng()),
  };
}

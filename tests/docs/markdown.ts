/**
 * Just enough Markdown for the docs tests: the anchors GitHub gives a page's headings, and the
 * links a page makes, both outside fenced code blocks and inline code.
 */

/** The page's lines outside fenced code blocks (``` or ~~~), with their line numbers (1-based). */
export function proseLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | null = null;
  text.split('\n').forEach((line, i) => {
    const marker = /^\s*(```|~~~)/.exec(line)?.[1];
    if (marker && (fence === null || fence === marker)) {
      fence = fence === null ? marker : null;
      return;
    }
    if (fence === null) out.push({ line: i + 1, text: line });
  });
  return out;
}

/** The heading's text as GitHub renders it: links, code spans and emphasis markers removed. */
function renderedHeading(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/(\*\*|__|\*)/g, '')
    .replace(/<[^>]+>/g, '')
    .trim();
}

/**
 * GitHub's anchor for a heading (github-slugger): lower case, everything but letters, digits,
 * spaces, hyphens and underscores dropped, each space a hyphen.
 */
export function slug(heading: string): string {
  return renderedHeading(heading)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a page offers: its headings' slugs, a repeated one suffixed -1, -2 … as GitHub does. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const { text: line } of proseLines(text)) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (!heading) continue;
    const base = slug(heading);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** A link a page makes: its target as written, and the line it is on. */
export interface PageLink {
  target: string;
  line: number;
}

/** Inline links and images (`[text](target)`, `![alt](target)`) and autolinks, outside code. */
export function links(text: string): PageLink[] {
  const out: PageLink[] = [];
  for (const { line, text: raw } of proseLines(text)) {
    const prose = raw.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      out.push({ target: m[1]!, line });
    for (const m of prose.matchAll(/<((?:https?:|mailto:)[^>\s]+)>/g)) out.push({ target: m[1]!, line });
  }
  return out;
}

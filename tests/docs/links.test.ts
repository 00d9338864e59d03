/**
 * Every reference to the documentation resolves: a `docs/<page>.md#<section>` named in code, tests,
 * content or locales, and every relative link in the README and `docs/`, points to a file of the
 * repository and, with an anchor, to a heading of that page. Nothing refers to a file outside the
 * repository (the briefing a clone does not have).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchors, links } from './markdown.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Where references to the docs can be: everything the project writes, not what it installs. */
const SCANNED = ['src', 'flows', 'tests', 'locales', 'bench', 'scripts', 'docs', 'teams-app', '.ci'];
const ROOT_FILES = ['README.md', '.env.example', 'package.json'];
const TEXT = /\.(ts|mjs|js|json|jsonl|md|example)$|^run$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === '.git') return [];
    return statSync(path).isDirectory() ? walk(path) : TEXT.test(name) ? [path] : [];
  });
}

const files = [
  ...SCANNED.filter((d) => existsSync(join(ROOT, d))).flatMap((d) => walk(join(ROOT, d))),
  ...ROOT_FILES.map((f) => join(ROOT, f)).filter((f) => existsSync(f)),
];
const rel = (path: string) => relative(ROOT, path).split(sep).join('/');
const read = (path: string) => readFileSync(path, 'utf8');
const pages = files.filter((f) => f.endsWith('.md'));

const anchorCache = new Map<string, Set<string>>();
const anchorsOf = (path: string) => {
  if (!anchorCache.has(path)) anchorCache.set(path, anchors(read(path)));
  return anchorCache.get(path)!;
};

/** What is wrong with a reference to `target` (repository-relative) and `anchor`, or null. */
function problem(target: string, anchor: string | undefined): string | null {
  const path = join(ROOT, target);
  if (!resolve(path).startsWith(ROOT + sep) && resolve(path) !== ROOT) return 'points outside the repository';
  if (!existsSync(path)) return 'no such file';
  if (anchor === undefined || anchor === '') return null;
  if (!target.endsWith('.md')) return `has an anchor (#${anchor}) but is no Markdown page`;
  return anchorsOf(path).has(anchor) ? null : `has no heading for #${anchor}`;
}

describe('references to docs/ in code, tests, content and locales', () => {
  const refs = files
    .filter((f) => !f.endsWith('.md'))
    .flatMap((f) =>
      [...read(f).matchAll(/\bdocs\/([\w./-]+\.md)(?:#([a-z0-9-]+))?/g)].map((m) => ({
        from: rel(f),
        target: `docs/${m[1]}`,
        anchor: m[2],
      })),
    );

  it('are found (the scan itself works)', () => {
    expect(refs.length).toBeGreaterThan(50);
    expect(refs.some((r) => r.target === 'docs/clinical-protocol.md' && r.anchor === 'escalation')).toBe(
      true,
    );
  });

  it('each name a page that exists and a heading it has', () => {
    const broken = refs
      .map((r) => ({ ...r, problem: problem(r.target, r.anchor) }))
      .filter((r) => r.problem !== null)
      .map((r) => `${r.from}: ${r.target}${r.anchor ? `#${r.anchor}` : ''} ${r.problem}`);
    expect(broken).toEqual([]);
  });
});

describe('links in the README and docs/', () => {
  it('are found (the scan itself works)', () => {
    const readme = links(read(join(ROOT, 'README.md'))).map((l) => l.target);
    expect(readme).toContain('docs/clinical-protocol.md');
    expect(pages.map(rel)).toContain('docs/clinical-protocol.md');
  });

  it('each lead to a file of the repository, and to a heading when they name one', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const link of links(read(page))) {
        if (/^(https?:|mailto:)/.test(link.target)) continue;
        const [pathPart, anchor] = link.target.split('#') as [string, string | undefined];
        const target = pathPart === '' ? rel(page) : rel(resolve(dirname(page), decodeURI(pathPart)));
        const why = target.startsWith('..') ? 'points outside the repository' : problem(target, anchor);
        if (why) broken.push(`${rel(page)}:${link.line}: ${link.target} ${why}`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('files outside the repository', () => {
  // Spelled in pieces, so this file does not name them itself.
  const outside = [
    ['CLINICAL', '.md'],
    ['DIALOGUES', '.md'],
    ['STYLE', '.md'],
    ['..', '/shared'],
    ['seed-', 'abstract'],
  ].map((parts) => parts.join(''));

  it('are never referred to: a clone does not have them', () => {
    const found = files.flatMap((f) => {
      const text = read(f);
      return outside.filter((name) => text.includes(name)).map((name) => `${rel(f)}: ${name}`);
    });
    expect(found).toEqual([]);
  });
});

/**
 * What a PromQL expression refers to: the metric names it selects, the label names its selectors
 * match on, and the label names it groups by. Enough of PromQL for the expressions in
 * `deploy/prometheus/rules.yml` and `deploy/grafana/dongyu.json` (functions, aggregations, binary
 * operators, ranges, subqueries, offsets, Grafana's `$variables`), not a full parser: the syntax
 * itself is checked by promtool.
 */

/** The references found in one expression. */
export interface PromqlReferences {
  /** Metric names selected, e.g. `dongyu_turns_total`, `dongyu_turn_duration_seconds_bucket`. */
  metrics: string[];
  /** Per selector: its metric and the label names it matches on. */
  selectors: { metric: string; labels: string[] }[];
  /** Label names in `by (...)`, `without (...)`, `on (...)`, `ignoring (...)`, `group_left (...)`. */
  grouping: string[];
}

/** Words that are PromQL syntax, never metric names. */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'sum',
  'min',
  'max',
  'avg',
  'count',
  'stddev',
  'stdvar',
  'topk',
  'bottomk',
  'quantile',
  'count_values',
  'group',
  'inf',
  'nan',
]);

/** Finds the metric and label names `expr` refers to. */
export function promqlReferences(expr: string): PromqlReferences {
  // String literals go first: a label value may hold anything, including words and braces.
  let rest = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  const grouping: string[] = [];
  rest = rest.replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)/g, (_, _kw, names) => {
    grouping.push(
      ...String(names)
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    );
    return ' ';
  });
  // Ranges, subqueries and offsets hold durations (`5m`, `$__rate_interval`), not names.
  rest = rest.replace(/\[[^\]]*\]/g, ' ').replace(/\boffset\s+-?[\w$]+/g, ' ');
  const selectors: PromqlReferences['selectors'] = [];
  const metrics: string[] = [];
  const word = /(?<![\w.$])([a-zA-Z_:][\w:]*)\s*(\{[^}]*\})?(\s*\()?/g;
  for (const m of rest.matchAll(word)) {
    const [, name, matchers, call] = m;
    if (!name || call || KEYWORDS.has(name.toLowerCase())) continue;
    metrics.push(name);
    const labels = matchers
      ? [...matchers.matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1]!)
      : [];
    selectors.push({ metric: name, labels });
  }
  return { metrics, selectors, grouping };
}

/**
 * The `expr` values of a Prometheus rules file: one-line ones and `|` / `>` blocks. Only the form
 * rules files take (one key per line, blocks indented deeper than their key).
 */
export function ruleExpressions(yaml: string): string[] {
  const lines = yaml.split('\n');
  const exprs: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)(?:-\s+)?expr:\s*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const indent = m[1]!.length;
    const value = m[2]!.trim();
    if (!/^[|>][-+]?$/.test(value)) {
      exprs.push(value.replace(/^(['"])(.*)\1$/, '$2'));
      continue;
    }
    const block: string[] = [];
    while (i + 1 < lines.length && (lines[i + 1]!.trim() === '' || indentOf(lines[i + 1]!) > indent))
      block.push(lines[++i]!.trim());
    exprs.push(block.join('\n').trim());
  }
  return exprs;
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

/** The names of the alerts a rules file defines. */
export function alertNames(yaml: string): string[] {
  return [...yaml.matchAll(/^\s*-\s+alert:\s*(\S+)\s*$/gm)].map((m) => m[1]!);
}

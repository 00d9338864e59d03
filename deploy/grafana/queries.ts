/**
 * The PromQL of every panel and variable of the Grafana dashboard (`deploy/grafana/dongyu.json`),
 * with Grafana's own variables replaced so that Prometheus tools can parse them.
 *
 * `npx tsx deploy/grafana/queries.ts` prints them as a Prometheus rules file (one recording rule per
 * query), which CI checks with `promtool check rules` (Debian's prometheus package): a query that
 * does not parse fails CI. The test suite checks the metric names they use without promtool.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Dashboard {
  panels: { title: string; targets?: { expr: string }[] }[];
  templating: { list: { name: string; query?: unknown }[] };
}

/** Every query of the dashboard, named by where it is. */
export function dashboardExpressions(
  dashboard: Dashboard = JSON.parse(readFileSync(join(import.meta.dirname, 'dongyu.json'), 'utf8')),
): { panel: string; expr: string }[] {
  const exprs = dashboard.panels.flatMap((p) =>
    (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })),
  );
  const variableQueries = dashboard.templating.list.flatMap((v) => {
    const q = (v.query as { query?: string } | undefined)?.query;
    const inner = q && /^label_values\((\w+),/.exec(q)?.[1];
    return inner ? [{ panel: `variable ${v.name}`, expr: inner }] : [];
  });
  return [...exprs, ...variableQueries].map(({ panel, expr }) => ({
    panel,
    expr: expr.replaceAll('$__rate_interval', '5m').replaceAll('$instance', '.*'),
  }));
}

/** The queries as a rules file for `promtool check rules`. */
export function asRulesFile(queries: { expr: string }[]): string {
  const rules = queries
    .map(({ expr }, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(expr)}`)
    .join('\n');
  return `groups:\n  - name: dashboard\n    rules:\n${rules}\n`;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  process.stdout.write(asRulesFile(dashboardExpressions()));
}

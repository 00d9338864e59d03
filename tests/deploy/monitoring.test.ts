/**
 * The monitoring an operator loads (`deploy/prometheus/rules.yml`, `deploy/grafana/dongyu.json`)
 * refers only to metrics the app registers, with labels those metrics have: a rule on a name the
 * app never exports would stay silent forever. The dashboard's queries parse (promtool), and
 * every alert has a `promtool test rules` case in `deploy/prometheus/rules.test.yml`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { InProcessScheduler } from '../../src/scheduling/inProcessScheduler.js';
import { MemoryStore } from '../../src/store/memoryStore.js';
import { alertNames, promqlReferences, ruleExpressions } from './promqlReferences.js';

const root = join(import.meta.dirname, '..', '..');
const rulesYaml = readFileSync(join(root, 'deploy/prometheus/rules.yml'), 'utf8');
const rulesTests = readFileSync(join(root, 'deploy/prometheus/rules.test.yml'), 'utf8');
const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/dongyu.json'), 'utf8')) as Dashboard;

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: { expr: string; datasource?: { uid?: string } }[];
}
interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; query?: unknown }[] };
}

/** How every panel names its data source: the dashboard's `datasource` variable. */
const DATASOURCE_VARIABLE = ['$', '{datasource}'].join('');
/** Series Prometheus makes itself (not the app's): the scrape's `up`. */
const PROMETHEUS_SERIES = new Set(['up']);
/** Labels Prometheus adds to every scraped series. */
const TARGET_LABELS = ['job', 'instance'];

/** Every series name the app exports (histograms as their `_bucket`, `_sum`, `_count`) and its labels. */
async function exportedSeries(): Promise<Map<string, string[]>> {
  const clock = new ManualClock();
  const app = await createApp(loadConfig({ LOG_LEVEL: 'silent', PORT: '0' }), {
    clock,
    store: new MemoryStore(clock),
    scheduler: new InProcessScheduler(clock, undefined, { timer: false }),
    deliveryQueue: null,
    logger: createLogger('silent'),
  });
  const registry = app.metrics.registry;
  const series = new Map<string, string[]>();
  for (const metric of await registry.getMetricsAsJSON()) {
    const labels = [
      ...((registry.getSingleMetric(metric.name) as { labelNames?: string[] }).labelNames ?? []),
      ...TARGET_LABELS,
    ];
    series.set(metric.name, labels);
    if (String(metric.type) === 'histogram') {
      series.set(`${metric.name}_bucket`, [...labels, 'le']);
      series.set(`${metric.name}_sum`, labels);
      series.set(`${metric.name}_count`, labels);
    }
  }
  return series;
}

/** Every expression of the dashboard, with Grafana's variables given values PromQL accepts. */
function dashboardExpressions(): { panel: string; expr: string }[] {
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

describe('monitoring files refer only to what the app exports', () => {
  const sources = [
    ...ruleExpressions(rulesYaml).map((expr) => ({ where: 'rules.yml', expr })),
    ...dashboardExpressions().map(({ panel, expr }) => ({ where: `dongyu.json "${panel}"`, expr })),
  ];

  it('finds the expressions of every rule and panel', () => {
    expect(ruleExpressions(rulesYaml)).toHaveLength(alertNames(rulesYaml).length);
    expect(sources.length).toBeGreaterThan(30);
    for (const { expr } of sources) expect(promqlReferences(expr).metrics.length).toBeGreaterThan(0);
  });

  it('selects only metric names the app registers, on labels they have', async () => {
    const series = await exportedSeries();
    const problems: string[] = [];
    for (const { where, expr } of sources) {
      const refs = promqlReferences(expr);
      const known: string[] = [];
      for (const { metric, labels } of refs.selectors) {
        if (PROMETHEUS_SERIES.has(metric)) {
          known.push(...TARGET_LABELS);
          continue;
        }
        const has = series.get(metric);
        if (!has) {
          problems.push(`${where}: ${metric} is not a metric the app registers`);
          continue;
        }
        known.push(...has);
        for (const label of labels)
          if (!has.includes(label)) problems.push(`${where}: ${metric} has no label ${label}`);
      }
      for (const label of refs.grouping)
        if (!known.includes(label))
          problems.push(`${where}: grouping by ${label}, which no selected metric has`);
    }
    expect(problems).toEqual([]);
  });

  it('catches a misspelt metric or label (the check itself can fail)', async () => {
    const series = await exportedSeries();
    const refs = promqlReferences(
      'sum by (chanel) (rate(dongyu_delivery_retry_total{reason="rate_limited"}[5m]))',
    );
    expect(refs.metrics).toEqual(['dongyu_delivery_retry_total']);
    expect(series.has('dongyu_delivery_retry_total')).toBe(false);
    expect(refs.grouping).toEqual(['chanel']);
    expect(series.get('dongyu_delivery_retries_total')).not.toContain('chanel');
  });
});

describe('the dashboard', () => {
  it('has unique panel ids and takes its data source from the dashboard variable', () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels.filter((panel) => panel.type !== 'row')) {
      expect(p.datasource?.uid, p.title).toBe(DATASOURCE_VARIABLE);
      for (const t of p.targets ?? []) expect(t.datasource?.uid, p.title).toBe(DATASOURCE_VARIABLE);
    }
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(['datasource', 'instance']);
  });

  it("queries are valid PromQL (promtool parses each as a recording rule; Debian's prometheus package)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'dongyu-dashboard-'));
    try {
      const file = join(dir, 'dashboard-queries.yml');
      const rules = dashboardExpressions()
        .map(({ expr }, i) => `      - record: dashboard:query_${i}\n        expr: ${JSON.stringify(expr)}`)
        .join('\n');
      writeFileSync(file, `groups:\n  - name: dashboard\n    rules:\n${rules}\n`);
      const out = execFileSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
      expect(out).toContain(`SUCCESS: ${dashboardExpressions().length} rules found`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the alert rules', () => {
  it('every alert has a promtool unit test case', () => {
    const tested = new Set([...rulesTests.matchAll(/alertname:\s*(\S+)/g)].map((m) => m[1]));
    expect(alertNames(rulesYaml).filter((a) => !tested.has(a))).toEqual([]);
  });
});

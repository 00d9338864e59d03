/**
 * The monitoring an operator loads (`deploy/prometheus/rules.yml`, `deploy/grafana/dongyu.json`)
 * refers only to metrics the app registers, with labels those metrics have: a rule on a name the
 * app never exports would stay silent forever. (CI parses the dashboard's queries with promtool:
 * `deploy/grafana/queries.ts`.) Every alert has a `promtool test rules` case in `deploy/prometheus/rules.test.yml`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardExpressions } from '../../deploy/grafana/queries.js';
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
});

describe('the alert rules', () => {
  it('every alert has a promtool unit test case', () => {
    const tested = new Set([...rulesTests.matchAll(/alertname:\s*(\S+)/g)].map((m) => m[1]));
    expect(alertNames(rulesYaml).filter((a) => !tested.has(a))).toEqual([]);
  });
});

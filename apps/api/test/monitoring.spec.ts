import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { TEST_REDIS_URL, WORKSPACE, createTestDatabase, freePort, spawnApi, spawnWorker, type ChildApp, type TestDatabase } from '@gridops/server-testing';

/**
 * infra/monitoring (issue #16 part 2): the Prometheus config, the alert rules and the Grafana dashboard are linted by
 * promtool (Debian's `prometheus` package; .ci/run installs it), the alerts' own unit tests run, and every metric
 * the rules and the dashboard name is exported by the /metrics of a running api and worker — a renamed metric fails
 * here, not silently on the on-call person's screen.
 */

const MONITORING = path.join(WORKSPACE, 'infra/monitoring');
const RULES = path.join(MONITORING, 'gridops-alerts.yml');
const DASHBOARD = path.join(MONITORING, 'grafana/gridops-oncall.json');

function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? e.message}`, { cause: err });
  }
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: { expr: string }[];
  gridPos: { x: number; y: number; w: number; h: number };
}

const alertExprs = (): string[] => ((load(readFileSync(RULES, 'utf8')) as { groups: { rules: Rule[] }[] }).groups ?? []).flatMap((g) => g.rules.map((r) => r.expr));
const dashboard = () => JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { uid: string; panels: Panel[]; templating: { list: { name: string }[] } };
/** Grafana's own variables, given the values Prometheus would see, so promtool can parse the expression. */
const dashboardExprs = (): string[] => dashboard().panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr.replaceAll('$__rate_interval', '5m')));

const PROMQL_WORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan']);
/** The metric names a PromQL expression selects: identifiers that are neither functions, keywords, label names, durations nor strings. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values, regexes
    .replace(/\{[^}]*\}/g, '') // label matchers
    .replace(/\[[^\]]*\]/g, '') // range selectors
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ''); // label lists
  const names = new Set<string>();
  for (const m of bare.matchAll(/(?<![A-Za-z0-9_:.])[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = bare.slice((m.index ?? 0) + m[0].length).trimStart();
    if (after.startsWith('(')) continue; // a function: sum(, rate(, histogram_quantile(
    if (PROMQL_WORDS.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return [...names];
}

/** Every name a text exposition offers: each `# TYPE` family, and a histogram's _bucket/_sum/_count series. */
function exportedNames(exposition: string): Set<string> {
  const out = new Set<string>();
  for (const m of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    out.add(m[1]);
    if (m[2] === 'histogram' || m[2] === 'summary') for (const s of ['_bucket', '_sum', '_count']) out.add(`${m[1]}${s}`);
  }
  return out;
}

describe('infra/monitoring: scrape config, alert rules and the on-call dashboard', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'gridops-monitoring-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('promtool accepts the scrape config with its rule file (the bearer token file in place) and the rules', () => {
    // the config names the token file where the Prometheus container mounts it; here it points at a scratch copy
    const token = path.join(dir, 'gridops-metrics-token');
    writeFileSync(token, 'a-metrics-token-for-the-lint\n');
    const config = readFileSync(path.join(MONITORING, 'prometheus.yml'), 'utf8');
    expect(config).toContain('/etc/prometheus/secrets/gridops-metrics-token');
    writeFileSync(path.join(dir, 'prometheus.yml'), config.replaceAll('/etc/prometheus/secrets/gridops-metrics-token', token));
    copyFileSync(RULES, path.join(dir, 'gridops-alerts.yml'));
    expect(promtool('check', 'config', path.join(dir, 'prometheus.yml'))).toMatch(/SUCCESS: 8 rules found/);
    expect(promtool('check', 'rules', RULES)).toMatch(/SUCCESS/);
  });

  it('names the alerts the issue asks for, and each fires (and stays quiet) as its promtool unit test says', () => {
    const alerts = (load(readFileSync(RULES, 'utf8')) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules.map((r) => r.alert));
    expect(alerts).toEqual(
      expect.arrayContaining([
        'GridopsOutboxBacklogStale',
        'GridopsJobsFailed',
        'GridopsIntake5xx',
        'GridopsIntakeP99OverBudget',
        'GridopsDispatchP99OverBudget',
        'GridopsInstanceDown',
        'GridopsEventLoopLag',
      ]),
    );
    expect(promtool('test', 'rules', path.join(MONITORING, 'gridops-alerts.test.yml'))).toMatch(/SUCCESS/);
  });

  it('the dashboard is well formed and every query in it is PromQL that promtool parses', () => {
    const d = dashboard();
    expect(d.uid).toBe('gridops-oncall');
    expect(d.templating.list.map((v) => v.name)).toContain('datasource');
    const ids = d.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of d.panels) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    const exprs = dashboardExprs();
    expect(exprs.length).toBeGreaterThan(15);
    // promtool parses PromQL only inside rule files: each query becomes a recording rule of a scratch file
    const rules = { groups: [{ name: 'dashboard', rules: exprs.map((expr, i) => ({ record: `gridops:dashboard_query_${i}`, expr })) }] };
    const file = path.join(dir, 'dashboard-queries.yml');
    writeFileSync(file, JSON.stringify(rules));
    expect(promtool('check', 'rules', file)).toMatch(new RegExp(`SUCCESS: ${exprs.length} rules found`));
  });

  it('finds the metric names in an expression (and not functions, labels, keywords or durations)', () => {
    expect(metricNames('histogram_quantile(0.99, sum by (le, source) (rate(gridops_x_bucket{source=~"patrol|iot"}[10m]))) > 5')).toEqual(['gridops_x_bucket']);
    expect(metricNames('max by (queue) (a_metric{state="failed"}) > 0 and on(instance) up == 0 unless b:rule offset 5m').sort()).toEqual(['a_metric', 'b:rule', 'up']);
  });

  describe('against a running api and worker', () => {
    let db: TestDatabase;
    let api: ChildApp & { url: string };
    let worker: ChildApp;
    let workerMetricsPort: number;

    beforeAll(async () => {
      db = await createTestDatabase();
      workerMetricsPort = await freePort();
      const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: `gridops-test-monitoring-${randomBytes(4).toString('hex')}` };
      [api, worker] = await Promise.all([spawnApi(env), spawnWorker({ ...env, WORKER_METRICS_PORT: String(workerMetricsPort) })]);
    }, 90_000);
    afterAll(async () => {
      await Promise.all([api?.stop(), worker?.stop()]);
      await db?.drop();
    }, 30_000);

    it('exports every metric the alert rules and the dashboard use (up is written by Prometheus itself)', async () => {
      const exported = new Set<string>(['up']);
      for (const url of [`${api.url}/metrics`, `http://127.0.0.1:${workerMetricsPort}/metrics`]) {
        const res = await fetch(url);
        expect(res.status).toBe(200);
        for (const name of exportedNames(await res.text())) exported.add(name);
      }
      const used = new Set([...alertExprs(), ...dashboardExprs()].flatMap(metricNames));
      expect(used.size).toBeGreaterThan(10);
      expect([...used].filter((name) => !exported.has(name))).toEqual([]);
      // the figures the on-call person is paged on are among them
      for (const name of ['gridops_outbox_oldest_unrelayed_age_seconds', 'gridops_queue_jobs', 'gridops_http_request_duration_seconds_count', 'nodejs_eventloop_lag_p99_seconds'])
        expect(used).toContain(name);
    });
  });
});

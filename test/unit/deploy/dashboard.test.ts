import { describe, expect, test } from "vitest";
import { readJson } from "./deploy-files.ts";
import { promqlNames } from "./promql-names.ts";

// The metric names Shipmate exports, with their labels: fixed, so dashboards and alerts can rely on them.
const METRICS: Record<string, { labels: string[]; histogram?: true }> = {
  shipmate_webhooks_total: { labels: ["event", "outcome"] },
  shipmate_slack_requests_total: { labels: ["kind", "outcome"] },
  shipmate_http_request_duration_seconds: { labels: ["route", "method", "status"], histogram: true },
  shipmate_jobs_total: { labels: ["task", "environment", "state"] },
  shipmate_job_duration_seconds: { labels: ["task", "environment", "state"], histogram: true },
  shipmate_job_queue_wait_seconds: { labels: ["task", "environment"], histogram: true },
  shipmate_deploy_lead_time_seconds: { labels: ["environment"], histogram: true },
  shipmate_queue_jobs: { labels: ["queue", "state"] },
  shipmate_environment_leases: { labels: [] },
  shipmate_environment_holds: { labels: [] },
  shipmate_github_api_requests_total: { labels: ["method", "status"] },
  shipmate_github_rate_limit_remaining: { labels: [] },
  shipmate_slack_api_requests_total: { labels: ["method", "outcome"] },
};
const STATES = ["succeeded", "failed", "timed_out", "cancelled", "interrupted", "refused"];
const TASKS = ["deploy", "migrate", "provision", "check", "teardown"];
// Labels Prometheus adds to every series (role comes from deploy/prometheus's relabelling).
const TARGET_LABELS = ["job", "instance", "role", "pod", "namespace"];

/** The labels a series of `metric` may carry, or undefined when Shipmate does not export it. */
function labelsOf(metric: string): string[] | undefined {
  if (/^(process|nodejs)_/.test(metric) || metric === "up") return TARGET_LABELS;
  const base = metric.replace(/_(bucket|sum|count)$/, "");
  const known = METRICS[metric] ?? (base !== metric && METRICS[base]?.histogram ? METRICS[base] : undefined);
  if (!known) return undefined;
  return [...known.labels, ...TARGET_LABELS, ...(metric.endsWith("_bucket") ? ["le"] : [])];
}

interface Target {
  expr: string;
  datasource?: { uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid?: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string; type: string; definition?: string }[] };
}

const dashboard = readJson<Dashboard>("deploy/grafana/shipmate.json");
const queries = dashboard.panels.flatMap((p) =>
  (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })),
);

describe("promqlNames", () => {
  test.each([
    [
      'sum by (environment) (increase(a_total{task="deploy",state=~"x|y"}[1d]))',
      ["a_total"],
      ["environment"],
    ],
    [
      "histogram_quantile(0.99, sum by (route, le) (rate(h_bucket[$__rate_interval])))",
      ["h_bucket"],
      ["route", "le"],
    ],
    [
      "max(shipmate_environment_leases) / on (job) up offset 5m",
      ["shipmate_environment_leases", "up"],
      ["job"],
    ],
    ['rate(x{a="{not}", b!~"by (q)"}[5m]) > bool 0.5e3', ["x"], []],
  ])("%s", (expr, metrics, grouping) => {
    const names = promqlNames(expr);
    expect(names.selectors.map((s) => s.metric)).toEqual(metrics);
    expect(names.grouping).toEqual(grouping);
  });

  test("matcher labels come with their metric", () => {
    expect(promqlNames('sum(rate(m{task="deploy", state!="failed"}[5m]))').selectors).toEqual([
      { metric: "m", labels: ["task", "state"] },
    ]);
  });
});

describe("the Grafana dashboard", () => {
  test("has queries, each naming only metrics and labels Shipmate exports", () => {
    expect(queries.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const { panel, expr } of queries) {
      const { selectors, grouping } = promqlNames(expr);
      if (selectors.length === 0) problems.push(`${panel}: no metric in ${expr}`);
      const allowed = new Set<string>();
      for (const { metric, labels } of selectors) {
        const known = labelsOf(metric);
        if (!known) {
          problems.push(`${panel}: unknown metric ${metric}`);
          continue;
        }
        for (const label of known) allowed.add(label);
        for (const label of labels.filter((l) => !known.includes(l))) {
          problems.push(`${panel}: ${metric} has no label ${label}`);
        }
      }
      for (const label of grouping.filter((l) => !allowed.has(l))) {
        problems.push(`${panel}: groups by ${label}, which none of its metrics has`);
      }
    }
    expect(problems).toEqual([]);
  });

  test("uses every metric Shipmate exports", () => {
    const used = new Set(
      queries.flatMap((q) =>
        promqlNames(q.expr).selectors.map((s) => s.metric.replace(/_(bucket|sum|count)$/, "")),
      ),
    );
    expect(Object.keys(METRICS).filter((name) => !used.has(name))).toEqual([]);
  });

  test("matches only the states and tasks Shipmate reports", () => {
    for (const { panel, expr } of queries) {
      for (const [, label, values] of expr.matchAll(/\b(state|task)=~?"([^"]*)"/g)) {
        const known = label === "state" ? STATES : TASKS;
        for (const value of (values ?? "").split("|"))
          expect(known, `${panel}: ${label}=${value}`).toContain(value);
      }
    }
  });

  test("shows the DORA figures per environment: deploy frequency, change failure rate and lead time", () => {
    const byTitle = (pattern: RegExp) => queries.filter((q) => pattern.test(q.panel)).map((q) => q.expr);
    const frequency = byTitle(/^Deploy(s| frequency)/);
    const failure = byTitle(/^Change failure rate/);
    const lead = byTitle(/^Lead time/);
    for (const exprs of [frequency, failure, lead]) {
      expect(exprs.length).toBeGreaterThan(0);
      for (const expr of exprs) expect(promqlNames(expr).grouping).toContain("environment");
    }
    for (const expr of frequency)
      expect(expr).toMatch(/shipmate_jobs_total\{task="deploy",state="succeeded"/);
    for (const expr of failure) expect(expr).toMatch(/^sum .*\/ sum /);
    for (const expr of lead) expect(expr).toMatch(/shipmate_deploy_lead_time_seconds_bucket/);
  });

  test("shows HTTP p99, webhooks by outcome, queue depth, job durations and the GitHub rate limit", () => {
    const all = queries.map((q) => q.expr).join("\n");
    expect(all).toMatch(
      /histogram_quantile\(0\.99, sum by \(route, le\) \(rate\(shipmate_http_request_duration_seconds_bucket/,
    );
    expect(all).toMatch(/sum by \(event, outcome\) \(rate\(shipmate_webhooks_total/);
    expect(all).toMatch(/by \(queue, state\) \(shipmate_queue_jobs\)/);
    expect(all).toMatch(/shipmate_job_duration_seconds_bucket/);
    expect(all).toMatch(/shipmate_github_rate_limit_remaining/);
  });

  test("every panel and query reads the dashboard's datasource variable, and panels fit the grid", () => {
    expect(dashboard.templating.list.map((v) => `${v.name}:${v.type}`)).toContain("datasource:datasource");
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
      if (panel.type === "row") continue;
      expect(panel.datasource?.uid, panel.title).toBe("${datasource}");
      for (const target of panel.targets ?? []) expect(target.datasource?.uid).toBe("${datasource}");
    }
  });
});

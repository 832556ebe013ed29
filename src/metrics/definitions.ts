import { Counter, Gauge, Histogram, type Registry } from "prom-client";

// Buckets sized for what each measures: an HTTP answer in milliseconds, a task in minutes, a commit's
// way to production in hours or days.
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const JOB_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200];
const WAIT_BUCKETS = [0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 1800, 3600];
const HOUR = 3600;
const LEAD_TIME_BUCKETS = [
  300,
  900,
  1800,
  HOUR,
  4 * HOUR,
  12 * HOUR,
  24 * HOUR,
  72 * HOUR,
  168 * HOUR,
  720 * HOUR,
];

/** The series Shipmate updates as things happen; the ones read at scrape time live with their collectors. */
export type MetricSeries = ReturnType<typeof defineMetrics>;

/** Creates the event-driven metrics on `registry` (docs/metrics.md describes each). */
export function defineMetrics(registry: Registry) {
  const registers = [registry];
  const githubRateLimit = new Gauge({
    name: "shipmate_github_rate_limit_remaining",
    help: "x-ratelimit-remaining of the latest GitHub API answer that carried it.",
    registers,
  });
  // No sample until GitHub has said: a 0 before the first call would read as an exhausted limit.
  githubRateLimit.remove();
  return {
    githubRateLimit,
    webhooks: new Counter({
      name: "shipmate_webhooks_total",
      help: "GitHub webhook deliveries received, by event and how they were answered.",
      labelNames: ["event", "outcome"] as const,
      registers,
    }),
    slackRequests: new Counter({
      name: "shipmate_slack_requests_total",
      help: "Slack requests received (HTTP or Socket Mode), by kind and how they were answered.",
      labelNames: ["kind", "outcome"] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: "shipmate_http_request_duration_seconds",
      help: "Time to answer an HTTP request, by route, method and status class.",
      labelNames: ["route", "method", "status"] as const,
      buckets: HTTP_BUCKETS,
      registers,
    }),
    jobs: new Counter({
      name: "shipmate_jobs_total",
      help: "Jobs that reached a final state (dry runs not counted).",
      labelNames: ["task", "environment", "state"] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: "shipmate_job_duration_seconds",
      help: "Time from a job's start to its end, for jobs that started.",
      labelNames: ["task", "environment", "state"] as const,
      buckets: JOB_BUCKETS,
      registers,
    }),
    queueWait: new Histogram({
      name: "shipmate_job_queue_wait_seconds",
      help: "Time from a job's acceptance to its start (waiting in line, and for approval).",
      labelNames: ["task", "environment"] as const,
      buckets: WAIT_BUCKETS,
      registers,
    }),
    leadTime: new Histogram({
      name: "shipmate_deploy_lead_time_seconds",
      help: "Time from the deployed commit's committer date to the end of its successful deploy.",
      labelNames: ["environment"] as const,
      buckets: LEAD_TIME_BUCKETS,
      registers,
    }),
    githubCalls: new Counter({
      name: "shipmate_github_api_requests_total",
      help: "GitHub API requests, by HTTP method and status class (network: no answer).",
      labelNames: ["method", "status"] as const,
      registers,
    }),
    slackCalls: new Counter({
      name: "shipmate_slack_api_requests_total",
      help: "Slack Web API calls, by method and outcome.",
      labelNames: ["method", "outcome"] as const,
      registers,
    }),
  };
}

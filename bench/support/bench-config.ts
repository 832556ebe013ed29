/** What one bench run does; every knob has a default that keeps the run near two minutes. */
export interface BenchConfig {
  /** Deliveries per concurrency level. */
  n: number;
  levels: readonly number[];
  /** Sequential deliveries timed for comment → 👀 and comment → running. */
  latencyN: number;
  /** Longest a single concurrency level may send for (ms); what is left is not sent. */
  levelCapMs: number;
  /** Longest the intake queue is given to drain after the load (ms); 0 only reads where the workers got to. */
  settleCapMs: number;
  /** Longest the sequential latency phase may take (ms). */
  latencyCapMs: number;
  requestTimeoutMs: number;
  /** Added to every fake GitHub answer; 0 measures Shipmate's own overhead only. */
  githubLatencyMs: number;
  /** WORKER_CONCURRENCY for the deploy workers; undefined keeps Shipmate's default. */
  workerConcurrency: string | undefined;
  /** ROLE for Shipmate: "all" (the default, as `npm start`), or "web" to see ingest without workers. */
  role: string;
  /** LOG_LEVEL for Shipmate; undefined keeps it silent so the bench's output stays readable. */
  logLevel: string | undefined;
  /** Deploys sent at once to one environment to time its hand-overs; 0 skips the environment-line phase. */
  lineJobs: number;
  /** Running deploys cancelled one after another to time `/cancel`. */
  cancelN: number;
  /** Signed slash commands per Slack concurrency level; 0 skips the Slack phase. */
  slackN: number;
  slackLevels: readonly number[];
  /** Jobs driven through the bot's own process before its memory is read again; 0 reads it idle only. */
  jobs: number;
  /** Longest those jobs are given to be sent and finished (ms). */
  jobsCapMs: number;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got ${raw}`);
  return value;
}

function levels(name: string, fallback: string): number[] {
  return (process.env[name] || fallback)
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((c) => Number.isInteger(c) && c > 0);
}

/** Reads BENCH_* variables. */
export function readBenchConfig(): BenchConfig {
  return {
    n: Math.max(1, int("BENCH_N", 2_000)),
    levels: levels("BENCH_LEVELS", "1,16,64,256"),
    latencyN: int("BENCH_LATENCY_N", 200),
    levelCapMs: int("BENCH_LEVEL_CAP_S", 60) * 1000,
    settleCapMs: int("BENCH_SETTLE_S", 0) * 1000,
    latencyCapMs: int("BENCH_LATENCY_CAP_S", 90) * 1000,
    requestTimeoutMs: int("BENCH_REQUEST_TIMEOUT_MS", 10_000),
    githubLatencyMs: int("BENCH_GITHUB_LATENCY_MS", 0),
    workerConcurrency: process.env.BENCH_WORKER_CONCURRENCY || undefined,
    role: process.env.BENCH_ROLE || "all",
    logLevel: process.env.BENCH_LOG_LEVEL || undefined,
    lineJobs: int("BENCH_LINE_N", 20),
    cancelN: int("BENCH_CANCEL_N", 5),
    slackN: int("BENCH_SLACK_N", 500),
    slackLevels: levels("BENCH_SLACK_LEVELS", "1,16"),
    jobs: int("BENCH_JOBS", 10_000),
    jobsCapMs: int("BENCH_JOBS_CAP_S", 1_800) * 1000,
  };
}

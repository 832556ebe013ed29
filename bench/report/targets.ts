import { fmt } from "../support/stats.ts";
import type { BenchResults } from "./results.ts";

export interface TargetCheck {
  target: string;
  figure: string;
  /** undefined when the run did not measure it. */
  met: boolean | undefined;
}

/** The performance targets, each checked against this run's figure (informational only). */
export function checkTargets(r: BenchResults): TargetCheck[] {
  const c64 = r.ingest.find((l) => l.concurrency === 64);
  const c16 = r.ingest.find((l) => l.concurrency === 16);
  const checks: TargetCheck[] = [
    {
      target: "c=64: ≥ 1,000 deliveries/s",
      figure: c64 ? `${fmt(c64.perSecond, 0)}/s` : "not run",
      met: c64 ? c64.perSecond >= 1_000 : undefined,
    },
    {
      target: "c=64: p99 < 50 ms",
      figure: c64 ? `${fmt(c64.latency.p99, 1)} ms${floorNote(r, 64)}` : "not run",
      met: c64 ? c64.latency.p99 < 50 : undefined,
    },
    {
      target: "c=64: no non-2xx",
      figure: c64 ? `${c64.non2xx} non-2xx` : "not run",
      met: c64 ? c64.non2xx === 0 : undefined,
    },
    {
      target: "c=16: p99 < 20 ms",
      figure: c16 ? `${fmt(c16.latency.p99, 1)} ms${floorNote(r, 16)}` : "not run",
      met: c16 ? c16.latency.p99 < 20 : undefined,
    },
    {
      target: "comment → 👀: p95 < 30 ms",
      figure: r.latency ? `${fmt(r.latency.eyes.p95, 0)} ms` : "not run",
      met: r.latency ? r.latency.eyes.p95 < 30 : undefined,
    },
    {
      target: "comment → running: p95 < 250 ms",
      figure: r.latency ? `${fmt(r.latency.running.p95, 0)} ms` : "not run",
      met: r.latency ? r.latency.running.p95 < 250 : undefined,
    },
  ];
  for (const deploy of r.deployCalls) {
    checks.push({
      target: `≤ 8 GitHub calls per deploy (${deploy.label})`,
      figure: deploy.ms === undefined ? `${deploy.total} calls, no 🚀` : `${deploy.total} calls`,
      met: deploy.ms === undefined ? false : deploy.total <= 8,
    });
  }
  for (const level of r.slack) {
    checks.push({
      target: `Slack ack, c=${level.concurrency}: p99 < 100 ms`,
      figure: `${fmt(level.latency.p99, 1)} ms`,
      met: level.latency.p99 < 100,
    });
  }
  if (r.slack.length > 0) {
    const sent = r.slack.reduce((sum, l) => sum + l.sent, 0);
    const bad = r.slack.reduce((sum, l) => sum + l.non2xx + (l.sent - l.recorded), 0);
    checks.push({
      target: "Slack: every ack 2xx and a recorded job",
      figure: `${sent - bad}/${sent}`,
      met: bad === 0,
    });
  }
  checks.push({
    target: "idle RSS of the bot's process (`npm start`) < 100 MB",
    figure: r.bot ? `${fmt(r.bot.idleRssMb, 0)} MB` : "not measured",
    met: r.bot ? r.bot.idleRssMb < 100 : undefined,
  });
  const after = r.bot?.afterJobs;
  checks.push({
    target: "RSS of the bot's process after 10,000 jobs < 200 MB",
    figure: after
      ? `${fmt(after.rssMb, 0)} MB${after.sent === 10_000 ? "" : ` after ${fmt(after.sent, 0)} jobs`}` +
        (after.drained ? "" : " (not drained)")
      : "not measured",
    met: after ? after.rssMb < 200 && after.drained : undefined,
  });
  return checks;
}

/** The floor's p99 at that concurrency, beside Shipmate's, when it was measured. */
function floorNote(r: BenchResults, concurrency: number): string {
  const floor = r.floor.find((f) => f.concurrency === concurrency);
  if (!floor) return "";
  return ` (floor: bare ${fmt(floor.bare.latency.p99, 1)} ms, minimal ${fmt(floor.minimal.latency.p99, 1)} ms)`;
}

/** "met", "missed" or "not measured". */
export function verdict(met: boolean | undefined): string {
  if (met === undefined) return "not measured";
  return met ? "met" : "**missed**";
}

import { placeTotals } from "../phases/line-places.ts";
import { fmt } from "../support/stats.ts";
import { lineChecks, nodeFlags } from "./progress.ts";
import type { BenchResults } from "./results.ts";
import { checkTargets, verdict } from "./targets.ts";

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(head), line(head.map(() => "---")), ...rows.map(line)].join("\n");
}

/** The run as Markdown tables, ready for docs/performance.md. */
export function renderMarkdown(r: BenchResults): string {
  const m = r.machine;
  const intro =
    `Measured ${new Date().toISOString().slice(0, 10)} on ${m.cpu}, ${m.cores} cores, ` +
    `${fmt(m.memoryGb, 0)} GB, ${m.os}; Node ${m.node} (\`${nodeFlags(m)}\`); Redis ${m.redis} on loopback. ` +
    (r.config.role === "web"
      ? "Web side only (`ROLE=web`, no workers), "
      : `Web and workers in one process (WORKER_CONCURRENCY ${r.config.workerConcurrency ?? "4, the default"}), `) +
    `fake GitHub in the same process answering in ${r.config.githubLatencyMs} ms, deploy task \`true\`. ` +
    `${r.config.n} deliveries per level, keep-alive HTTP from a separate process.`;
  const ingest = table(
    [
      "Concurrency",
      "p50 ms",
      "p95 ms",
      "p99 ms",
      "max ms",
      "Deliveries/s",
      "non-2xx",
      "Intake jobs",
      "Raw `queue.add`/s",
      "Shipmate ÷ raw",
    ],
    r.ingest.map((l) => {
      const raw = r.raw.find((x) => x.concurrency === l.concurrency);
      return [
        String(l.concurrency),
        fmt(l.latency.p50, 2),
        fmt(l.latency.p95, 2),
        fmt(l.latency.p99, 2),
        fmt(l.latency.max, 2),
        fmt(l.perSecond, 0),
        String(l.non2xx),
        `${l.enqueued}/${l.sent}${l.capped ? " (capped)" : ""}`,
        raw ? fmt(raw.perSecond, 0) : "–",
        raw ? fmt(l.perSecond / raw.perSecond, 2) : "–",
      ];
    }),
  );
  const floor =
    r.floor.length === 0
      ? ""
      : table(
          [
            "Concurrency",
            "bare node:http 202: p50 / p99 ms",
            "signature, parse, one `add`: p50 / p99 ms",
            "… per s",
            "Shipmate: p50 / p99 ms",
          ],
          r.floor.map((f) => {
            const shipmate = r.ingest.find((l) => l.concurrency === f.concurrency);
            return [
              String(f.concurrency),
              `${fmt(f.bare.latency.p50, 2)} / ${fmt(f.bare.latency.p99, 2)}`,
              `${fmt(f.minimal.latency.p50, 2)} / ${fmt(f.minimal.latency.p99, 2)}`,
              fmt(f.minimal.perSecond, 0),
              shipmate ? `${fmt(shipmate.latency.p50, 2)} / ${fmt(shipmate.latency.p99, 2)}` : "–",
            ];
          }),
        );
  const workers = r.settled
    ? `While the levels ran, the in-process workers processed ${r.settled.intakeCompleted} intake jobs ` +
      `(${r.settled.intakePending} left) and completed ${r.settled.deploysSucceeded} deploys ` +
      `(${r.settled.deploysFailed} failed, ${r.settled.deploysPending} still queued).`
    : "";
  const lat = r.latency;
  const latency = lat
    ? table(
        ["Sequential, after the load", "p50 ms", "p95 ms", "p99 ms", "max ms", "n"],
        [
          ["comment → 👀", ...five(lat.eyes)],
          [`comment → running or later (${firstSignalNote(lat)})`, ...five(lat.running)],
          ["comment → 🚀 (deploy `true`)", ...five(lat.deploy)],
        ],
      )
    : "";
  const calls = table(
    ["Deploy", "GitHub calls", "Calls (METHOD path × n)"],
    r.deployCalls.map((d) => [
      d.label,
      String(d.total),
      d.routes.map((x) => `\`${x.route}\`${x.count > 1 ? ` ×${x.count}` : ""}`).join("<br>"),
    ]),
  );
  const slack =
    r.slack.length === 0
      ? ""
      : table(
          [
            "Slack slash commands (`/shipmate deploy acme/shop#7 to staging`)",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms",
            "n",
            "acks/s",
            "non-2xx",
            "recorded jobs",
          ],
          r.slack.map((l) => [
            `c=${l.concurrency}`,
            fmt(l.latency.p50, 2),
            fmt(l.latency.p95, 2),
            fmt(l.latency.p99, 2),
            fmt(l.latency.max, 2),
            String(l.latency.count),
            fmt(l.perSecond, 0),
            String(l.non2xx),
            `${l.recorded}/${l.sent}${l.capped ? " (capped)" : ""}`,
          ]),
        );
  const memory = table(
    ["Resident set size", "RSS MB", "heap used MB"],
    [
      ...botRows(r),
      [
        "bench process (Shipmate from sources, fake GitHub and Slack), idle",
        fmt(r.idle.rssMb, 0),
        fmt(r.idle.heapUsedMb, 0),
      ],
      ...(r.afterLoad
        ? [["after the load levels", fmt(r.afterLoad.rssMb, 0), fmt(r.afterLoad.heapUsedMb, 0)]]
        : []),
      ...(r.atEnd
        ? [
            [
              "end of the in-process phases (their Shipmates closed)",
              fmt(r.atEnd.rssMb, 0),
              fmt(r.atEnd.heapUsedMb, 0),
            ],
          ]
        : []),
    ],
  );
  const targets = table(
    ["Target", "This run", "Status"],
    checkTargets(r).map((t) => [t.target, t.figure, verdict(t.met)]),
  );
  return [intro, ingest, floor, workers, latency, slack, calls, memory, jobsNote(r), targets, lineSection(r)]
    .filter((s) => s !== "")
    .join("\n\n");
}

/** The bot's own process: idle, then after the jobs (as `npm start` runs it, read from /proc). */
function botRows(r: BenchResults): string[][] {
  const bot = r.bot;
  if (!bot) return [];
  const rows = [[`the bot alone, idle (\`${bot.command}\`)`, fmt(bot.idleRssMb, 0), "–"]];
  const a = bot.afterJobs;
  if (a) {
    rows.push(
      [
        `the bot, after ${fmt(a.sent, 0)} jobs${a.drained ? "" : " (not drained)"}, idle again`,
        fmt(a.rssMb, 0),
        "–",
      ],
      ["the bot, peak while they ran (VmHWM)", fmt(a.peakRssMb, 0), "–"],
    );
  }
  const launcher = a?.launcherRssMb ?? bot.launcherRssMb;
  if (launcher !== undefined) rows.push(["its spawn launcher (a process of its own)", fmt(launcher, 0), "–"]);
  return rows;
}

function jobsNote(r: BenchResults): string {
  const a = r.bot?.afterJobs;
  if (!a) return "";
  return (
    `The jobs: ${fmt(a.sent, 0)} signed \`/deploy staging --dry-run\` comments sent to the bot's process ` +
    `(16 at a time; ${fmt(a.accepted, 0)} answered 2xx), each one intake job and one task (checkout of the pinned ` +
    `commit, then \`true\`) with its reports; ${a.drained ? `all done in ${fmt(a.ms / 1000, 0)} s` : "not all done within the cap"}: ` +
    `${fmt(a.intake.completed, 0)} intake jobs and ${fmt(a.tasks.completed, 0)} tasks completed ` +
    `(${a.intake.failed + a.tasks.failed} failed), ${fmt(a.rockets, 0)} 🚀; the bot's process used ` +
    `${fmt(a.cpuMs / Math.max(1, a.sent), 1)} ms of CPU per job.`
  );
}

function five(s: { p50: number; p95: number; p99: number; max: number; count: number }): string[] {
  return [fmt(s.p50, 0), fmt(s.p95, 0), fmt(s.p99, 0), fmt(s.max, 0), String(s.count)];
}

function firstSignalNote(lat: NonNullable<BenchResults["latency"]>): string {
  const { comment, deployment, same } = lat.firstSignal;
  const skipped =
    lat.runningNotShown > 0 ? `; ${lat.runningNotShown} skipped 🚧 (went straight to the final state)` : "";
  return `first shown by the status comment ${comment}, the deployment status ${deployment}, same ms ${same}${skipped}`;
}

function lineSection(r: BenchResults): string {
  const line = r.line;
  if (line === undefined) return "";
  const h = line.handOver;
  const checks = lineChecks(h);
  const c = line.cancel;
  const p = line.places;
  const drained =
    h.drainMs === undefined
      ? `not drained (${h.finished}/${h.jobs} finished)`
      : `${fmt(h.drainMs / 1000, 2)} s` +
        (h.tasksSpanMs === undefined
          ? ""
          : ` (first task start → last task end ${fmt(h.tasksSpanMs / 1000, 2)} s)`);
  const rows: string[][] = [
    [`${h.jobs} \`/deploy staging\` from ${h.jobs} PRs at once: comment → last 🚀`, drained],
    [
      `one job's end → next job's start (${h.gaps.count} hand-overs)`,
      `p50 ${fmt(h.gaps.p50, 1)} ms, p95 ${fmt(h.gaps.p95, 1)} ms, max ${fmt(h.gaps.max, 1)} ms`,
    ],
    ["no two runs overlapped", checks.overlap],
    ["each PR ran exactly once", checks.once],
  ];
  if (c) {
    const lost = c.lost > 0 ? `, ${c.lost} lost` : "";
    rows.push(
      [
        `\`/cancel\` → the running \`sleep 60\` is gone (${c.tries} tries)`,
        `p50 ${fmt(c.processGone.p50, 0)} ms, max ${fmt(c.processGone.max, 0)} ms${lost}`,
      ],
      [
        "`/cancel` → status comment shows 🛑 cancelled",
        `p50 ${fmt(c.cancelledShown.p50, 0)} ms, max ${fmt(c.cancelledShown.max, 0)} ms`,
      ],
    );
  }
  const t = placeTotals(p);
  rows.push(
    [
      `status-comment edits while waiting (${p.waiting} deploys behind a running \`sleep 2\`)`,
      `${t.whileWaiting} (per job in run order: ${p.jobs.map((j) => j.whileWaiting).join(", ")})`,
    ],
    [
      "… of which changed the place sentence / only the clock / nothing",
      `${t.placeChanged} / ${t.whileWaiting - t.placeChanged - t.unchanged} / ${t.unchanged}`,
    ],
    [
      `edits once their turn came; GitHub calls for all ${p.waiting + 1} deploys`,
      `${t.afterWaiting}; ${p.githubCalls}`,
    ],
  );
  return table([`Environment line (TASK_LOCK_MS ${line.leaseMs}, fresh Shipmate)`, "This run"], rows);
}

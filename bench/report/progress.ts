import type { BotProcessMemory, BotProgress } from "../phases/bot-process-memory.ts";
import type { DeployCalls } from "../phases/calls-per-deploy.ts";
import type { CommentLatency } from "../phases/comment-latency.ts";
import type { FloorLevel } from "../phases/floor.ts";
import type { IngestLevel } from "../phases/ingest.ts";
import type { CancelLatency } from "../phases/line-cancel.ts";
import type { HandOver } from "../phases/line-handover.ts";
import { type PlaceUpdates, placeTotals } from "../phases/line-places.ts";
import type { Settled } from "../phases/settle.ts";
import type { SlackAckLevel } from "../phases/slack-acks.ts";
import type { BenchConfig } from "../support/bench-config.ts";
import type { Machine } from "../support/machine.ts";
import type { MemorySample } from "../support/memory.ts";
import type { RawAddLevel } from "../support/raw-adds.ts";
import { fmt, type Summary } from "../support/stats.ts";

/** One line of the running commentary. */
export function say(line = ""): void {
  process.stdout.write(`${line}\n`);
}

function ms(s: Summary, digits: number): string {
  return `p50 ${fmt(s.p50, digits)} / p95 ${fmt(s.p95, digits)} / p99 ${fmt(s.p99, digits)} / max ${fmt(s.max, digits)} ms`;
}

export function printHeader(m: Machine, c: BenchConfig): void {
  say("# Shipmate webhook ingest bench");
  say(`machine : ${m.cpu} × ${m.cores} cores, ${fmt(m.memoryGb, 1)} GB RAM, ${m.os}`);
  say(`runtime : Node ${m.node} (${nodeFlags(m)}), redis-server ${m.redis}`);
  say(
    `run     : N=${c.n} per level, levels ${c.levels.join(", ")}, ${c.latencyN} sequential, ` +
      `fake GitHub latency ${c.githubLatencyMs} ms, ROLE ${c.role}, WORKER_CONCURRENCY ${c.workerConcurrency ?? "default (4)"}`,
  );
  say(
    `          Slack: ${c.slackN} slash commands per level, levels ${c.slackLevels.join(", ")}; ` +
      `bot process: ${c.jobs} jobs (cap ${c.jobsCapMs / 1000} s)`,
  );
}

/** How the in-process Shipmate's node was started. */
export function nodeFlags(m: Machine): string {
  return m.nodeFlags.length === 0 ? "no node flags" : `node ${m.nodeFlags.join(" ")}`;
}

export function printMemory(label: string, s: MemorySample): void {
  say(
    `memory  : ${label}: RSS ${fmt(s.rssMb, 1)} MB (JS heap ${fmt(s.heapUsedMb, 1)} used of ${fmt(s.heapTotalMb, 1)} MB, ` +
      `external ${fmt(s.externalMb, 1)} MB)${s.collected ? " after GC" : " no GC"}`,
  );
}

export function printRaw(levels: readonly RawAddLevel[]): void {
  for (const l of levels) {
    say(
      `raw add : c=${String(l.concurrency).padStart(3)}  ${fmt(l.perSecond, 0).padStart(6)} adds/s  ${ms(l.latency, 2)}  errors ${l.errors}`,
    );
  }
}

export function printFloor(levels: readonly FloorLevel[]): void {
  for (const l of levels) {
    const c = String(l.concurrency).padStart(3);
    say(
      `floor   : c=${c}  bare node:http 202     ${fmt(l.bare.perSecond, 0).padStart(6)}/s  ${ms(l.bare.latency, 2)}  non-2xx ${l.bare.non2xx}`,
    );
    say(
      `          c=${c}  signature, parse, add  ${fmt(l.minimal.perSecond, 0).padStart(6)}/s  ${ms(l.minimal.latency, 2)}  non-2xx ${l.minimal.non2xx}`,
    );
  }
}

export function printLevel(l: IngestLevel, raw: RawAddLevel | undefined): void {
  const ratio = raw ? ` (${fmt(l.perSecond / raw.perSecond, 2)} × raw)` : "";
  const statuses = Object.entries(l.outcomes)
    .map(([status, count]) => `${status}×${count}`)
    .join(" ");
  const check = l.enqueued === l.sent && l.queueGrowth === l.sent ? "OK" : "MISMATCH";
  say(
    `ingest  : c=${String(l.concurrency).padStart(3)}  ${fmt(l.perSecond, 0).padStart(6)} deliveries/s${ratio}  ${ms(l.latency, 2)}  non-2xx ${l.non2xx} [${statuses}]${l.capped ? " CAPPED" : ""}`,
  );
  say(
    `          enqueued check: ${l.enqueued}/${l.sent} comment ids are intake jobs, queue grew by ${l.queueGrowth} → ${check}; ` +
      `deploys finished so far ${l.deploysFinished}, 🚀 during level ${l.rockets}`,
  );
}

export function printSettled(s: Settled): void {
  const waited = s.drainedMs < 1 ? "at the end of the load" : `after waiting ${fmt(s.drainedMs / 1000, 1)} s`;
  say(
    `workers : ${waited}: intake ${s.drained ? "drained" : "not drained"} (${s.intakeCompleted} processed, ${s.intakeFailed} failed, ${s.intakePending} left); ` +
      `deploys ${s.deploysSucceeded} completed, ${s.deploysFailed} failed, ${s.deploysPending} still queued (dropped at shutdown)`,
  );
}

export function printDeployCalls(d: DeployCalls): void {
  const took = d.ms === undefined ? "no final reaction" : `${d.ms} ms to 🚀`;
  say(`calls   : ${d.label} deploy: ${d.total} GitHub calls, ${took} (HTTP ${d.status})`);
  for (const r of d.routes) say(`            ${String(r.count).padStart(2)} × ${r.route}`);
}

export function printLatency(l: CommentLatency): void {
  say(`latency : ${l.deliveries} sequential deliveries${l.capped ? " (CAPPED)" : ""}, ${l.lost} lost`);
  say(`          comment → 👀      ${ms(l.eyes, 0)}`);
  say(`          comment → running ${ms(l.running, 0)}`);
  say(
    `          past "queued" first shown by: status comment ${l.firstSignal.comment}, deployment status ${l.firstSignal.deployment}, same ms ${l.firstSignal.same}; ` +
      `🚧/in_progress never shown (went straight to the final state) for ${l.runningNotShown}`,
  );
  say(`          comment → 🚀      ${ms(l.deploy, 0)}`);
}

export function printSlackLevel(l: SlackAckLevel): void {
  const statuses = Object.entries(l.outcomes)
    .map(([status, count]) => `${status}×${count}`)
    .join(" ");
  const check = l.recorded === l.sent ? "OK" : "MISMATCH";
  say(
    `slack   : c=${String(l.concurrency).padStart(3)}  ${fmt(l.perSecond, 0).padStart(6)} acks/s  ${ms(l.latency, 2)}  ` +
      `n ${l.latency.count}  non-2xx ${l.non2xx} [${statuses}]${l.capped ? " CAPPED" : ""}`,
  );
  say(`          recorded check: ${l.recorded}/${l.sent} slash commands are intake jobs → ${check}`);
}

export function printBotIdle(b: BotProcessMemory): void {
  const launcher =
    b.launcherRssMb === undefined ? "" : ` (spawn launcher beside it: ${fmt(b.launcherRssMb, 1)} MB)`;
  say(`bot     : ${b.command}, idle: RSS ${fmt(b.idleRssMb, 1)} MB${launcher}`);
}

export function printBotProgress(p: BotProgress): void {
  const q = (s: BotProgress["intake"]) => `${s.completed + s.failed} done, ${s.pending} pending`;
  say(
    `          ${fmt(p.elapsedMs / 1000, 0).padStart(4)} s: intake ${q(p.intake)}; tasks ${q(p.tasks)}; ` +
      `reports ${p.reports.pending} pending; RSS ${fmt(p.rssMb, 1)} MB`,
  );
}

export function printBotAfterJobs(b: BotProcessMemory): void {
  const a = b.afterJobs;
  if (!a) return;
  const ended = a.drained
    ? `drained in ${fmt(a.ms / 1000, 1)} s`
    : `NOT drained after ${fmt(a.ms / 1000, 0)} s`;
  say(
    `bot     : ${a.sent} \`/deploy staging --dry-run\` comments sent (${a.accepted} answered 2xx), ${ended}: ` +
      `intake jobs ${a.intake.completed} completed / ${a.intake.failed} failed, ` +
      `tasks ${a.tasks.completed} completed / ${a.tasks.failed} failed, 🚀 ${a.rockets}`,
  );
  say(
    `          the bot's process used ${fmt(a.cpuMs / 1000, 1)} s of CPU for them: ${fmt(a.cpuMs / Math.max(1, a.sent), 2)} ms per job`,
  );
  const launcher = a.launcherRssMb === undefined ? "" : `; launcher ${fmt(a.launcherRssMb, 1)} MB`;
  say(
    `          RSS after them ${fmt(a.rssMb, 1)} MB (idle was ${fmt(b.idleRssMb, 1)} MB), peak ${fmt(a.peakRssMb, 1)} MB${launcher}`,
  );
}

/** "OK" or "VIOLATION (…)" for the two promises of a line: one run at a time, each job once. */
export function lineChecks(h: HandOver): { overlap: string; once: string } {
  return {
    overlap: h.mostAtOnce <= 1 ? "OK" : `VIOLATION (${h.mostAtOnce} at once)`,
    once: h.notOnce.length === 0 ? "OK" : `VIOLATION (PR ${h.notOnce.join(", ")})`,
  };
}

export function printHandOver(h: HandOver, leaseMs: number): void {
  const drained = h.drainMs === undefined ? "NOT drained" : `drained in ${fmt(h.drainMs / 1000, 2)} s`;
  const span =
    h.tasksSpanMs === undefined
      ? ""
      : ` (first task start → last task end ${fmt(h.tasksSpanMs / 1000, 2)} s)`;
  const checks = lineChecks(h);
  say(
    `line    : hand-over: ${h.jobs} deploys from ${h.jobs} PRs at once to one environment (TASK_LOCK_MS ${leaseMs}): ` +
      `${drained}${span}; ${h.accepted} accepted, ${h.finished} finished`,
  );
  say(`          one job's end → next job's start: ${ms(h.gaps, 1)} (${h.gaps.count} hand-overs)`);
  say(`          no two runs overlapped: ${checks.overlap}; each PR ran exactly once: ${checks.once}`);
}

export function printCancel(c: CancelLatency): void {
  say(`line    : cancel of a running \`sleep 60\`: ${c.tries} tries, ${c.lost} lost`);
  say(
    `          /cancel → process gone        p50 ${fmt(c.processGone.p50, 0)} / max ${fmt(c.processGone.max, 0)} ms`,
  );
  say(
    `          /cancel → status comment 🛑   p50 ${fmt(c.cancelledShown.p50, 0)} / max ${fmt(c.cancelledShown.max, 0)} ms`,
  );
}

export function printPlaces(p: PlaceUpdates): void {
  const t = placeTotals(p);
  say(
    `line    : places: ${p.waiting} deploys waiting behind a running \`sleep 2\`: ${t.whileWaiting} status-comment edits while waiting ` +
      `(per job, in run order: ${p.jobs.map((j) => j.whileWaiting).join(", ")})`,
  );
  say(
    `          of those ${t.placeChanged} changed the place sentence (per job: ${p.jobs.map((j) => j.placeChanged).join(", ")}), ` +
      `${t.whileWaiting - t.placeChanged - t.unchanged} only other lines (the "Waiting: …s so far" clock), ${t.unchanged} nothing at all`,
  );
  say(
    `          ${t.afterWaiting} edits once their turn came; ${p.githubCalls} GitHub calls for all ${p.waiting + 1} deploys; ` +
      `${p.finished}/${p.waiting + 1} finished`,
  );
}

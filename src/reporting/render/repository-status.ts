import type { JobSummary, RepositoryStatus } from "../../jobs/repository-status.ts";
import { formatDuration } from "../../shared/format-duration.ts";
import { renderAge } from "./holds.ts";
import { describeJob, describeOrigin, renderJobId } from "./job-summary.ts";
import { describeHolder, reasonEnding } from "./lock-reply.ts";
import { renderEnvironmentName } from "./status-headline.ts";

const MAX_ENVIRONMENTS_SHOWN = 20;
const MAX_JOBS_SHOWN = 10;
const MAX_IDLE_SHOWN = 20;

type EnvironmentStatus = RepositoryStatus["environments"][number];

/** `/status`: per environment what runs, what waits in order and who holds it, then what awaits approval. */
export function renderRepositoryStatus(status: RepositoryStatus, now: number): string {
  const busy = status.environments.filter(
    (env) => env.running !== undefined || env.waiting.length > 0 || env.hold !== undefined,
  );
  const idle = status.environments.filter((env) => !busy.includes(env));
  if (busy.length === 0 && status.awaitingApproval.length === 0) {
    return "Nothing is running, waiting or locked.";
  }
  const sections = busy.slice(0, MAX_ENVIRONMENTS_SHOWN).map((env) => renderEnvironment(env, now).join("\n"));
  const hidden = busy.length - Math.min(busy.length, MAX_ENVIRONMENTS_SHOWN);
  if (hidden > 0)
    sections.push(`… and ${hidden} more ${hidden === 1 ? "environment" : "environments"} in use`);
  if (status.awaitingApproval.length > 0)
    sections.push(renderAwaiting(status.awaitingApproval, now).join("\n"));
  if (idle.length > 0) sections.push(renderIdle(idle));
  return ["**Shipmate status**", ...sections].join("\n\n");
}

function renderEnvironment(env: EnvironmentStatus, now: number): string[] {
  const lines = [renderEnvironmentName(env.name)];
  if (env.hold !== undefined) {
    lines.push(
      `- 🔒 Locked ${describeHolder(env.hold)}, ${renderAge(env.hold, now)}${reasonEnding(env.hold)}`,
    );
  }
  if (env.running !== undefined) lines.push(`- 🚧 Running: ${renderJob(env.running, false, now, "for")}`);
  if (env.waiting.length > 0) {
    lines.push("- ⏳ Waiting, in the order they will run:");
    lines.push(
      ...capped(env.waiting, (job, i) => `  ${i + 1}. ${renderJob(job, false, now, "waiting")}`, "  "),
    );
  }
  return lines;
}

function renderAwaiting(jobs: readonly JobSummary[], now: number): string[] {
  return [
    "✋ **Awaiting approval**",
    ...capped(jobs, (job) => `- ${renderJob(job, true, now, "waiting")}`, ""),
  ];
}

function renderIdle(idle: readonly EnvironmentStatus[]): string {
  const names = idle.slice(0, MAX_IDLE_SHOWN).map((env) => renderEnvironmentName(env.name));
  const more = idle.length - names.length;
  return `Nothing running, waiting or locked in ${names.join(", ")}${more > 0 ? ` and ${more} more` : ""}.`;
}

function renderJob(job: JobSummary, withEnvironment: boolean, now: number, since: "for" | "waiting"): string {
  const origin = describeOrigin(job);
  return `${renderJobId(job.id)} ${describeJob(job, withEnvironment)}, ${origin}, ${since} ${formatDuration(now - job.since)}`;
}

function capped<T>(
  items: readonly T[],
  render: (item: T, index: number) => string,
  indent: string,
): string[] {
  const shown = items.slice(0, MAX_JOBS_SHOWN).map(render);
  const more = items.length - shown.length;
  return more > 0 ? [...shown, `${indent}- … and ${more} more`] : shown;
}

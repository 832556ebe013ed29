import type { JobState, JobView, TaskKind } from "../../jobs/job-view.ts";
import { escapeMarkdown, inlineCode, shortSha } from "./markdown.ts";
import { truncateEnd } from "./text.ts";

/** The emoji that leads every report of a job in this state. */
export const STATE_EMOJI: Readonly<Record<JobState, string>> = {
  queued: "⏳",
  running: "🚧",
  succeeded: "✅",
  failed: "❌",
  timed_out: "⏱️",
  cancelled: "🛑",
  interrupted: "⚠️",
};

interface TaskWords {
  noun: string;
  running: string;
  succeeded: string;
}

const TASK_WORDS: Readonly<Record<TaskKind, TaskWords>> = {
  deploy: { noun: "Deploy", running: "Deploying", succeeded: "Deployed" },
  migrate: { noun: "Migration", running: "Migrating", succeeded: "Migrated" },
  provision: { noun: "Provision", running: "Provisioning", succeeded: "Provisioned" },
  check: { noun: "Check", running: "Checking", succeeded: "Check passed" },
};

const ENDED: Readonly<Record<Exclude<JobState, "queued" | "running" | "succeeded">, string>> = {
  failed: "failed",
  timed_out: "timed out",
  cancelled: "cancelled",
  interrupted: "interrupted",
};

/** The one-line headline of a job, e.g. "✅ **Deployed** `abc1234` to **staging**". */
export function renderHeadline(view: JobView): string {
  const words = TASK_WORDS[view.task];
  const target = renderTarget(view);
  const dryRun = view.dryRun ? " (dry run)" : "";
  const emoji = STATE_EMOJI[view.state];
  switch (view.state) {
    case "queued":
      return `${emoji} **Queued** ${words.noun.toLowerCase()} of ${target}${dryRun}`;
    case "running":
      return `${emoji} **${words.running}** ${target}${dryRun}`;
    case "succeeded":
      return `${emoji} **${words.succeeded}** ${target}${dryRun}`;
    default:
      return `${emoji} **${words.noun} ${ENDED[view.state]}**: ${target}${dryRun}`;
  }
}

/** The environment's name as bold plain text. */
export function renderEnvironmentName(name: string): string {
  return `**${escapeMarkdown(truncateEnd(name.trim(), 100))}**`;
}

function renderTarget(view: JobView): string {
  const sha = inlineCode(shortSha(view.sha));
  const env = view.environment === "" ? undefined : renderEnvironmentName(view.environment);
  if (env === undefined) return sha;
  return view.task === "deploy" ? `${sha} to ${env}` : `${env} at ${sha}`;
}

import type { JobState, JobView, TaskKind, TaskStep } from "../../jobs/job-view.ts";
import { escapeMarkdown, inlineCode, shortSha } from "./markdown.ts";
import { truncateEnd } from "./text.ts";

/** The emoji that leads every report of a job in this state. */
export const STATE_EMOJI: Readonly<Record<JobState, string>> = {
  awaiting_approval: "✋",
  queued: "⏳",
  running: "🚧",
  succeeded: "✅",
  failed: "❌",
  timed_out: "⏱️",
  cancelled: "🛑",
  interrupted: "⚠️",
  refused: "🚫",
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
  teardown: { noun: "Teardown", running: "Tearing down", succeeded: "Torn down" },
};

const STEP_WORDS: Readonly<Record<TaskStep, TaskWords>> = {
  plan: { noun: "Plan", running: "Planning", succeeded: "Planned" },
  apply: { noun: "Apply", running: "Applying", succeeded: "Applied" },
  status: {
    noun: "Migration status",
    running: "Reading migration status of",
    succeeded: "Read migration status of",
  },
  down: { noun: "Migration down", running: "Migrating down", succeeded: "Migrated down" },
};

const ROLLBACK_WORDS: TaskWords = { noun: "Rollback", running: "Rolling back", succeeded: "Rolled back" };

type EndedState = Exclude<JobState, "awaiting_approval" | "queued" | "running" | "succeeded">;

const ENDED: Readonly<Record<EndedState, string>> = {
  failed: "failed",
  timed_out: "timed out",
  cancelled: "cancelled",
  interrupted: "interrupted",
  refused: "refused",
};

/** The one-line headline of a job, e.g. "✅ **Deployed** `abc1234` to **staging**". */
export function renderHeadline(view: JobView): string {
  const words =
    view.rollback !== undefined
      ? ROLLBACK_WORDS
      : view.step !== undefined
        ? STEP_WORDS[view.step]
        : TASK_WORDS[view.task];
  const target = renderTarget(view);
  const dryRun = view.dryRun ? " (dry run)" : "";
  const emoji = STATE_EMOJI[view.state];
  switch (view.state) {
    case "awaiting_approval":
      return `${emoji} **Awaiting approval**: ${words.noun.toLowerCase()} of ${target}${dryRun}`;
    case "queued":
      return `${emoji} **Queued** ${words.noun.toLowerCase()} of ${target}${dryRun}`;
    case "running":
      return `${emoji} **${words.running}** ${target}${dryRun}`;
    case "succeeded":
      return `${emoji} **${words.succeeded}** ${target}${dryRun}`;
    default:
      return `${emoji} **${words.noun} ${endedWord(view, view.state)}**: ${target}${dryRun}`;
  }
}

/** The environment's name as bold plain text. */
export function renderEnvironmentName(name: string): string {
  return `**${escapeMarkdown(truncateEnd(name.trim(), 100))}**`;
}

function endedWord(view: JobView, state: EndedState): string {
  // A `/reject` ends the job as cancelled; the headline says which of the two it was.
  return state === "cancelled" && view.approval?.rejectedBy !== undefined ? "rejected" : ENDED[state];
}

function renderTarget(view: JobView): string {
  const sha = inlineCode(shortSha(view.sha));
  const env = view.environment === "" ? undefined : renderEnvironmentName(view.environment);
  if (env === undefined) return sha;
  if (view.rollback !== undefined) return `${env} to ${sha}`;
  return view.task === "deploy" ? `${sha} to ${env}` : `${env} at ${sha}`;
}

import type { TaskKind } from "../../jobs/job-view.ts";
import type { JobSummary } from "../../jobs/repository-status.ts";
import { inlineCode, shortSha } from "./markdown.ts";
import { personName, pullRequestRef } from "./people.ts";
import { renderEnvironmentName } from "./status-headline.ts";
import { truncateMiddle } from "./text.ts";

/** How a sentence names a job of each task: "a deploy", "a migration". */
export const TASK_NOUN: Readonly<Record<TaskKind, string>> = {
  deploy: "deploy",
  migrate: "migration",
  provision: "provision",
  check: "check",
  teardown: "teardown",
};

/** A job's id as a code span, cut in the middle so both ends stay recognisable. */
export function renderJobId(id: string): string {
  return inlineCode(truncateMiddle(id, 60));
}

/** "deploy of `abc1234` to **staging**", or without the environment when the context already names it. */
export function describeJob(job: JobSummary, withEnvironment = true): string {
  const sha = inlineCode(shortSha(job.sha));
  const noun = TASK_NOUN[job.task];
  if (!withEnvironment || job.environment === "") return `${noun} of ${sha}`;
  const env = renderEnvironmentName(job.environment);
  return job.task === "deploy" ? `${noun} of ${sha} to ${env}` : `${noun} of ${env} at ${sha}`;
}

/** "#41 by @alice" (nobody is notified), or "by @alice" for a job without a pull request. */
export function describeOrigin(job: { pullRequest: number | undefined; actor: string }): string {
  const pr = pullRequestRef(job.pullRequest, "");
  return `${pr === "" ? "" : `${pr} `}by ${personName(job.actor)}`;
}

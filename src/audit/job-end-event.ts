import type { AuditEvent } from "./audit-event.ts";

/** The parts of a finished job's record that its `job-end` event keeps. */
export interface EndedJob {
  id: string;
  task: string;
  state: string;
  /** Who asked for the job. */
  actor: string;
  repository: { owner: string; name: string };
  environment: string;
  sha: string;
  pullRequest: number | undefined;
  finishedAt: number | undefined;
  problem: string | undefined;
}

// A whole output-derived sentence would make the trail as long as the log; the first one says enough.
const MAX_REASON = 200;

/** The `job-end` event: Shipmate (the worker) ended the job; `actor` is who asked for it. */
export function jobEndEvent(job: EndedJob, now: number): AuditEvent {
  const reason = job.problem === undefined ? undefined : firstSentence(job.problem);
  return {
    at: job.finishedAt ?? now,
    action: "job-end",
    actor: job.actor,
    surface: "system",
    repository: `${job.repository.owner}/${job.repository.name}`,
    // Push checks run against no environment.
    environment: job.environment === "" ? undefined : job.environment,
    pullRequest: job.pullRequest,
    sha: job.sha,
    command: job.task,
    job: job.id,
    outcome: job.state,
    ...(reason === undefined || reason === "" ? {} : { reason }),
  };
}

function firstSentence(text: string): string {
  const sentence = /^[\s\S]*?[.!?](?=\s|$)/.exec(text.trim())?.[0] ?? text.trim();
  return sentence.length > MAX_REASON ? `${sentence.slice(0, MAX_REASON - 1)}…` : sentence;
}

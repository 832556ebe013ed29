import type { WorkflowJob } from "../../shared/workflow-calls.ts";

/** One line per job: a mark, its name and how it ended (or where it stands). */
export function jobLines(jobs: readonly WorkflowJob[]): string[] {
  return jobs.map((job) => `  ${markOf(job)} ${job.name}: ${job.conclusion ?? job.status}`);
}

/** Whether a completed run's conclusion counts as the task succeeding. */
export function isSuccessfulConclusion(conclusion: string | null): boolean {
  return conclusion === "success";
}

function markOf(job: WorkflowJob): string {
  if (job.conclusion === "success") return "✓";
  if (job.conclusion === "skipped" || job.conclusion === "neutral") return "–";
  if (job.conclusion === null) return "…";
  return "✗";
}

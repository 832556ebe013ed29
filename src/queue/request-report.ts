import type { Queue } from "bullmq";
import type { ReportJob } from "../jobs/report-job.schema.ts";

export type ReportRequester = (taskId: string, version: number, when?: "now" | "soon") => Promise<void>;

/**
 * How long a passing state (queued, running, output) waits before it is shown. A job that moves on
 * within this time is shown once, in its newer state: a quick deploy costs one comment and one
 * Deployment status instead of three of each, and nobody notices 150 ms.
 */
export const COALESCE_MS = 150;

/** One report job per record version: a later job finds the newer state and earlier ones skip. */
export function createReportRequester(reports: Queue): ReportRequester {
  return async (taskId, version, when = "soon") => {
    if (version <= 0) return;
    const data: ReportJob = { v: 1, taskId, version };
    await reports.add("report", data, {
      jobId: `report-${taskId}-${version}`,
      ...(when === "soon" ? { delay: COALESCE_MS } : {}),
    });
  };
}

import type { Queue } from "bullmq";
import type { ReportJob } from "../jobs/report-job.schema.ts";

export type ReportRequester = (taskId: string, version: number) => Promise<void>;

/** One report job per record version: a later job finds the newer state and earlier ones skip. */
export function createReportRequester(reports: Queue): ReportRequester {
  return async (taskId, version) => {
    if (version <= 0) return;
    const data: ReportJob = { v: 1, taskId, version };
    await reports.add("report", data, { jobId: `report-${taskId}-${version}` });
  };
}

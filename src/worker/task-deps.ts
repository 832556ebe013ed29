import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { GitHubClient } from "../github/github-client.ts";
import type { EnvironmentHolds } from "../locks/environment-holds.ts";
import type { EnvironmentLines } from "../locks/environment-line.ts";
import type { CancelRequests } from "../queue/cancel-requests.ts";
import type { JobRecords } from "../queue/job-records.ts";
import type { ReportRequester } from "../queue/request-report.ts";
import type { Logger } from "../shared/logger.ts";
import type { CancelWatch } from "./cancel-watch.ts";

/** What running tasks needs from the outside world, passed in so tests can see every effect. */
export interface TaskDeps {
  github: (installationId: number) => Promise<GitHubClient>;
  records: JobRecords;
  requestReport: ReportRequester;
  redis: Redis;
  prefix: string;
  log: Logger;
  now: () => number;
  /** Server variables handed to tasks, and the values masked wherever output goes. */
  taskEnv: Readonly<Record<string, string>>;
  secrets: readonly string[];
  workspaceDir: string | undefined;
  outputFlushMs: number;
  lines: EnvironmentLines;
  holds: EnvironmentHolds;
  /** The tasks queue, to wake the next job in a line. */
  tasks: Queue;
  cancels: CancelRequests;
  cancelWatch: CancelWatch;
  /** How long an environment's lease lasts without renewal: the most a dead worker can hold it. */
  leaseMs: number;
  /** How often a `workflow:` task's run is looked at (default 5s). */
  followIntervalMs?: number;
  /** The first pause before a failed `webhook:` request is tried again (default 1s). */
  retryDelayMs?: number;
}

/** How a task job hands itself back to the queue until later (a BullMQ delay), ending this attempt. */
export interface JobControl {
  waitUntil(timestamp: number): Promise<never>;
}

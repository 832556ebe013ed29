import { DelayedError, type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { AuditTrail } from "../audit/audit-trail.ts";
import type { IntakeDeps } from "../dispatch/intake-deps.ts";
import { processIntake } from "../dispatch/process-intake.ts";
import { processSlackIntake } from "../dispatch/process-slack-intake.ts";
import { processPushIntake } from "../dispatch/push-intake-router.ts";
import { reportIntakeFailure, reportSlackIntakeFailure } from "../dispatch/report-intake-failure.ts";
import { intakeJobSchema } from "../jobs/intake-job.schema.ts";
import { reportJobSchema } from "../jobs/report-job.schema.ts";
import { SLACK_INTAKE, slackIntakeJobSchema } from "../jobs/slack-intake-job.schema.ts";
import { taskJobSchema } from "../jobs/task-job.schema.ts";
import { githubBackoff, giveUpUnlessRetryable } from "../queue/github-backoff.ts";
import { QUEUE_NAMES } from "../queue/queue-names.ts";
import { processReport, type ReportDeps } from "../reporting/process-report.ts";
import type { IngressPressure } from "../shared/ingress-pressure.ts";
import type { Logger } from "../shared/logger.ts";
import { auditJobEnd } from "../worker/job-end-audit.ts";
import { processTaskJob } from "../worker/process-task-job.ts";
import { settleFailedTask } from "../worker/settle-failed-task.ts";
import type { TaskDeps } from "../worker/task-deps.ts";

export interface WorkerSet {
  /** Takes no new jobs; resolves once the jobs running now have ended. */
  close(): Promise<void>;
  /** Aborts every task this process runs: each stops its process group and reports itself interrupted. */
  interruptTasks(reason: string): void;
}

/**
 * Intake and report jobs are short and safe to repeat. A job that Redis moved to active just before it
 * crashed, whose worker never heard so, waits for its lock to lapse and a stalled check to put it back:
 * with BullMQ's 30 s for both, up to a minute; with these, a quarter of that.
 */
const SHORT_JOB_LOCK = { lockDuration: 10_000, stalledInterval: 5_000 } as const;

/** Starts the intake, task and report workers on their own Redis connection. */
export function startWorkers(input: {
  connection: Redis;
  prefix: string;
  concurrency: number;
  taskLockMs: number;
  intake: IntakeDeps;
  tasks: TaskDeps;
  reports: ReportDeps;
  audit: AuditTrail;
  log: Logger;
  /** Webhook traffic in this same process, when there is a web side here too. */
  pressure?: IngressPressure;
}): WorkerSet {
  const { connection, prefix, log } = input;
  const settings = { backoffStrategy: githubBackoff };
  const rethrow = (error: unknown) => {
    throw giveUpUnlessRetryable(error);
  };

  const intake = new Worker(
    QUEUE_NAMES.intake,
    async (job: Job, token) => {
      // Pushes, re-runs and closed pull requests; a push waiting for its checks comes back later.
      const pushWork = processPushIntake(input.intake, job.name, job.data);
      if (pushWork !== undefined) {
        const step = await pushWork.catch(rethrow);
        if (step.kind === "done") return;
        await job.moveToDelayed(step.until, token);
        throw new DelayedError();
      }
      const work =
        job.name === SLACK_INTAKE
          ? processSlackIntake(withLog(input.intake, { job: job.id }), slackIntakeJobSchema.parse(job.data))
          : processComment(job.id, intakeJobSchema.parse(job.data));
      return work.catch(rethrow);
    },
    { connection, prefix, concurrency: 16, settings, ...SHORT_JOB_LOCK },
  );
  const tasks = new Worker(
    QUEUE_NAMES.tasks,
    async (job: Job, token, signal) => {
      const task = taskJobSchema.parse(job.data);
      const deps = withLog(input.tasks, {
        job: task.id,
        repository: `${task.repository.owner}/${task.repository.name}`,
        environment: task.environment,
      });
      const control = {
        async waitUntil(timestamp: number): Promise<never> {
          await job.moveToDelayed(timestamp, token);
          throw new DelayedError();
        },
      };
      return processTaskJob(deps, task, control, signal ?? new AbortController().signal).catch(rethrow);
    },
    // A task whose worker died is not run again behind anyone's back: it fails as stalled and is reported.
    // BullMQ notices a stalled job at the first check after its lock lapses. A lock of two thirds of
    // TASK_LOCK_MS renewed every sixth always has half of it left (a Redis outage that short costs no
    // running job its lock), and with a check every twelfth a dead worker's task is reported within
    // three quarters of TASK_LOCK_MS, plus the report's own time.
    {
      connection,
      prefix,
      concurrency: input.concurrency,
      maxStalledCount: 0,
      lockDuration: Math.round((input.taskLockMs * 2) / 3),
      lockRenewTime: Math.round(input.taskLockMs / 6),
      stalledInterval: Math.round(input.taskLockMs / 12),
      settings,
    },
  );
  const reports = new Worker(
    QUEUE_NAMES.reports,
    async (job: Job, token) => {
      reportJobSchema.parse(job.data);
      return processReport(input.reports, job, token).catch(rethrow);
    },
    { connection, prefix, concurrency: 16, settings, ...SHORT_JOB_LOCK },
  );

  // Every line a job's work logs names the job, its repository, environment and delivery.
  const processComment = (id: string | undefined, data: ReturnType<typeof intakeJobSchema.parse>) =>
    processIntake(
      withLog(input.intake, {
        job: id,
        delivery: data.deliveryId,
        repository: `${data.repository.owner}/${data.repository.name}`,
      }),
      data,
    );

  intake.on("failed", (job, error) => {
    log.error({ err: error, job: job?.id, attempts: job?.attemptsMade }, "intake job failed");
    const final =
      job && (error.name === "UnrecoverableError" || job.attemptsMade >= (job.opts.attempts ?? 1));
    if (!final) return;
    const told = (e: unknown) =>
      log.warn({ err: e, job: job.id }, "could not tell the requester that their command failed");
    const slack = slackIntakeJobSchema.safeParse(job.data);
    if (job.name === SLACK_INTAKE && slack.success) {
      reportSlackIntakeFailure(input.intake, slack.data, error).catch(told);
      return;
    }
    const parsed = intakeJobSchema.safeParse(job.data);
    if (parsed.success) reportIntakeFailure(input.intake, parsed.data, error).catch(told);
  });
  reports.on("failed", (job, error) => {
    log.warn({ err: error, job: job?.id, attempts: job?.attemptsMade }, "report failed");
  });
  const ended = { records: input.tasks.records, audit: input.audit, now: input.tasks.now };
  // What a job's end still writes after its queue attempt is over; closing waits for it.
  const settling = new Set<Promise<void>>();
  const settle = (work: Promise<void>) => {
    settling.add(work);
    void work.finally(() => settling.delete(work));
  };
  tasks.on("failed", (job, error) => {
    log.error({ err: error, job: job?.id }, "task job failed");
    if (!job) return;
    const parsed = taskJobSchema.safeParse(job.data);
    const stalled = error.message.includes("stalled");
    const retrying = job.attemptsMade < (job.opts.attempts ?? 1) && !stalled;
    if (parsed.success && !retrying) {
      const retry = () => job.retry("failed");
      settle(
        settleFailedTask(input.tasks, parsed.data, { error, stalled, retry })
          .then(() => auditJobEnd(ended, parsed.data.id))
          .catch((e: unknown) => {
            log.error({ err: e, job: job.id }, "could not report an interrupted task");
          }),
      );
    }
  });
  tasks.on("completed", (job) => {
    if (job.id === undefined) return;
    settle(
      auditJobEnd(ended, job.id).catch((e: unknown) => {
        log.error({ err: e, job: job.id }, "could not put a finished job on the audit trail");
      }),
    );
  });
  for (const worker of [intake, tasks, reports]) {
    worker.on("error", (error) => log.error({ err: error, queue: worker.name }, "worker error"));
  }
  const yieldToIngress = input.pressure ? governConcurrency(input.pressure, [intake, reports]) : undefined;
  return {
    async close() {
      if (yieldToIngress) clearInterval(yieldToIngress);
      await Promise.all([intake.close(), tasks.close(), reports.close()]);
      await Promise.all(settling);
    },
    interruptTasks(reason) {
      tasks.cancelAllJobs(reason);
    },
  };
}

const GOVERNOR_TICK_MS = 50;
// Deliveries per tick (40 a second) and event-loop busy share above which webhooks are waiting on workers.
const BURST_HITS = 2;
const BUSY_LOOP = 0.7;

/**
 * While webhooks pour in and the event loop is busy, the GitHub-calling workers take one job at a
 * time, so deliveries are answered first. When GitHub is slow the loop is idle and nothing changes.
 */
function governConcurrency(pressure: IngressPressure, workers: readonly Worker[]): NodeJS.Timeout {
  const normal = workers.map((w) => w.concurrency);
  let last = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const busy = performance.eventLoopUtilization(now, last).utilization > BUSY_LOOP;
    last = now;
    const yieldToIngress = pressure.take() > BURST_HITS && busy;
    workers.forEach((worker, i) => {
      const wanted = yieldToIngress ? 1 : (normal[i] ?? 1);
      if (worker.concurrency !== wanted) worker.concurrency = wanted;
    });
  }, GOVERNOR_TICK_MS);
  timer.unref();
  return timer;
}

/** The same dependencies with a logger that adds `bindings` to every line. */
function withLog<T extends { log: Logger }>(deps: T, bindings: Record<string, unknown>): T {
  return { ...deps, log: deps.log.child(bindings) };
}

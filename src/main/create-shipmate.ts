import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AuditTrail } from "../audit/audit-trail.ts";
import { RepoConfigCache } from "../config/repo-config-cache.ts";
import { prepareLauncher, stopLauncher } from "../executors/process/launcher.ts";
import { createProbot, githubClientFactory } from "../github/create-probot.ts";
import { createGitHubApp } from "../github/github-app.ts";
import { handleGitHubEvent } from "../ingress/github/github-events.ts";
import { githubWebhookRoute } from "../ingress/github/webhook-route.ts";
import { createHttpServer } from "../ingress/http/create-server.ts";
import { createSlackIngress } from "../ingress/slack/create-slack-ingress.ts";
import { EnvironmentHolds } from "../locks/environment-holds.ts";
import { EnvironmentLines } from "../locks/environment-line.ts";
import { CancelRequests } from "../queue/cancel-requests.ts";
import { closeQueues, createQueues } from "../queue/create-queues.ts";
import { slackIntakeEnqueuer } from "../queue/enqueue-slack-intake.ts";
import { JobRecords } from "../queue/job-records.ts";
import {
  createProducerConnection,
  createWorkerConnection,
  waitUntilReady,
} from "../queue/redis-connections.ts";
import { createReportRequester } from "../queue/request-report.ts";
import { IngressPressure } from "../shared/ingress-pressure.ts";
import type { Logger } from "../shared/logger.ts";
import { createSlackClient } from "../slack/create-slack-client.ts";
import { CancelWatch } from "../worker/cancel-watch.ts";
import type { Settings } from "./settings.ts";
import { startWorkers, type WorkerSet } from "./start-workers.ts";

export interface Shipmate {
  server: Server;
  /** Starts listening; resolves with the port. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

export interface ShipmateOptions {
  /** How often a running task's output is written to its report (ms). */
  outputFlushMs?: number;
}

/** Wires one Shipmate process: the web side, the workers, or both, as the role says. */
export async function createShipmate(
  settings: Settings,
  log: Logger,
  options: ShipmateOptions = {},
): Promise<Shipmate> {
  const prefix = settings.redisPrefix;
  const redis = createProducerConnection(settings.redisUrl);
  redis.on("error", (error) => log.warn({ err: error.message }, "redis connection"));
  await waitUntilReady(redis);
  const queues = createQueues(redis, prefix);
  const records = new JobRecords(redis, prefix);
  const configCache = new RepoConfigCache(redis, prefix);
  const probot = createProbot(settings.github, log);
  const github = githubClientFactory(probot);
  const githubApp = createGitHubApp(probot);
  const slack = settings.slack
    ? createSlackClient({ token: settings.slack.botToken, apiUrl: settings.slack.apiUrl })
    : undefined;
  const requestReport = createReportRequester(queues.reports);
  const now = () => Date.now();
  const audit = new AuditTrail(redis, prefix, log);
  const lines = new EnvironmentLines(redis, prefix);
  const holds = new EnvironmentHolds(redis, prefix, audit, now);
  const cancels = new CancelRequests(redis, prefix);

  const pressure = settings.role === "all" ? new IngressPressure() : undefined;
  let workers: WorkerSet | undefined;
  let workerRedis: ReturnType<typeof createWorkerConnection> | undefined;
  let cancelWatch: CancelWatch | undefined;
  if (settings.role !== "web") {
    prepareLauncher();
    workerRedis = createWorkerConnection(settings.redisUrl);
    workerRedis.on("error", (error) => log.warn({ err: error.message }, "redis worker connection"));
    const subscriber = createWorkerConnection(settings.redisUrl);
    subscriber.on("error", (error) => log.warn({ err: error.message }, "redis cancel subscription"));
    cancelWatch = new CancelWatch(subscriber, cancels, log);
    await cancelWatch.start();
    workers = startWorkers({
      connection: workerRedis,
      prefix,
      concurrency: settings.workerConcurrency,
      taskLockMs: settings.taskLockMs,
      log,
      ...(pressure ? { pressure } : {}),
      intake: {
        github,
        configCache,
        records,
        tasks: queues.tasks,
        requestReport,
        redis,
        prefix,
        log,
        now,
        lines,
        holds,
        audit,
        cancels,
        githubApp,
        slack,
        slackUsers: settings.slack?.users ?? {},
        slackChannelRepos: settings.slack?.channelRepos ?? {},
      },
      tasks: {
        github,
        records,
        requestReport,
        redis,
        prefix,
        log,
        now,
        taskEnv: settings.taskEnv,
        secrets: settings.secrets,
        workspaceDir: settings.workspaceDir,
        outputFlushMs: options.outputFlushMs ?? 5_000,
        lines,
        holds,
        tasks: queues.tasks,
        cancels,
        cancelWatch,
        leaseMs: settings.taskLockMs,
      },
      reports: { github, slack, records, redis, prefix, now },
    });
  }

  const ingress = { intake: queues.intake, configCache, redis, prefix, log, holds };
  const enqueueSlack = slackIntakeEnqueuer(queues.intake);
  const slackIngress =
    settings.slack && settings.role !== "worker"
      ? createSlackIngress({
          settings: settings.slack,
          enqueue: (job) => {
            pressure?.hit();
            return enqueueSlack(job);
          },
          ...(slack
            ? { notify: (note: Parameters<typeof slack.postEphemeral>[0]) => slack.postEphemeral(note) }
            : {}),
          log,
        })
      : undefined;
  const server = createHttpServer(
    {
      githubWebhooks: githubWebhookRoute({
        secrets: [settings.github.webhookSecret],
        handle: (event, deliveryId, payload) => {
          pressure?.hit();
          return handleGitHubEvent(ingress, event, deliveryId, payload);
        },
        log,
      }),
      slackEvents: slackIngress?.route,
      healthz: (_req, res) => {
        res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      },
      readyz: async (_req, res) => {
        const ready = await redis.ping().then(
          () => true,
          () => false,
        );
        res
          .writeHead(ready ? 200 : 503, { "content-type": "text/plain" })
          .end(ready ? "ready\n" : "Redis is not reachable\n");
      },
    },
    (error) => log.error({ err: error }, "request failed"),
  );

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(settings.port, settings.role === "worker" ? "127.0.0.1" : settings.host, () => {
          const port = (server.address() as AddressInfo).port;
          (slackIngress?.start() ?? Promise.resolve()).then(() => resolve(port), reject);
        });
      }),
    async close() {
      await slackIngress?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await workers?.close();
      await cancelWatch?.close();
      if (workers) await stopLauncher();
      await closeQueues(queues);
      workerRedis?.disconnect();
      redis.disconnect();
    },
  };
}

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AuditTrail } from "../audit/audit-trail.ts";
import { RepoConfigCache } from "../config/repo-config-cache.ts";
import { prepareLauncher, stopLauncher } from "../executors/process/launcher.ts";
import { createProbot, githubClientFactory } from "../github/create-probot.ts";
import { createGitHubApp } from "../github/github-app.ts";
import { rateGatedGitHubClient } from "../github/rate-gated-github-client.ts";
import { handleGitHubEvent } from "../ingress/github/github-events.ts";
import { githubWebhookRoute } from "../ingress/github/webhook-route.ts";
import { createHttpServer } from "../ingress/http/create-server.ts";
import { EnvironmentHolds } from "../locks/environment-holds.ts";
import { EnvironmentLines } from "../locks/environment-line.ts";
import { createMetrics } from "../metrics/create-metrics.ts";
import { countGitHubCalls } from "../metrics/github-calls.ts";
import { jobMetrics } from "../metrics/job-metrics.ts";
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
import { NotBeforeGate } from "../shared/not-before-gate.ts";
import { createSlackClient } from "../slack/create-slack-client.ts";
import { rateGatedSlackClient } from "../slack/rate-gated-slack-client.ts";
import { SlackRateGate } from "../slack/slack-rate-gate.ts";
import { createWebRoutes } from "../web/web-routes.ts";
import { CancelWatch } from "../worker/cancel-watch.ts";
import { Readiness } from "./readiness.ts";
import { appCredentialsLoaded, redisReachable } from "./readiness-checks.ts";
import type { Settings } from "./settings.ts";
import type { Stoppable } from "./shutdown.ts";
import { startWorkers, type WorkerSet } from "./start-workers.ts";

export interface Shipmate extends Stoppable {
  server: Server;
  /** Starts listening; resolves with the port. */
  listen(): Promise<number>;
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
  const redis = createProducerConnection(settings.redisTarget);
  redis.on("error", (error) => log.warn({ err: error.message }, "redis connection"));
  await waitUntilReady(redis);
  const queues = createQueues(redis, prefix);
  const records = new JobRecords(redis, prefix);
  const configCache = new RepoConfigCache(redis, prefix);
  const metrics = createMetrics({ queues: Object.values(queues), redis, prefix, log, now: () => Date.now() });
  const probot = countGitHubCalls(createProbot(settings.github, log), metrics.series);
  const github = githubClientFactory(probot);
  const githubApp = createGitHubApp(probot);
  // Reports make most of the writes: each waits out a rate limit that GitHub told any worker, per installation.
  const githubGate = new NotBeforeGate(redis, `${prefix}:github-not-before`);
  const reportGitHub = async (installationId: number) =>
    rateGatedGitHubClient(await github(installationId), githubGate, installationId);
  // Every caller in every process honours a Retry-After that Slack told any of them.
  const slack = settings.slack
    ? rateGatedSlackClient(
        createSlackClient({
          token: settings.slack.botToken,
          apiUrl: settings.slack.apiUrl,
          metrics: metrics.recorder,
        }),
        new SlackRateGate(redis, prefix),
      )
    : undefined;
  const requestReport = createReportRequester(queues.reports);
  const now = () => Date.now();
  const audit = new AuditTrail(redis, prefix, log, {
    maxLength: settings.audit.maxEvents,
    retentionMs: settings.audit.retentionMs,
    now,
  });
  const lines = new EnvironmentLines(redis, prefix);
  const holds = new EnvironmentHolds(redis, prefix, audit, now);
  const cancels = new CancelRequests(redis, prefix);
  const web = createWebRoutes({ web: settings.web, records, redis, prefix, queues, now });

  const pressure = settings.role === "all" ? new IngressPressure() : undefined;
  let workers: WorkerSet | undefined;
  let workerRedis: ReturnType<typeof createWorkerConnection> | undefined;
  let cancelWatch: CancelWatch | undefined;
  if (settings.role !== "web") {
    prepareLauncher();
    workerRedis = createWorkerConnection(settings.redisTarget);
    workerRedis.on("error", (error) => log.warn({ err: error.message }, "redis worker connection"));
    const subscriber = createWorkerConnection(settings.redisTarget);
    subscriber.on("error", (error) => log.warn({ err: error.message }, "redis cancel subscription"));
    cancelWatch = new CancelWatch(subscriber, cancels, log);
    await cancelWatch.start();
    workers = startWorkers({
      connection: workerRedis,
      prefix,
      concurrency: settings.workerConcurrency,
      taskLockMs: settings.taskLockMs,
      log,
      audit,
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
      reports: {
        github: reportGitHub,
        slack,
        records,
        redis,
        prefix,
        now,
        jobLink: web.jobLink,
        observeRecord: jobMetrics({
          redis,
          records,
          github,
          series: metrics.series,
          environments: metrics.environments,
          log,
        }),
      },
    });
  }

  const ingress = {
    intake: queues.intake,
    configCache,
    redis,
    prefix,
    log,
    holds,
    appId: settings.github.appId,
  };
  const enqueueSlack = slackIntakeEnqueuer(queues.intake);
  const slackIngress =
    settings.slack && settings.role !== "worker"
      ? // Bolt, with Express and axios, is loaded only where Slack is set up: some 10 MB of an idle process.
        (await import("../ingress/slack/create-slack-ingress.ts")).createSlackIngress({
          settings: settings.slack,
          enqueue: (job) => {
            pressure?.hit();
            return enqueueSlack(job);
          },
          ...(slack
            ? { notify: (note: Parameters<typeof slack.postEphemeral>[0]) => slack.postEphemeral(note) }
            : {}),
          metrics: metrics.recorder,
          log,
        })
      : undefined;
  const readiness = new Readiness([redisReachable(redis), appCredentialsLoaded(settings.github)]);
  let slackStopped: Promise<void> | undefined;
  const stopSlack = () => {
    slackStopped ??= slackIngress?.stop() ?? Promise.resolve();
    return slackStopped;
  };
  const server = createHttpServer(
    {
      githubWebhooks: readiness.gate(
        githubWebhookRoute({
          secrets: settings.github.webhookSecrets ?? [settings.github.webhookSecret],
          handle: (event, deliveryId, payload) => {
            pressure?.hit();
            return handleGitHubEvent(ingress, event, deliveryId, payload);
          },
          log,
          metrics: metrics.recorder,
        }),
      ),
      slackEvents: slackIngress ? readiness.gate(slackIngress.route) : undefined,
      jobPage: web.jobPage,
      adminQueues: web.adminQueues,
      metrics: metrics.route,
      healthz: readiness.healthz,
      readyz: readiness.readyz,
    },
    (error) => log.error({ err: error }, "request failed"),
    metrics.recorder,
  );

  return {
    server,
    listen: () =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(settings.port, settings.role === "worker" ? settings.workerHost : settings.host, () => {
          const port = (server.address() as AddressInfo).port;
          (slackIngress?.start() ?? Promise.resolve()).then(() => resolve(port), reject);
        });
      }),
    async stopTaking() {
      readiness.stop();
      await stopSlack();
      await workers?.close();
    },
    interruptTasks() {
      workers?.interruptTasks("shutdown");
    },
    async close() {
      readiness.stop();
      await stopSlack();
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

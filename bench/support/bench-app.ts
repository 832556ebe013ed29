import { Queue } from "bullmq";
import { QUEUE_NAMES } from "../../src/queue/queue-names.ts";
import { FakeSlack } from "../../test/support/fake-slack.ts";
import { createLocalRepo, type LocalRepo } from "../../test/support/git-repo.ts";
import { type Running, startShipmate } from "../../test/support/harness.ts";
import { TEST_SIGNING_SECRET } from "../../test/support/slack-request.ts";
import type { BenchConfig } from "./bench-config.ts";
import { onCleanup } from "./cleanup.ts";
import type { DeliveryTemplate } from "./delivery-body.ts";
import { deliveryTemplate } from "./delivery-template.ts";

// A deploy that does nothing: the bench times Shipmate, not a deploy script; `slow` lasts long enough
// for its running state to be shown. The Slack user is alice, so `/shipmate deploy acme/shop#7 to
// staging` runs with her rights; no channel, so a comment's deploy sends nothing to Slack.
const CONFIG = `environments:
  staging:
    deploy: "true"
    url: https://staging.example.com
  slow:
    deploy: "sleep 1"
slack:
  users: { U0ALICE01: alice }
`;

/** A whole Shipmate (web + workers) against the fake GitHub and Slack, with the queues it fills open for counting. */
export interface BenchApp {
  app: Running;
  slack: FakeSlack;
  repo: LocalRepo;
  /** `/deploy staging` on PR 7 by alice. */
  template: DeliveryTemplate;
  /** `/deploy slow`: the same, for a deploy that runs a second. */
  slowTemplate: DeliveryTemplate;
  intake: Queue;
  tasks: Queue;
  stop(): Promise<void>;
}

/** Starts Shipmate on a fresh Redis prefix, with acme/shop deploying PR 7 from a local git repository. */
export async function startBenchApp(config: BenchConfig): Promise<BenchApp> {
  const repo = createLocalRepo();
  const forgetRepo = onCleanup("temp git repository", () => repo.remove());
  const sha = repo.commit({ "README.md": "bench\n" }, "bench");
  const slack = new FakeSlack();
  const slackApiUrl = await slack.start();
  const forgetSlack = onCleanup("fake Slack", () => slack.stop());
  const env: Record<string, string> = {
    ROLE: config.role,
    SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-bench-token",
    SLACK_API_URL: slackApiUrl,
  };
  if (config.workerConcurrency) env.WORKER_CONCURRENCY = config.workerConcurrency;
  if (config.logLevel) env.LOG_LEVEL = config.logLevel;
  const app = await startShipmate(env);
  const forgetApp = onCleanup("shipmate, fake GitHub and Redis keys", () => app.stop());
  app.github.latencyMs = config.githubLatencyMs;
  app.github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [{ number: 7, headSha: sha, headRef: "feature/bench" }],
    cloneUrl: repo.cloneUrl,
  });
  const inspect = { connection: app.redis, prefix: app.prefix };
  const intake = new Queue(QUEUE_NAMES.intake, inspect);
  const tasks = new Queue(QUEUE_NAMES.tasks, inspect);
  return {
    app,
    slack,
    repo,
    template: deliveryTemplate(repo.cloneUrl),
    slowTemplate: deliveryTemplate(repo.cloneUrl, "/deploy slow"),
    intake,
    tasks,
    async stop() {
      await Promise.all([intake.close(), tasks.close()]);
      await app.stop();
      forgetApp();
      await slack.stop();
      forgetSlack();
      repo.remove();
      forgetRepo();
    },
  };
}

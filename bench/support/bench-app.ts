import { Queue } from "bullmq";
import { QUEUE_NAMES } from "../../src/queue/queue-names.ts";
import { createLocalRepo, type LocalRepo } from "../../test/support/git-repo.ts";
import { type Running, startShipmate } from "../../test/support/harness.ts";
import type { BenchConfig } from "./bench-config.ts";
import { onCleanup } from "./cleanup.ts";
import type { DeliveryTemplate } from "./delivery-body.ts";
import { deliveryTemplate } from "./delivery-template.ts";

// A deploy that does nothing: the bench times Shipmate, not a deploy script.
const CONFIG = `environments:
  staging:
    deploy: "true"
    url: https://staging.example.com
`;

/** A whole Shipmate (web + workers) against the fake GitHub, with the queues it fills open for counting. */
export interface BenchApp {
  app: Running;
  repo: LocalRepo;
  template: DeliveryTemplate;
  intake: Queue;
  tasks: Queue;
  stop(): Promise<void>;
}

/** Starts Shipmate on a fresh Redis prefix, with acme/shop deploying PR 7 from a local git repository. */
export async function startBenchApp(config: BenchConfig): Promise<BenchApp> {
  const repo = createLocalRepo();
  const forgetRepo = onCleanup("temp git repository", () => repo.remove());
  const sha = repo.commit({ "README.md": "bench\n" }, "bench");
  const env: Record<string, string> = { ROLE: config.role };
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
  });
  const inspect = { connection: app.redis, prefix: app.prefix };
  const intake = new Queue(QUEUE_NAMES.intake, inspect);
  const tasks = new Queue(QUEUE_NAMES.tasks, inspect);
  return {
    app,
    repo,
    template: deliveryTemplate(repo.cloneUrl),
    intake,
    tasks,
    async stop() {
      await Promise.all([intake.close(), tasks.close()]);
      await app.stop();
      forgetApp();
      repo.remove();
      forgetRepo();
    },
  };
}

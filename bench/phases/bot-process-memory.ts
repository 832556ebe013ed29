import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUE_NAMES } from "../../src/queue/queue-names.ts";
import { FakeGitHub } from "../../test/support/fake-github.ts";
import { createLocalRepo, type LocalRepo } from "../../test/support/git-repo.ts";
import { testPrivateKey, WEBHOOK_SECRET } from "../../test/support/harness.ts";
import { type BotProcess, buildLikeNpmStart, startBotProcess } from "../support/bot-process.ts";
import { onCleanup } from "../support/cleanup.ts";
import { deliveryTemplate } from "../support/delivery-template.ts";
import { takeRockets } from "../support/fake-calls.ts";
import { type QueueState, queueState } from "../support/queue-inspect.ts";
import { deleteKeysWithPrefix } from "../support/redis-keys.ts";
import { runLoad } from "../support/run-load.ts";

/** The comment every job starts from: a dry run is not serialised, so the jobs run side by side. */
export const JOB_COMMENT = "/deploy staging --dry-run";
/** How many deliveries are in flight at once while the jobs are sent. */
const SEND_CONCURRENCY = 16;
/** How long the bot is left alone before its memory is read, after starting and after the jobs. */
const SETTLE_MS = 3_000;

const CONFIG = `environments:
  staging:
    deploy: "true"
`;

export interface BotProcessMemory {
  /** The command line, as `npm start` runs it. */
  command: string;
  idleRssMb: number;
  /** Resident size of the spawn launcher beside it, if it started one. */
  launcherRssMb: number | undefined;
  /** Undefined when no jobs were asked for (BENCH_JOBS=0). */
  afterJobs: AfterJobs | undefined;
}

export interface AfterJobs {
  /** Signed `/deploy staging --dry-run` deliveries sent, and how many were answered 2xx. */
  sent: number;
  accepted: number;
  /** Finished jobs of each queue once the work ended (reports are removed as they complete). */
  intake: QueueState;
  tasks: QueueState;
  /** 🚀 reactions posted: dry runs that ran `true` and reported success on the pull request. */
  rockets: number;
  drained: boolean;
  /** From the first delivery sent until nothing was left in any queue (or the cap). */
  ms: number;
  /** CPU time the bot's process used meanwhile (user + system). */
  cpuMs: number;
  /** Read SETTLE_MS after the queues drained. */
  rssMb: number;
  /** The most the process was resident at any time since it started (VmHWM). */
  peakRssMb: number;
  launcherRssMb: number | undefined;
}

interface JobOptions {
  jobs: number;
  capMs: number;
  /** Called with the idle figures before any job is sent. */
  onIdle: (b: BotProcessMemory) => void;
  onProgress: (p: BotProgress) => void;
}

export interface BotProgress {
  elapsedMs: number;
  intake: QueueState;
  tasks: QueueState;
  reports: QueueState;
  rssMb: number;
}

/**
 * Starts the bot exactly as `npm start` does (build, then compiled, with the start script's node flags)
 * against a fake GitHub on a fresh Redis prefix, reads its resident set size once it has settled, then
 * sends `jobs` signed `/deploy staging --dry-run` comments, waits until every intake, task and report job
 * is done, and reads it again. Each comment is one intake job and one task (a checkout of the pinned
 * commit and `true`), with its reports (👀, the status comment, 🚀).
 */
export async function measureBotProcessMemory(
  redisUrl: string,
  options: JobOptions,
): Promise<BotProcessMemory> {
  buildLikeNpmStart();
  const github = new FakeGitHub();
  const githubHost = await github.start();
  const repo = createLocalRepo();
  const prefix = `{shipmate-bench-bot-${randomUUID().slice(0, 8)}}`;
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const cleanUp = async () => {
    await github.stop();
    repo.remove();
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  };
  const forget = onCleanup("bot process's fake GitHub, repository and Redis keys", cleanUp);
  try {
    return await measure({ redisUrl, github, githubHost, repo, redis, prefix }, options);
  } finally {
    forget();
    await cleanUp();
  }
}

/** What the bot process is started against: all of it the bench's, removed when the phase ends. */
interface BotWorld {
  redisUrl: string;
  github: FakeGitHub;
  githubHost: string;
  repo: LocalRepo;
  /** The bench's own connection, for reading the bot's queues. */
  redis: Redis;
  prefix: string;
}

async function measure(world: BotWorld, options: JobOptions): Promise<BotProcessMemory> {
  const { github, repo, redis, prefix } = world;
  const sha = repo.commit({ "README.md": "bench\n" }, "bench");
  github.addRepo({
    owner: "acme",
    name: "shop",
    config: CONFIG,
    roles: { alice: "write" },
    pulls: [{ number: 7, headSha: sha, headRef: "feature/bench" }],
    cloneUrl: repo.cloneUrl,
  });
  const bot = await startBotProcess({
    APP_ID: "1",
    PRIVATE_KEY: testPrivateKey(),
    WEBHOOK_SECRET,
    GHE_HOST: world.githubHost,
    GHE_PROTOCOL: "http",
    REDIS_URL: world.redisUrl,
    SHIPMATE_REDIS_PREFIX: prefix,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "info",
    // BENCH_BOT_NODE_OPTIONS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`) looks inside the bot's process.
    ...(process.env.BENCH_BOT_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_BOT_NODE_OPTIONS } : {}),
  });
  try {
    await sleep(SETTLE_MS);
    const result: BotProcessMemory = {
      command: bot.command,
      idleRssMb: bot.memory().rssMb,
      launcherRssMb: bot.launcherRssMb(),
      afterJobs: undefined,
    };
    options.onIdle(result);
    if (options.jobs > 0) {
      const queues = {
        intake: new Queue(QUEUE_NAMES.intake, { connection: redis, prefix }),
        tasks: new Queue(QUEUE_NAMES.tasks, { connection: redis, prefix }),
        reports: new Queue(QUEUE_NAMES.reports, { connection: redis, prefix }),
      };
      try {
        result.afterJobs = await driveJobs(bot, github, repo.cloneUrl, queues, options);
      } finally {
        await Promise.all(Object.values(queues).map((q) => q.close()));
      }
    }
    return result;
  } finally {
    await bot.stop();
  }
}

async function driveJobs(
  bot: BotProcess,
  github: FakeGitHub,
  cloneUrl: string,
  queues: { intake: Queue; tasks: Queue; reports: Queue },
  options: JobOptions,
): Promise<AfterJobs> {
  const started = performance.now();
  const cpuBefore = bot.cpuMs();
  let rockets = 0;
  // Sent from the load process, while this one polls the queues and keeps the fake's call record short.
  const sending = runLoad({
    url: bot.url,
    send: {
      kind: "github",
      template: deliveryTemplate(cloneUrl, JOB_COMMENT),
      secret: WEBHOOK_SECRET,
      firstCommentId: 1,
      n: options.jobs,
    },
    concurrency: SEND_CONCURRENCY,
    requestTimeoutMs: 10_000,
    capMs: options.capMs,
  });
  let sent: Awaited<typeof sending> | undefined;
  let sendFailed = false;
  // A failed send ends the wait; awaiting `sending` below then throws its error.
  sending.then(
    (r) => {
      sent = r;
    },
    () => {
      sendFailed = true;
    },
  );
  let drained = false;
  let quietChecks = 0;
  let lastProgress = started;
  let state = await readQueues(queues);
  while (!sendFailed && performance.now() - started < options.capMs) {
    await sleep(1_000);
    rockets += takeRockets(github);
    state = await readQueues(queues);
    const now = performance.now();
    if (now - lastProgress >= 30_000) {
      lastProgress = now;
      options.onProgress({ elapsedMs: now - started, ...state, rssMb: bot.memory().rssMb });
    }
    const idle = state.intake.pending + state.tasks.pending + state.reports.pending === 0;
    // Twice in a row: a report can be queued just after a task's last look.
    quietChecks = sent !== undefined && idle ? quietChecks + 1 : 0;
    if (quietChecks >= 2) {
      drained = true;
      break;
    }
  }
  const ms = performance.now() - started;
  const cpuMs = bot.cpuMs() - cpuBefore;
  const load = sent ?? (await sending);
  await sleep(SETTLE_MS);
  rockets += takeRockets(github);
  const memory = bot.memory();
  const accepted = Object.entries(load.outcomes)
    .filter(([status]) => status.startsWith("2"))
    .reduce((sum, [, count]) => sum + count, 0);
  return {
    sent: load.sent,
    accepted,
    intake: state.intake,
    tasks: state.tasks,
    rockets,
    drained,
    ms,
    cpuMs,
    rssMb: memory.rssMb,
    peakRssMb: memory.peakRssMb,
    launcherRssMb: bot.launcherRssMb(),
  };
}

async function readQueues(queues: { intake: Queue; tasks: Queue; reports: Queue }) {
  const [intake, tasks, reports] = await Promise.all([
    queueState(queues.intake),
    queueState(queues.tasks),
    queueState(queues.reports),
  ]);
  return { intake, tasks, reports };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

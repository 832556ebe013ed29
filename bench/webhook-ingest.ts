import { REDIS_URL, WEBHOOK_SECRET } from "../test/support/harness.ts";
import { measureBotProcessMemory } from "./phases/bot-process-memory.ts";
import { countDeployCalls } from "./phases/calls-per-deploy.ts";
import { measureCommentLatency } from "./phases/comment-latency.ts";
import { measureFloor } from "./phases/floor.ts";
import { measureIngest } from "./phases/ingest.ts";
import { measureLine } from "./phases/line-figures.ts";
import { settleIntake } from "./phases/settle.ts";
import { measureSlackAcks } from "./phases/slack-acks.ts";
import { renderMarkdown } from "./report/markdown.ts";
import {
  printBotAfterJobs,
  printBotIdle,
  printBotProgress,
  printCancel,
  printDeployCalls,
  printFloor,
  printHandOver,
  printHeader,
  printLatency,
  printLevel,
  printMemory,
  printPlaces,
  printRaw,
  printSettled,
  printSlackLevel,
  say,
} from "./report/progress.ts";
import type { BenchResults } from "./report/results.ts";
import { type BenchApp, startBenchApp } from "./support/bench-app.ts";
import { type BenchConfig, readBenchConfig } from "./support/bench-config.ts";
import { cleanUpOnSignals, isStopping, runCleanup } from "./support/cleanup.ts";
import { describeMachine } from "./support/machine.ts";
import { sampleMemory } from "./support/memory.ts";
import { measureRawAdds } from "./support/raw-adds.ts";
import { closeSendOne } from "./support/send-one.ts";
import { underStartFlags } from "./support/start-script.ts";

/**
 * Measures Shipmate in one process (web + workers, fake GitHub and Slack, real Redis):
 * 1. idle memory; 2. raw BullMQ adds, and the same deliveries to a bare and a minimal webhook server
 * in processes of their own (the floor); 3. signed deliveries at each concurrency level, each
 * checked to be exactly one intake job; 4. how far the workers got; 5. on a fresh Shipmate, GitHub
 * calls for a cold and a warm deploy; 6. sequential comment → 👀 / running; 7. Slack slash-command
 * acks at each Slack level; 8. on another fresh Shipmate, one environment's line: hand-over between
 * jobs, `/cancel` latency, place-in-line edits; 9. the bot as `npm start` runs it, in a process of its
 * own: resident memory idle and after BENCH_JOBS jobs.
 * Prints figures only: the exit code is 0 unless something is broken. Knobs (all optional): BENCH_N,
 * BENCH_LEVELS, BENCH_LATENCY_N, BENCH_SLACK_N, BENCH_SLACK_LEVELS, BENCH_LINE_N, BENCH_CANCEL_N,
 * BENCH_JOBS, BENCH_JOBS_CAP_S, BENCH_LEVEL_CAP_S, BENCH_SETTLE_S, BENCH_LATENCY_CAP_S,
 * BENCH_REQUEST_TIMEOUT_MS, BENCH_GITHUB_LATENCY_MS, BENCH_WORKER_CONCURRENCY, BENCH_ROLE (web: no
 * workers), BENCH_LOG_LEVEL; TEST_REDIS_URL picks the Redis.
 */
async function main(): Promise<void> {
  const config = readBenchConfig();
  const machine = await describeMachine(REDIS_URL);
  printHeader(machine, config);

  const loaded = await startBenchApp(config);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const idle = await sampleMemory();
  printMemory("idle after start", idle);
  const results: BenchResults = {
    machine,
    config,
    idle,
    afterLoad: undefined,
    atEnd: undefined,
    raw: [],
    floor: [],
    ingest: [],
    settled: undefined,
    deployCalls: [],
    latency: undefined,
    slack: [],
    bot: undefined,
    line: undefined,
  };

  results.raw = await measureRawAdds(REDIS_URL, config.levels, config.n);
  printRaw(results.raw);
  results.floor = await measureFloor(
    { redisUrl: REDIS_URL, secret: WEBHOOK_SECRET, template: loaded.template },
    config.levels,
    config.n,
    config,
  );
  printFloor(results.floor);
  results.ingest = await measureIngest(loaded, config, 1_000_000, (level) =>
    printLevel(
      level,
      results.raw.find((r) => r.concurrency === level.concurrency),
    ),
  );
  results.afterLoad = await sampleMemory();
  printMemory("after the load levels", results.afterLoad);
  if (config.role === "web") {
    say("(ROLE=web: no workers, so no drain, no deploys, no comment latencies and no environment line)");
    if (config.slackN > 0) results.slack = await measureSlackAcks(loaded, config, printSlackLevel);
    await loaded.stop();
  } else {
    await drain(loaded, config, results);
    await measureDeploys(config, results);
    if (config.lineJobs > 0) {
      results.line = await measureLine(config, {
        handOver: printHandOver,
        cancel: printCancel,
        places: printPlaces,
      });
    }
  }

  results.atEnd = await sampleMemory();
  printMemory("end of the in-process phases", results.atEnd);

  results.bot = await measureBotProcessMemory(REDIS_URL, {
    jobs: config.jobs,
    capMs: config.jobsCapMs,
    onIdle: printBotIdle,
    onProgress: printBotProgress,
  });
  printBotAfterJobs(results.bot);
  say();
  say("## Markdown for docs/performance.md");
  say();
  say(renderMarkdown(results));
}

async function drain(loaded: BenchApp, config: BenchConfig, results: BenchResults): Promise<void> {
  results.settled = await settleIntake(loaded, config.settleCapMs);
  printSettled(results.settled);
  await loaded.stop();
}

/** On a fresh Shipmate (no installation token in memory, no config in Redis): calls per deploy, then latencies and Slack acks. */
async function measureDeploys(config: BenchConfig, results: BenchResults): Promise<void> {
  const fresh = await startBenchApp(config);
  for (const [label, commentId, template] of [
    ["cold", 1, fresh.template],
    ["warm", 2, fresh.template],
    ["warm, `sleep 1`", 3, fresh.slowTemplate],
  ] as const) {
    const calls = await countDeployCalls(fresh, label, commentId, template);
    results.deployCalls.push(calls);
    printDeployCalls(calls);
  }
  if (config.latencyN > 0) {
    results.latency = await measureCommentLatency(fresh, config.latencyN, 100, config.latencyCapMs);
    printLatency(results.latency);
  }
  if (config.slackN > 0) results.slack = await measureSlackAcks(fresh, config, printSlackLevel);
  await fresh.stop();
}

const relaunched = await underStartFlags();
if (relaunched !== undefined) process.exit(relaunched);
cleanUpOnSignals();
main()
  .catch((error: unknown) => {
    if (isStopping()) return;
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(async () => {
    closeSendOne();
    await runCleanup();
  });

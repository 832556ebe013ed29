import { type ChildProcess, spawn } from "node:child_process";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { QUEUE_NAMES } from "../../../src/queue/queue-names.ts";
import { REDIS_URL, testPrivateKey, WEBHOOK_SECRET } from "../../support/harness.ts";
import { parentOf } from "../executors/process-helpers.ts";

/** A Shipmate worker in an OS process of its own, so that a test can stop or kill it like a real one. */
export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Resolves with the exit code (null after a signal) once the process has ended. */
  exited: Promise<number | null>;
  /** What it wrote to stderr, for a failing test's message. */
  stderr(): string;
}

/** Starts `shipmate worker` on the test's Redis prefix and fake GitHub; tasks see `TEST_DEPLOY_OUT=out`. */
export function spawnWorker(input: {
  githubHost: string;
  prefix: string;
  out: string;
  taskLockMs: number;
}): WorkerProcess {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "",
    APP_ID: "1",
    PRIVATE_KEY: testPrivateKey(),
    WEBHOOK_SECRET,
    GHE_HOST: input.githubHost,
    GHE_PROTOCOL: "http",
    REDIS_URL,
    SHIPMATE_REDIS_PREFIX: input.prefix,
    TASK_LOCK_MS: String(input.taskLockMs),
    TASK_ENV: "TEST_DEPLOY_OUT",
    TEST_DEPLOY_OUT: input.out,
    LOG_LEVEL: "silent",
  };
  const child = spawn(process.execPath, ["src/main/cli.ts", "worker"], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-4_000);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  if (child.pid === undefined) throw new Error("could not start a worker process");
  return { child, pid: child.pid, exited, stderr: () => stderr };
}

/** The parents of a running process, nearest first, up to PID 1. */
export function ancestorsOf(pid: number): number[] {
  const found: number[] = [];
  for (let current = parentOf(pid); current > 1 && found.length < 50; current = parentOf(current)) {
    found.push(current);
  }
  return found;
}

/**
 * Waits until exactly `count` workers take commands on the prefix's intake queue (BullMQ names each
 * worker's Redis connection after its queue), so a test knows which process will handle the next one.
 */
export async function waitForIntakeWorkers(prefix: string, count: number, timeoutMs = 10_000): Promise<void> {
  const connection = new Redis(REDIS_URL);
  const intake = new Queue(QUEUE_NAMES.intake, { connection, prefix });
  try {
    const deadline = Date.now() + timeoutMs;
    let seen = await intake.getWorkersCount();
    while (seen !== count) {
      if (Date.now() > deadline) throw new Error(`${seen} intake workers, not ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await intake.getWorkersCount();
    }
  } finally {
    await intake.close();
    connection.disconnect();
  }
}

import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "vitest";
import { stopLauncher } from "../../../src/executors/process/launcher.ts";
import { runTaskProcess, type TaskProcessOptions } from "../../../src/executors/process/run-task-process.ts";
import { spawnDetached } from "../../../src/executors/process/spawner.ts";
import { runInGroup } from "../../../src/executors/workspace/run-git.ts";
import { createSecretMasker } from "../../../src/shared/secret-masker.ts";
import { tempDir } from "./git-fixture.ts";
import { eventually, isRunning, parentOf } from "./process-helpers.ts";

const ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
let temp: ReturnType<typeof tempDir>;

beforeEach(() => {
  temp = tempDir("shipmate-launcher-test-");
});
afterEach(() => temp.remove());
afterAll(() => stopLauncher());

function options(script: string, more: Partial<TaskProcessOptions> = {}): TaskProcessOptions {
  return {
    command: { kind: "shell", script },
    cwd: temp.path,
    env: ENV,
    timeoutMs: 5000,
    masker: createSecretMasker([]),
    killGraceMs: 300,
    ...more,
  };
}

/** Runs a short task and returns the parent of its process while it ran. */
async function parentOfTask(): Promise<number> {
  let parent = 0;
  const result = await runTaskProcess(options("sleep 0.1", { onStart: (pid) => (parent = parentOf(pid)) }));
  expect(result).toMatchObject({ kind: "exited", exitCode: 0 });
  return parent;
}

describe("the launcher", () => {
  test("starts tasks as its own children, not this process's", async () => {
    const launcher = await parentOfTask();
    expect(launcher).not.toBe(process.pid);
    expect(parentOf(launcher)).toBe(process.pid);
    expect(readFileSync(`/proc/${launcher}/cmdline`, "utf8")).toContain("shipmate-launcher");
    expect(await parentOfTask()).toBe(launcher);
  });

  test("killed while a task runs: the run fails at once, its group is stopped, the next run gets a new one", async () => {
    let leader = 0;
    let launcher = 0;
    const started = Date.now();
    const result = await runTaskProcess(
      options("echo started; sleep 30", {
        onStart: (pid) => {
          leader = pid;
          launcher = parentOf(pid);
        },
        onOutput: (chunk) => {
          if (chunk === "started\n") process.kill(launcher, "SIGKILL");
        },
      }),
    );
    expect(result).toMatchObject({
      kind: "exited",
      exitCode: 128,
      output: "started\n[shipmate: the task was stopped: the launcher process ended]\n",
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(isRunning(leader)).toBe(false);
    const next = await parentOfTask();
    expect(next).not.toBe(launcher);
    expect(parentOf(next)).toBe(process.pid);
  });

  test("stopLauncher ends it; the next spawn starts another", async () => {
    const launcher = await parentOfTask();
    await stopLauncher();
    expect(isRunning(launcher)).toBe(false);
    expect(await parentOfTask()).not.toBe(launcher);
  });

  test("an idle launcher neither keeps its server alive nor outlives it", async () => {
    const spawner = new URL("../../../src/executors/process/spawner.ts", import.meta.url).href;
    const script = [
      `import { spawnDetached } from ${JSON.stringify(spawner)};`,
      `const child = spawnDetached("sh", ["-c", "echo $PPID; sleep 0.1"], { cwd: "/", env: {} });`,
      `child.stdout.on("data", (chunk) => process.stdout.write(chunk));`,
    ].join("\n");
    const started = Date.now();
    const launcher = await new Promise<number>((resolve, reject) => {
      const args = ["--input-type=module", "-e", script];
      execFile(process.execPath, args, { timeout: 10_000 }, (error, stdout) =>
        error ? reject(error) : resolve(Number(stdout.trim())),
      );
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(launcher).toBeGreaterThan(0);
    await eventually(() => (isRunning(launcher) ? undefined : true));
  });

  test.each([
    ["the launcher", undefined],
    ["this process (SHIPMATE_DIRECT_SPAWN=1)", "1"],
  ])("a process that left the task's group but not its workspace is stopped by %s", async (_by, direct) => {
    if (direct) process.env.SHIPMATE_DIRECT_SPAWN = direct;
    try {
      const pidFile = join(temp.path, "stray.pid");
      const script = `setsid sh -c 'echo $$ > "${pidFile}"; exec sleep 30' & while [ ! -s "${pidFile}" ]; do sleep 0.01; done`;
      const result = await runTaskProcess(options(script, { workspace: temp.path }));
      expect(result).toMatchObject({ kind: "exited", exitCode: 0 });
      const stray = Number(readFileSync(pidFile, "utf8"));
      expect(stray).toBeGreaterThan(0);
      // It was a stray: not in the group that the run stops on its own.
      expect(await eventually(() => (isRunning(stray) ? undefined : true))).toBe(true);
    } finally {
      delete process.env.SHIPMATE_DIRECT_SPAWN;
    }
  });

  test("SHIPMATE_DIRECT_SPAWN=1 spawns from this process", async () => {
    process.env.SHIPMATE_DIRECT_SPAWN = "1";
    try {
      expect(await parentOfTask()).toBe(process.pid);
    } finally {
      delete process.env.SHIPMATE_DIRECT_SPAWN;
    }
  });

  test("a missing working directory is spawn_failed with a readable reason", async () => {
    const cwd = join(temp.path, "missing");
    const result = await runTaskProcess(options("true", { cwd }));
    expect(result).toEqual({
      kind: "spawn_failed",
      reason: `Could not start sh: no such program (or no directory ${cwd}).`,
    });
  });

  test("a spawn error carries its code", async () => {
    const child = spawnDetached("./no-such-program", [], { cwd: temp.path, env: ENV });
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => child.once("error", resolve));
    expect(error.code).toBe("ENOENT");
    expect(child.pid).toBeUndefined();
  });
});

describe("an abort before the launcher reports the start", () => {
  test("cancels the task and stops its group", async () => {
    const controller = new AbortController();
    let leader = 0;
    const started = Date.now();
    const pending = runTaskProcess(
      options("sleep 30", { signal: controller.signal, onStart: (pid) => (leader = pid) }),
    );
    controller.abort();
    expect(await pending).toMatchObject({ kind: "cancelled" });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(leader).toBeGreaterThan(0);
    expect(isRunning(leader)).toBe(false);
  });

  test("stops a git run's group", { timeout: 5000 }, async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = runInGroup("sh", ["-c", "sleep 30"], {
      cwd: temp.path,
      env: ENV,
      signal: controller.signal,
    });
    controller.abort();
    expect(await pending).toMatchObject({ kind: "failed", problem: "it was stopped" });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { runTaskProcess, type TaskProcessOptions } from "../../../src/executors/process/run-task-process.ts";
import { createSecretMasker } from "../../../src/shared/secret-masker.ts";
import { tempDir } from "./git-fixture.ts";
import { eventually, isRunning, readPid } from "./process-helpers.ts";

const SECRET = "s3cr3t-Value-0123456789-abcdef";
let temp: ReturnType<typeof tempDir>;

beforeEach(() => {
  temp = tempDir("shipmate-process-test-");
});
afterEach(() => temp.remove());

function options(
  command: TaskProcessOptions["command"],
  more: Partial<TaskProcessOptions> = {},
): TaskProcessOptions {
  return {
    command,
    cwd: temp.path,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", OUT: temp.path },
    timeoutMs: 5000,
    masker: createSecretMasker([SECRET]),
    killGraceMs: 300,
    ...more,
  };
}

const shell = (script: string) => ({ kind: "shell", script }) as const;

describe("runTaskProcess", () => {
  test("a shell command runs with sh -c in cwd and reports its exit code", async () => {
    const result = await runTaskProcess(options(shell('pwd; echo "to stderr" >&2; exit 3')));
    expect(result).toMatchObject({ kind: "exited", exitCode: 3 });
    if (result.kind === "exited") expect(result.output).toBe(`${temp.path}\nto stderr\n`);
  });

  test("an argv command runs without a shell", async () => {
    const result = await runTaskProcess(options({ kind: "argv", argv: ["echo", "$HOME", "`id`", "a;b"] }));
    expect(result).toMatchObject({ kind: "exited", exitCode: 0, output: "$HOME `id` a;b\n" });
  });

  test("stdout and stderr lines are interleaved whole", async () => {
    const script = 'for i in 1 2 3; do printf "out$i\\n"; printf "err$i\\n" >&2; done';
    const result = await runTaskProcess(options(shell(script)));
    if (result.kind !== "exited") throw new Error(result.kind);
    expect(result.output.split("\n").filter(Boolean).sort()).toEqual([
      "err1",
      "err2",
      "err3",
      "out1",
      "out2",
      "out3",
    ]);
  });

  test("a program that does not exist is spawn_failed", async () => {
    const result = await runTaskProcess(options({ kind: "argv", argv: ["./no-such-program"] }));
    expect(result.kind).toBe("spawn_failed");
    if (result.kind === "spawn_failed") expect(result.reason).toMatch(/Could not start \.\/no-such-program/);
  });

  test("the env given is the whole environment", async () => {
    process.env.SHIPMATE_PROCESS_CANARY = "leaked";
    try {
      const result = await runTaskProcess(options({ kind: "argv", argv: ["env"] }));
      if (result.kind !== "exited") throw new Error(result.kind);
      expect(result.output).not.toContain("SHIPMATE_PROCESS_CANARY");
      expect(
        result.output
          .trim()
          .split("\n")
          .map((line) => line.split("=")[0])
          .sort(),
      ).toEqual(["OUT", "PATH"]);
    } finally {
      delete process.env.SHIPMATE_PROCESS_CANARY;
    }
  });

  test("secrets printed raw or base64, even split across writes, never reach the output", async () => {
    const b64 = Buffer.from(SECRET).toString("base64");
    const half = SECRET.length / 2;
    const script = [
      `echo "raw ${SECRET}"`,
      `echo "b64 ${b64}"`,
      `printf 'split ${SECRET.slice(0, half)}'; sleep 0.05; printf '${SECRET.slice(half)}\\n'`,
      `echo "stderr ${SECRET}" >&2`,
    ].join("; ");
    const chunks: string[] = [];
    const result = await runTaskProcess(options(shell(script), { onOutput: (chunk) => chunks.push(chunk) }));
    if (result.kind !== "exited") throw new Error(result.kind);
    for (const text of [result.output, chunks.join("")]) {
      expect(text).not.toContain(SECRET.slice(0, 12));
      expect(text).not.toContain(SECRET.slice(-12));
      expect(text).not.toContain(b64.slice(0, 16));
      expect(text.match(/\*\*\*/g)).toHaveLength(4);
    }
  });

  test("timeout kills the whole group, a grandchild that traps SIGTERM included", async () => {
    const gcPid = join(temp.path, "grandchild.pid");
    const script = `sh -c 'trap "" TERM; echo $$ > "$OUT/grandchild.pid"; while :; do sleep 0.05; done' & wait`;
    let leader = 0;
    const started = Date.now();
    const result = await runTaskProcess(
      options(shell(script), { timeoutMs: 500, killGraceMs: 300, onStart: (pid) => (leader = pid) }),
    );
    expect(result.kind).toBe("timed_out");
    expect(Date.now() - started).toBeGreaterThanOrEqual(750);
    const grandchild = await eventually(() => readPid(gcPid));
    expect(leader).toBeGreaterThan(0);
    expect(isRunning(leader)).toBe(false);
    expect(isRunning(grandchild)).toBe(false);
  });

  test("a grandchild outliving a leader that exits on SIGTERM is still killed", async () => {
    const gcPid = join(temp.path, "grandchild.pid");
    // The leader dies on SIGTERM at once; the grandchild ignores it and must get SIGKILL later.
    const script = `sh -c 'trap "" TERM; echo $$ > "$OUT/grandchild.pid"; while :; do sleep 0.05; done' & sleep 30`;
    const result = await runTaskProcess(options(shell(script), { timeoutMs: 400, killGraceMs: 300 }));
    expect(result.kind).toBe("timed_out");
    const grandchild = await eventually(() => readPid(gcPid));
    expect(isRunning(grandchild)).toBe(false);
  });

  test("a task that exits normally leaves no background process behind", async () => {
    const bgPid = join(temp.path, "background.pid");
    const script = `sh -c 'trap "" TERM; echo $$ > "$OUT/background.pid"; exec sleep 30' & sleep 0.1; echo done`;
    const result = await runTaskProcess(options(shell(script), { killGraceMs: 300 }));
    expect(result).toMatchObject({ kind: "exited", exitCode: 0, output: "done\n" });
    const background = await eventually(() => readPid(bgPid));
    expect(isRunning(background)).toBe(false);
  });

  test("abort cancels the task and kills its group", async () => {
    const controller = new AbortController();
    let leader = 0;
    const pending = runTaskProcess(
      options(shell("echo started; sleep 30"), {
        signal: controller.signal,
        onStart: (pid) => (leader = pid),
        onOutput: () => controller.abort(),
      }),
    );
    const result = await pending;
    expect(result).toMatchObject({ kind: "cancelled", output: "started\n" });
    expect(result.kind !== "spawn_failed" && result.durationMs).toBeLessThan(3000);
    expect(isRunning(leader)).toBe(false);
  });

  test("an already aborted signal never starts the task", async () => {
    const marker = join(temp.path, "ran");
    const result = await runTaskProcess(options(shell(`touch "${marker}"`), { signal: AbortSignal.abort() }));
    expect(result.kind).toBe("cancelled");
    expect(existsSync(marker)).toBe(false);
  });

  test("50 MB of output is streamed: capped tail, responsive event loop", async () => {
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 10);
    const line = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz-filler-line";
    let streamed = 0;
    try {
      const result = await runTaskProcess(
        options(shell(`yes '${line}' | head -c 50000000; echo; echo last-line`), {
          timeoutMs: 20_000,
          onOutput: (chunk) => {
            streamed += chunk.length;
          },
        }),
      );
      if (result.kind !== "exited") throw new Error(result.kind);
      const [first, ...rest] = result.output.split("\n");
      const dropped = Number(first?.match(/^\[shipmate: (\d+) bytes of earlier output dropped\]$/)?.[1]);
      expect(dropped).toBeGreaterThan(48_000_000);
      expect(Buffer.byteLength(result.output)).toBeLessThanOrEqual(1024 * 1024 + 100);
      expect(dropped + Buffer.byteLength(rest.join("\n"))).toBe(50_000_000 + "\nlast-line\n".length);
      expect(rest[0]).toBe(line);
      expect(result.output.endsWith("\nlast-line\n")).toBe(true);
      expect(streamed).toBe(50_000_000 + "\nlast-line\n".length);
    } finally {
      clearInterval(timer);
    }
    const gaps = ticks.slice(1).map((tick, i) => tick - (ticks[i] ?? tick));
    expect(ticks.length).toBeGreaterThan(5);
    expect(Math.max(...gaps)).toBeLessThan(250);
  });
});

import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { TaskCommand } from "../../../src/config/repo-config.ts";
import { type RunTaskInput, runTask } from "../../../src/executors/run-task.ts";
import { createRepo, tempDir } from "./git-fixture.ts";

const TOKEN = "ghs_runTaskToken0123456789abcdefghijklmn";
const SECRET = "db-password-Very-Secret-42";
const SHOW_ENV = `#!/bin/sh
env -0 > "$OUT_DIR/env-shell"
printf '%s' "$SHIPMATE_PARAM_EVIL" > "$OUT_DIR/evil"
cat version.txt
`;
// Keys sh itself may add to what it was given.
const SHELL_ADDED = ["OLDPWD", "PWD", "SHLVL", "_"];

let temp: ReturnType<typeof tempDir>;
let outDir: string;
let workspaceParent: string;
let repo: ReturnType<typeof createRepo>;

beforeEach(() => {
  temp = tempDir("shipmate-run-task-test-");
  outDir = join(temp.path, "out");
  workspaceParent = join(temp.path, "workspaces");
  mkdirSync(outDir);
  mkdirSync(workspaceParent);
  repo = createRepo(temp.path, { "scripts/show-env.sh": SHOW_ENV });
});
afterEach(() => {
  delete process.env.SHIPMATE_RUN_TASK_CANARY;
  temp.remove();
});

function input(command: TaskCommand, more: Partial<RunTaskInput> = {}): RunTaskInput {
  return {
    cloneUrl: repo.url,
    sha: repo.pinned,
    token: TOKEN,
    task: { command, timeoutMs: 5000 },
    env: {
      task: "deploy",
      environment: "staging",
      ref: "feature/x",
      pullRequest: 7,
      actor: "alice",
      dryRun: true,
      params: { version: "1.2.3" },
    },
    passthrough: { PATH: process.env.PATH ?? "/usr/bin:/bin", OUT_DIR: outDir },
    secrets: [SECRET],
    workspaceParent,
    killGraceMs: 300,
    ...more,
  };
}

function readEnvDump(path: string): Record<string, string> {
  const entries = readFileSync(path, "utf8")
    .split("\0")
    .filter(Boolean)
    .map((entry) => [entry.slice(0, entry.indexOf("=")), entry.slice(entry.indexOf("=") + 1)]);
  return Object.fromEntries(entries);
}

const expectedShipmateEnv = (sha: string) => ({
  SHIPMATE_TASK: "deploy",
  SHIPMATE_ENVIRONMENT: "staging",
  SHIPMATE_SHA: sha,
  SHIPMATE_REF: "feature/x",
  SHIPMATE_PR: "7",
  SHIPMATE_ACTOR: "alice",
  SHIPMATE_DRY_RUN: "1",
  SHIPMATE_PARAMS: '{"version":"1.2.3"}',
  SHIPMATE_PARAM_VERSION: "1.2.3",
  LANG: "C.UTF-8",
  OUT_DIR: outDir,
});

describe("runTask", () => {
  test("a shell task runs in the pinned commit with only the task environment", async () => {
    process.env.SHIPMATE_RUN_TASK_CANARY = "leaked";
    const result = await runTask(input({ kind: "shell", script: "./scripts/show-env.sh" }));
    expect(result).toMatchObject({
      kind: "succeeded",
      exitCode: 0,
      output: "pinned\n",
      workspaceRemoved: true,
    });
    const env = readEnvDump(join(outDir, "env-shell"));
    expect(env).toMatchObject(expectedShipmateEnv(repo.pinned));
    const unexpected = Object.keys(env).filter(
      (key) => !(key in expectedShipmateEnv("")) && !["PATH", "HOME", ...SHELL_ADDED].includes(key),
    );
    expect(unexpected).toEqual([]);
    expect(Object.values(env)).not.toContain("leaked");
    expect(Object.values(env).join("\n")).not.toContain(TOKEN);
    expect(env.HOME?.startsWith(workspaceParent)).toBe(true);
    expect(readdirSync(workspaceParent)).toEqual([]);
  });

  test("an argv task gets exactly the task environment", async () => {
    process.env.SHIPMATE_RUN_TASK_CANARY = "leaked";
    const dump =
      "require('node:fs').writeFileSync(process.env.OUT_DIR + '/env-argv', JSON.stringify(process.env))";
    const result = await runTask(input({ kind: "argv", argv: [process.execPath, "-e", dump] }));
    expect(result).toMatchObject({ kind: "succeeded", exitCode: 0 });
    const env = JSON.parse(readFileSync(join(outDir, "env-argv"), "utf8")) as Record<string, string>;
    expect(Object.keys(env).sort()).toEqual([...Object.keys(expectedShipmateEnv("")), "PATH", "HOME"].sort());
    expect(env).toMatchObject(expectedShipmateEnv(repo.pinned));
  });

  test("a hostile param arrives byte for byte and runs nothing", async () => {
    const markers = ["p1", "p2", "p3", "p4"].map((name) => join(temp.path, name));
    const evil = `$(touch ${markers[0]}) \`touch ${markers[1]}\`; touch ${markers[2]}\ntouch ${markers[3]}\n'"\\ $HOME`;
    const base = input({ kind: "shell", script: "./scripts/show-env.sh" });
    const result = await runTask({ ...base, env: { ...base.env, params: { evil } } });
    expect(result.kind).toBe("succeeded");
    expect(readFileSync(join(outDir, "evil"), "utf8")).toBe(evil);
    const env = readEnvDump(join(outDir, "env-shell"));
    expect(JSON.parse(env.SHIPMATE_PARAMS ?? "")).toEqual({ evil });
    for (const marker of markers) expect(existsSync(marker)).toBe(false);
  });

  test("a failing task reports its exit code and its workspace is gone", async () => {
    const result = await runTask(input({ kind: "shell", script: "echo before; exit 7" }));
    expect(result).toMatchObject({ kind: "failed", exitCode: 7, output: "before\n", workspaceRemoved: true });
    expect(readdirSync(workspaceParent)).toEqual([]);
  });

  test("a task over its time limit is timed_out and its workspace is gone", async () => {
    const base = input({ kind: "shell", script: "echo working; sleep 30" });
    const result = await runTask({ ...base, task: { ...base.task, timeoutMs: 500 } });
    expect(result).toMatchObject({
      kind: "timed_out",
      exitCode: null,
      output: "working\n",
      workspaceRemoved: true,
    });
    expect(result.durationMs).toBeLessThan(4000);
    expect(readdirSync(workspaceParent)).toEqual([]);
  });

  test("aborting the signal cancels a running task", async () => {
    const controller = new AbortController();
    const result = await runTask(
      input(
        { kind: "shell", script: "echo started; sleep 30" },
        { signal: controller.signal, onOutput: () => controller.abort() },
      ),
    );
    expect(result).toMatchObject({ kind: "cancelled", exitCode: null, workspaceRemoved: true });
    expect(readdirSync(workspaceParent)).toEqual([]);
  });

  test("the token and secrets, raw or encoded, never appear in the output", async () => {
    const b64 = (text: string) => Buffer.from(text).toString("base64");
    const printed = [
      TOKEN,
      b64(TOKEN),
      b64(`x-access-token:${TOKEN}`),
      SECRET,
      b64(SECRET),
      encodeURIComponent(SECRET),
    ];
    const script = printed.map((text) => `echo 'value ${text}'`).join("; ");
    const streamed: string[] = [];
    const result = await runTask(
      input({ kind: "shell", script }, { onOutput: (chunk) => streamed.push(chunk) }),
    );
    expect(result.kind).toBe("succeeded");
    for (const text of [result.output, streamed.join("")]) {
      expect(text).toBe("value ***\n".repeat(printed.length));
    }
  });

  test("a SHA that is not a full commit id is checkout_failed, with nothing left behind", async () => {
    const result = await runTask({ ...input({ kind: "shell", script: "true" }), sha: "main" });
    expect(result).toMatchObject({ kind: "checkout_failed", exitCode: null, workspaceRemoved: true });
    expect(result.output).toMatch(/full 40-character SHA/);
    expect(readdirSync(workspaceParent)).toEqual([]);
  });

  test("an unreachable repository is checkout_failed without the token in the reason", async () => {
    const cloneUrl = `http://x-access-token:${TOKEN}@127.0.0.1:9/o/r.git`;
    const result = await runTask({ ...input({ kind: "shell", script: "true" }), cloneUrl });
    expect(result.kind).toBe("checkout_failed");
    expect(result.output).toMatch(/Could not fetch commit/);
    expect(result.output).not.toContain(TOKEN);
    expect(readdirSync(workspaceParent)).toEqual([]);
  });

  test("a command that cannot start is spawn_failed and its workspace is gone", async () => {
    const result = await runTask(input({ kind: "argv", argv: ["./scripts/missing.sh"] }));
    expect(result).toMatchObject({ kind: "spawn_failed", exitCode: null, workspaceRemoved: true });
    expect(result.output).toMatch(/Could not start \.\/scripts\/missing\.sh/);
    expect(readdirSync(workspaceParent)).toEqual([]);
  });
});

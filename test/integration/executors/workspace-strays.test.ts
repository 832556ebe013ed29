import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { findStrays } from "../../../src/executors/process/workspace-strays.ts";
import { tempDir } from "./git-fixture.ts";

let temp: ReturnType<typeof tempDir>;
const started: ChildProcess[] = [];

beforeEach(() => {
  temp = tempDir("shipmate-strays-test-");
});
afterEach(() => {
  for (const child of started.splice(0)) child.kill("SIGKILL");
  temp.remove();
});

/** A `sleep` running in `cwd` with `env`, as a process that left a task's group would. */
function sleeper(cwd: string, env: Record<string, string>): number {
  const child = spawn("sleep", ["30"], { cwd, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env } });
  started.push(child);
  if (child.pid === undefined) throw new Error("sleep did not start");
  return child.pid;
}

test("finds the processes in the workspace or pointed into it, and no other", async () => {
  const workspace = join(temp.path, "ws");
  const elsewhere = join(temp.path, "elsewhere");
  mkdirSync(join(workspace, "repo"), { recursive: true });
  mkdirSync(elsewhere);
  const inside = sleeper(join(workspace, "repo"), {});
  const home = sleeper(elsewhere, { A: "1", HOME: join(workspace, "home"), Z: "2" });
  const exact = sleeper(elsewhere, { PWD: workspace });
  const sibling = sleeper(elsewhere, { HOME: `${workspace}-other/home` });
  const notAtValueStart = sleeper(elsewhere, { OPTS: `dir=${workspace}/x` });
  const unrelated = sleeper(elsewhere, { HOME: elsewhere });
  await new Promise((resolve) => setTimeout(resolve, 100));

  const found = findStrays(workspace);
  expect(found.sort()).toEqual([inside, home, exact].sort());
  for (const pid of [sibling, notAtValueStart, unrelated]) expect(found).not.toContain(pid);
});

test("an environment longer than one read is searched to its end", async () => {
  const workspace = join(temp.path, "ws");
  mkdirSync(workspace);
  // Three times the 64 KiB read buffer; one variable may hold at most 128 KiB.
  const padding = Object.fromEntries(["P1", "P2", "P3"].map((name) => [name, "x".repeat(64 * 1024)]));
  const pid = sleeper(temp.path, { ...padding, LAST: workspace });
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(findStrays(workspace)).toEqual([pid]);
});

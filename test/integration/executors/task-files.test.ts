import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { ArtifactFile } from "../../../src/executors/artifacts/artifact-file.ts";
import { type RunTaskInput, runTask } from "../../../src/executors/run-task.ts";
import { commit, git, tempDir } from "./git-fixture.ts";

// Files a task leaves for a later job (collect) and gets back from an earlier one (restore), in a real checkout.
let temp: ReturnType<typeof tempDir>;
let outside: string;
let outDir: string;
let workspaces: string;
let origin: { url: string; sha: string };

beforeEach(() => {
  temp = tempDir("shipmate-task-files-test-");
  outside = join(temp.path, "outside");
  outDir = join(temp.path, "out");
  workspaces = join(temp.path, "workspaces");
  for (const dir of [outside, outDir, workspaces]) mkdirSync(dir);
  writeFileSync(join(outside, "secret.txt"), "worker secret\n");
  const repo = join(temp.path, "origin");
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  // Links the checked-out code could plant: a folder and a file that both point out of the workspace.
  symlinkSync(outside, join(repo, "linked-dir"));
  symlinkSync(join(outside, "secret.txt"), join(repo, "linked-file"));
  const sha = commit(repo, "pinned", { "README.md": "hello\n" });
  origin = { url: `file://${repo}`, sha };
});
afterEach(() => temp.remove());

function input(script: string, more: Partial<RunTaskInput> = {}): RunTaskInput {
  return {
    cloneUrl: origin.url,
    sha: origin.sha,
    token: "",
    task: { command: { kind: "shell", script }, timeoutMs: 10_000 },
    env: {
      task: "provision",
      environment: "infra",
      ref: "main",
      pullRequest: 3,
      actor: "alice",
      dryRun: false,
      params: {},
    },
    passthrough: { PATH: process.env.PATH ?? "/usr/bin:/bin", OUT_DIR: outDir },
    secrets: [],
    workspaceParent: workspaces,
    ...more,
  };
}

const binary = Buffer.from([0, 1, 2, 255, 254, 10, 13, 0]);

describe("collecting files after a run", () => {
  test("the files asked for come back with the result, and the workspace is gone", async () => {
    const result = await runTask(
      input("mkdir -p plans && printf 'plan v1' > plans/a.tfplan && printf summary > summary.txt", {
        collect: ["plans/a.tfplan", "summary.txt"],
      }),
    );
    expect(result).toMatchObject({ kind: "succeeded", workspaceRemoved: true });
    expect(result.files?.map((file) => [file.path, file.content.toString()])).toEqual([
      ["plans/a.tfplan", "plan v1"],
      ["summary.txt", "summary"],
    ]);
    expect(readdirSync(workspaces)).toEqual([]);
  });

  test("a missing file fails the task with a clear problem", async () => {
    const result = await runTask(input("echo planned", { collect: ["shipmate.tfplan"] }));
    expect(result).toMatchObject({ kind: "failed", exitCode: 0 });
    expect(result.problem).toBe(
      "The task did not leave `shipmate.tfplan` in its workspace, so there was nothing to keep (paths are relative to the repository's root).",
    );
    expect(result.output).toBe(`planned\n${result.problem}\n`);
    expect(result.files).toBeUndefined();
  });

  test("a failed run collects nothing and keeps its own failure", async () => {
    const result = await runTask(input("exit 3", { collect: ["shipmate.tfplan"] }));
    expect(result).toMatchObject({ kind: "failed", exitCode: 3 });
    expect(result.problem).toBeUndefined();
    expect(result.files).toBeUndefined();
  });

  const refusals = [
    { name: "a link to a file outside", path: "linked-file", problem: "is a symbolic link" },
    {
      name: "a file through a linked folder",
      path: "linked-dir/secret.txt",
      problem: "through a symbolic link",
    },
    {
      name: "a path that climbs out",
      path: "../outside/secret.txt",
      problem: "not a relative path inside the workspace",
    },
    { name: "an absolute path", path: "/etc/hostname", problem: "not a relative path inside the workspace" },
    { name: "a folder", path: "sub", problem: "not a regular file" },
  ];
  test.each(refusals)("refuses $name", async ({ path, problem }) => {
    const result = await runTask(input("mkdir sub", { collect: [path] }));
    expect(result.kind).toBe("failed");
    expect(result.problem).toContain(problem);
    expect(result.files).toBeUndefined();
    expect(result.output).not.toContain("worker secret");
  });

  test("a file over 5 MiB is refused", async () => {
    const result = await runTask(input("head -c 5242881 /dev/zero > big.bin", { collect: ["big.bin"] }));
    expect(result.kind).toBe("failed");
    expect(result.problem).toBe("`big.bin` is 5.0 MiB: a kept file may be at most 5 MiB.");
  });

  test("files over 10 MiB together are refused", async () => {
    const make = "for n in 1 2 3; do head -c 4194304 /dev/zero > part$n.bin; done";
    const result = await runTask(input(make, { collect: ["part1.bin", "part2.bin", "part3.bin"] }));
    expect(result.kind).toBe("failed");
    expect(result.problem).toContain("`part3.bin` would take the kept files past 10 MiB together");
  });
});

describe("restoring files before a run", () => {
  test("an earlier job's files are in the workspace, byte for byte, when the task starts", async () => {
    const restore: ArtifactFile[] = [
      { path: "plans/a.tfplan", content: binary },
      { path: "README.md", content: Buffer.from("replaced\n") },
    ];
    const result = await runTask(
      input('cp plans/a.tfplan "$OUT_DIR/plan" && cp README.md "$OUT_DIR/readme"', { restore }),
    );
    expect(result.kind).toBe("succeeded");
    expect(readFileSync(join(outDir, "plan")).equals(binary)).toBe(true);
    expect(readFileSync(join(outDir, "readme"), "utf8")).toBe("replaced\n");
  });

  const refusals = [
    { name: "through a linked folder", path: "linked-dir/planted.txt", problem: "through a symbolic link" },
    {
      name: "over a link to a file outside",
      path: "linked-file",
      problem: "could not put `linked-file` back",
    },
    {
      name: "through a linked folder yet to be created",
      path: "linked-dir/new/planted.txt",
      problem: "through a symbolic link",
    },
    {
      name: "a path that climbs out",
      path: "../outside/planted.txt",
      problem: "not a relative path inside the workspace",
    },
  ];
  test.each(refusals)("refuses to write $name, and the task does not run", async ({ path, problem }) => {
    const marker = join(outDir, "ran");
    const result = await runTask(
      input(`touch "${marker}"`, { restore: [{ path, content: Buffer.from("planted") }] }),
    );
    expect(result.kind).toBe("failed");
    expect(result.problem).toContain(problem);
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(outside).sort()).toEqual(["secret.txt"]);
    expect(readFileSync(join(outside, "secret.txt"), "utf8")).toBe("worker secret\n");
    expect(readdirSync(workspaces)).toEqual([]);
  });
});

import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, test } from "vitest";
import type { LaunchedProcess } from "../../../src/executors/process/launched-process.ts";
import { stopLauncher } from "../../../src/executors/process/launcher.ts";
import { runTaskProcess } from "../../../src/executors/process/run-task-process.ts";
import { spawnDetached } from "../../../src/executors/process/spawner.ts";
import { createSecretMasker } from "../../../src/shared/secret-masker.ts";
import { tempDir } from "./git-fixture.ts";

const ENV = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
let temp: ReturnType<typeof tempDir>;

beforeEach(() => {
  temp = tempDir("shipmate-launcher-output-test-");
});
afterEach(() => temp.remove());
afterAll(() => stopLauncher());

async function collect(
  child: LaunchedProcess,
): Promise<{ stdout: Buffer; stderr: Buffer; code: number | null }> {
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  return { stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), code };
}

describe("output through the launcher", () => {
  test("every byte value arrives unchanged and in order, on both streams", async () => {
    const allValues = Buffer.from(Array.from({ length: 256 }, (_, value) => value));
    const bytes = Buffer.concat([allValues, randomBytes(4 * 1024 * 1024), allValues]);
    const file = join(temp.path, "bytes");
    writeFileSync(file, bytes);
    const child = spawnDetached("sh", ["-c", 'cat "$1"; cat "$1" >&2', "sh", file], {
      cwd: temp.path,
      env: ENV,
    });
    const { stdout, stderr, code } = await collect(child);
    expect(code).toBe(0);
    expect(stdout.equals(bytes)).toBe(true);
    expect(stderr.equals(bytes)).toBe(true);
  });

  test("10,000 numbered lines per stream arrive complete and in order", async () => {
    const script = "seq 1 10000 | sed 's/^/out /' & seq 1 10000 | sed 's/^/err /' >&2; wait";
    const streamed: string[] = [];
    const result = await runTaskProcess({
      command: { kind: "shell", script },
      cwd: temp.path,
      env: ENV,
      timeoutMs: 10_000,
      masker: createSecretMasker([]),
      onOutput: (chunk) => streamed.push(chunk),
    });
    if (result.kind !== "exited") throw new Error(result.kind);
    expect(streamed.join("")).toBe(result.output);
    const lines = result.output.split("\n").filter(Boolean);
    const numbers = Array.from({ length: 10_000 }, (_, i) => String(i + 1));
    for (const prefix of ["out ", "err "]) {
      const ofStream = lines.filter((line) => line.startsWith(prefix)).map((line) => line.slice(4));
      expect(ofStream).toEqual(numbers);
    }
    expect(lines).toHaveLength(20_000);
  });
});

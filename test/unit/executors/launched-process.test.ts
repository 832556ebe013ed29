import { describe, expect, test } from "vitest";
import { RemoteProcess } from "../../../src/executors/process/launched-process.ts";
import { whenSpawned } from "../../../src/executors/process/spawner.ts";

const lost = { kind: "lost", error: Object.assign(new Error("gone"), { code: "ELAUNCHERLOST" }) } as const;

/** Everything a caller sees once it listens, as ordered strings. */
function record(child: RemoteProcess): { seen: string[]; closed: Promise<void> } {
  const seen: string[] = [];
  child.stdout.setEncoding("utf8").on("data", (text: string) => seen.push(`stdout ${text}`));
  child.stderr.setEncoding("utf8").on("data", (text: string) => seen.push(`stderr ${text}`));
  child.on("error", (error) => seen.push(`error ${error.code}`));
  child.on("exit", (code, signal) => seen.push(`exit ${code} ${signal}`));
  const closed = new Promise<void>((resolve) =>
    child.once("close", (code, signal) => {
      seen.push(`close ${code} ${signal}`);
      resolve();
    }),
  );
  return { seen, closed };
}

describe("RemoteProcess", () => {
  test("a caller that awaits the spawn and then listens misses nothing reported in the same turn", async () => {
    const child = new RemoteProcess();
    const spawned = whenSpawned(child);
    child.receive({ kind: "spawned", id: 1, pid: 42 });
    child.receive({ kind: "data", id: 1, stream: "stdout", chunk: Buffer.from("h\xc3", "latin1") });
    child.receive({ kind: "data", id: 1, stream: "stdout", chunk: Buffer.from("\xa9\n", "latin1") });
    child.receive({ kind: "end", id: 1, stream: "stdout" });
    child.receive({ kind: "end", id: 1, stream: "stderr" });
    child.receive({ kind: "exit", id: 1, code: 3, signal: null });
    expect(await spawned).toEqual({ kind: "spawned", pid: 42 });
    const { seen, closed } = record(child);
    await closed;
    // The UTF-8 character split across two chunks comes out whole.
    expect(seen).toEqual(["stdout h", "stdout é\n", "exit 3 null", "close 3 null"]);
  });

  test("a spawn error is an error with its code and no pid", async () => {
    const child = new RemoteProcess();
    const spawned = whenSpawned(child);
    child.receive({ kind: "spawn-error", id: 1, code: "ENOENT", message: "spawn nope ENOENT" });
    const outcome = await spawned;
    expect(outcome.kind === "failed" && [outcome.error.code, outcome.error.message]).toEqual([
      "ENOENT",
      "spawn nope ENOENT",
    ]);
    expect(child.pid).toBeUndefined();
  });

  test("a launcher lost before the spawn is a spawn error", async () => {
    const child = new RemoteProcess();
    const spawned = whenSpawned(child);
    child.receive(lost);
    expect(await spawned).toMatchObject({ kind: "failed", error: { code: "ELAUNCHERLOST" } });
  });

  test("a launcher lost after the spawn ends the streams, then exits and closes with neither code nor signal", async () => {
    const child = new RemoteProcess();
    child.receive({ kind: "spawned", id: 1, pid: 42 });
    child.receive({ kind: "data", id: 1, stream: "stderr", chunk: Buffer.from("partial") });
    const { seen, closed } = record(child);
    child.receive(lost);
    await closed;
    expect(seen).toEqual(["stderr partial", "error ELAUNCHERLOST", "exit null null", "close null null"]);
  });

  test("a stream nobody reads does not hold back close, and output after a destroy is dropped", async () => {
    const child = new RemoteProcess();
    child.receive({ kind: "spawned", id: 1, pid: 42 });
    child.receive({ kind: "data", id: 1, stream: "stdout", chunk: Buffer.from("unread") });
    child.stderr.destroy();
    child.receive({ kind: "data", id: 1, stream: "stderr", chunk: Buffer.from("late") });
    child.receive({ kind: "end", id: 1, stream: "stdout" });
    child.receive({ kind: "end", id: 1, stream: "stderr" });
    child.receive({ kind: "exit", id: 1, code: 0, signal: null });
    const code = await new Promise((resolve) => child.once("close", resolve));
    expect(code).toBe(0);
  });
});

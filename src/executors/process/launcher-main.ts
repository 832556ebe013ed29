// The launcher: a small process that spawns tasks for the server, because a fork costs time in
// proportion to the forking process's memory and blocks its event loop meanwhile. Only node:
// built-ins, so it stays small; it runs from source (type stripping) and from dist/.
import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type { LauncherEvent, OutputStream, SpawnRequest } from "./launcher-protocol.ts";

// Output sent but not yet written to the channel; above this the tasks' pipes are paused, so a slow
// server slows the tasks down as a full pipe would, instead of growing this process.
const MAX_BACKLOG_BYTES = 1024 * 1024;
let backlog = 0;
const paused = new Set<Readable>();

process.title = "shipmate-launcher";
// The server decides when tasks stop: a Ctrl-C or a service manager's SIGTERM reaches this process
// too, and the server still needs it to report the tasks it is stopping. It leaves with the server.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => {});
// Running tasks are their own process groups and are left alone: stopping them is the server's job.
process.on("disconnect", () => process.exit(0));
process.on("message", (message) => {
  // The only sender is the server that forked this process.
  const request = message as SpawnRequest;
  if (request.kind === "spawn") start(request);
});

function send(event: LauncherEvent, bytes = 0): void {
  backlog += bytes;
  process.send?.(event, () => {
    backlog -= bytes;
    if (backlog > MAX_BACKLOG_BYTES / 2) return;
    for (const stream of paused) stream.resume();
    paused.clear();
  });
}

function start({ id, file, args, cwd, env }: SpawnRequest): void {
  let child: ChildProcessByStdio<null, Readable, Readable>;
  try {
    child = spawn(file, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    send({ kind: "spawn-error", id, code, message });
    return;
  }
  child.on("error", (error: NodeJS.ErrnoException) => {
    // After a successful spawn only kill() and send() can fail, and neither is used here.
    if (child.pid === undefined) send({ kind: "spawn-error", id, code: error.code, message: error.message });
  });
  if (child.pid === undefined) return;
  send({ kind: "spawned", id, pid: child.pid });
  forward(id, "stdout", child.stdout);
  forward(id, "stderr", child.stderr);
  child.once("exit", (code, signal) => send({ kind: "exit", id, code, signal }));
}

function forward(id: number, stream: OutputStream, readable: Readable): void {
  readable.on("data", (chunk: Buffer) => {
    send({ kind: "data", id, stream, chunk }, chunk.length);
    if (backlog <= MAX_BACKLOG_BYTES) return;
    readable.pause();
    paused.add(readable);
  });
  // A failed read ends the stream like EOF does: "close" still follows, and the task's exit is still reported.
  readable.on("error", () => {});
  readable.once("close", () => {
    paused.delete(readable);
    send({ kind: "end", id, stream });
  });
}

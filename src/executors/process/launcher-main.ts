// The launcher: a small process that spawns tasks for the server, because a fork costs time in
// proportion to the forking process's memory and blocks its event loop meanwhile. Only node:
// built-ins, so it stays small; it runs from source (type stripping) and from dist/.
import { type ChildProcessByStdio, spawn } from "node:child_process";
import type { Readable } from "node:stream";
import type {
  LauncherMessage,
  OutputStream,
  ServerMessage,
  SpawnRequest,
  SweepRequest,
} from "./launcher-protocol.ts";
import { stopStrays } from "./workspace-strays.ts";

// Of each program's output, at most this much is on its way to the server or being handled there; past
// it the program's pipes are paused. A program that prints faster than the server handles its output
// waits as it would on a full pipe, neither process grows, and the server spends no turn of its event
// loop on much more than this of one program's output, so webhooks are still answered during a flood.
const WINDOW_BYTES = 256 * 1024;
const flows = new Map<number, { unhandled: number; streams: Readable[] }>();
// The process groups of the tasks started and not yet exited.
const running = new Set<number>();

process.title = "shipmate-launcher";
// The server decides when tasks stop: a Ctrl-C or a service manager's SIGTERM reaches this process
// too, and the server still needs it to report the tasks it is stopping. It leaves with the server.
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => {});
// A server that stops stops its tasks first. One that died (kill -9, the OOM killer) cannot: its jobs
// are reported interrupted and their environments go to the next job once the lease lapses, so a task
// left running would overlap that next deploy. Whatever still runs goes with the server.
process.on("disconnect", () => {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // ESRCH: the group has just emptied.
    }
  }
  process.exit(0);
});
process.on("message", (message) => {
  // The only sender is the server that forked this process.
  const request = message as ServerMessage;
  if (request.kind === "spawn") start(request);
  if (request.kind === "handled") handled(request.id, request.bytes);
  if (request.kind === "sweep") sweep(request);
});

function send(event: LauncherMessage): void {
  process.send?.(event, () => {
    // An error means the server is gone: "disconnect" follows.
  });
}

function handled(id: number, bytes: number): void {
  const flow = flows.get(id);
  if (flow === undefined) return;
  flow.unhandled -= bytes;
  if (flow.unhandled > WINDOW_BYTES / 2) return;
  for (const stream of flow.streams) if (stream.isPaused()) stream.resume();
}

function sweep({ id, workspace, graceMs }: SweepRequest): void {
  stopStrays(workspace, graceMs).then(
    (count) => send({ kind: "swept", id, count }),
    () => send({ kind: "swept", id, count: 0 }),
  );
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
  const pid = child.pid;
  running.add(pid);
  send({ kind: "spawned", id, pid });
  flows.set(id, { unhandled: 0, streams: [child.stdout, child.stderr] });
  forward(id, "stdout", child.stdout);
  forward(id, "stderr", child.stderr);
  child.once("close", () => flows.delete(id));
  child.once("exit", (code, signal) => {
    running.delete(pid);
    send({ kind: "exit", id, code, signal });
  });
}

function forward(id: number, stream: OutputStream, readable: Readable): void {
  readable.on("data", (chunk: Buffer) => {
    send({ kind: "data", id, stream, chunk });
    const flow = flows.get(id);
    if (flow === undefined) return;
    flow.unhandled += chunk.length;
    if (flow.unhandled > WINDOW_BYTES) readable.pause();
  });
  // A failed read ends the stream like EOF does: "close" still follows, and the task's exit is still reported.
  readable.on("error", () => {});
  readable.once("close", () => {
    send({ kind: "end", id, stream });
  });
}

import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type LaunchedProcess, RemoteProcess } from "./launched-process.ts";
import type { LauncherMessage, OutputHandled, SpawnRequest, SweepRequest } from "./launcher-protocol.ts";
import { stopStrays } from "./workspace-strays.ts";

interface Launcher {
  child: ChildProcess;
  /** Each program's process, with how many of its exit and two stream ends are still to come. */
  running: Map<number, { launched: RemoteProcess; pending: number }>;
  /** Output bytes handled in this turn of the event loop, by program, not yet told to the launcher. */
  handled: Map<number, number>;
  /** Sweeps asked for and not yet done, with the workspace each is for. */
  sweeps: Map<number, { workspace: string; graceMs: number; done: (count: number) => void }>;
}

let current: Launcher | undefined;
let nextId = 1;

/** Starts `file` through this process's launcher, starting the launcher first when there is none. */
export function launch(
  file: string,
  args: readonly string[],
  options: { cwd: string; env: Readonly<Record<string, string>> },
): LaunchedProcess {
  const launcher = current ?? startLauncher();
  const launched = new RemoteProcess();
  const id = nextId++;
  track(launcher, id, launched);
  const request: SpawnRequest = { kind: "spawn", id, file, args, ...options };
  launcher.child.send(request, () => {
    // An error means the channel closed: the launcher's "disconnect" reports this program as lost.
  });
  return launched;
}

/**
 * Stops what a finished task left running in `workspace` outside its process group, from the launcher:
 * reading every process's entry in /proc takes the launcher's time, not this process's event loop.
 * Resolves with how many there were. Should the launcher be lost meanwhile, this process sweeps.
 */
export function sweepStrays(workspace: string, graceMs: number): Promise<number> {
  const launcher = current ?? startLauncher();
  const id = nextId++;
  return new Promise((done) => {
    launcher.sweeps.set(id, { workspace, graceMs, done });
    if (launcher.running.size + launcher.sweeps.size === 1) busy(launcher);
    const request: SweepRequest = { kind: "sweep", id, workspace, graceMs };
    launcher.child.send(request, () => {
      // An error means the channel closed: the launcher's "disconnect" sweeps here instead.
    });
  });
}

/**
 * Starts the launcher now rather than at the first task: forking costs time in proportion to this
 * process's memory, which is smallest at start-up.
 */
export function prepareLauncher(): void {
  if (!current && !spawnsDirectly()) startLauncher();
}

/** `SHIPMATE_DIRECT_SPAWN=1`: this process spawns tasks, and sweeps their strays, itself. */
export function spawnsDirectly(): boolean {
  return process.env.SHIPMATE_DIRECT_SPAWN === "1";
}

/** Stops the launcher, if one runs; programs it still supervised report an error and exit. */
export async function stopLauncher(): Promise<void> {
  const launcher = current;
  if (!launcher) return;
  current = undefined;
  const { child } = launcher;
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.ref();
  const exited = new Promise((resolve) => child.once("exit", resolve));
  if (child.connected) child.disconnect();
  await exited;
}

function startLauncher(): Launcher {
  const child = fork(entryPath(), {
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // Not the server's flags (a --cpu-prof would profile it too): a small heap of its own, as the
    // server's `npm start` flags give the server, since its garbage is a few buffers per task.
    execArgv: ["--max-semi-space-size=1", "--heap-growing-percent=50"],
    // It needs nothing from the server's environment, so the parent its tasks see holds none of its secrets.
    env: {},
  });
  const launcher: Launcher = { child, running: new Map(), handled: new Map(), sweeps: new Map() };
  current = launcher;
  idle(launcher);
  child.on("message", (message) => {
    // The only sender is the launcher this process forked.
    const event = message as LauncherMessage;
    if (event.kind === "swept") return swept(launcher, event.id, event.count);
    const entry = launcher.running.get(event.id);
    if (!entry) return;
    entry.launched.receive(event);
    if (event.kind === "data") tellHandled(launcher, event.id, event.chunk.length);
    if (event.kind === "exit" || event.kind === "end") entry.pending -= 1;
    if (event.kind === "spawn-error" || entry.pending === 0) untrack(launcher, event.id);
  });
  // "disconnect" comes after the last message the launcher sent, so nothing it reported is lost.
  child.once("disconnect", () => lost(launcher, "the launcher process ended"));
  child.on("error", (error) => lost(launcher, `the launcher process failed: ${error.message}`));
  return launcher;
}

/**
 * Tells the launcher, once this turn of the event loop is over, how much output was handled: it sends
 * at most its window (and the chunk in hand) ahead of that, so one turn handles about a window of a
 * program's output at most, however fast the program prints (launcher-main.ts).
 */
function tellHandled(launcher: Launcher, id: number, bytes: number): void {
  if (launcher.handled.size === 0) {
    setImmediate(() => {
      for (const [program, total] of launcher.handled) {
        const message: OutputHandled = { kind: "handled", id: program, bytes: total };
        if (launcher.child.connected) launcher.child.send(message, () => {});
      }
      launcher.handled.clear();
    });
  }
  launcher.handled.set(id, (launcher.handled.get(id) ?? 0) + bytes);
}

function track(launcher: Launcher, id: number, launched: RemoteProcess): void {
  launcher.running.set(id, { launched, pending: 3 });
  if (launcher.running.size + launcher.sweeps.size === 1) busy(launcher);
}

function untrack(launcher: Launcher, id: number): void {
  if (launcher.running.delete(id)) idleWhenDone(launcher);
}

function swept(launcher: Launcher, id: number, count: number): void {
  const sweep = launcher.sweeps.get(id);
  if (!sweep) return;
  launcher.sweeps.delete(id);
  idleWhenDone(launcher);
  sweep.done(count);
}

function idleWhenDone(launcher: Launcher): void {
  if (launcher.running.size + launcher.sweeps.size === 0) idle(launcher);
}

function lost(launcher: Launcher, message: string): void {
  if (current === launcher) current = undefined;
  const running = [...launcher.running.values()];
  const sweeps = [...launcher.sweeps.values()];
  launcher.running.clear();
  launcher.sweeps.clear();
  for (const { launched } of running) {
    launched.receive({ kind: "lost", error: Object.assign(new Error(message), { code: "ELAUNCHERLOST" }) });
  }
  for (const { workspace, graceMs, done } of sweeps) {
    stopStrays(workspace, graceMs).then(done, () => done(0));
  }
}

// An idle launcher must not keep the server alive; a busy one must, as a running ChildProcess would.
function busy({ child }: Launcher): void {
  child.ref();
  child.channel?.ref();
}

function idle({ child }: Launcher): void {
  child.unref();
  child.channel?.unref();
}

/** The launcher's entry beside this module: `.ts` when running from source, `.js` from the build. */
function entryPath(): string {
  const source = fileURLToPath(new URL("./launcher-main.ts", import.meta.url));
  return existsSync(source) ? source : fileURLToPath(new URL("./launcher-main.js", import.meta.url));
}

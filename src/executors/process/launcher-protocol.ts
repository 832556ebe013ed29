/** One of a launched program's two output pipes. */
export type OutputStream = "stdout" | "stderr";

/** What the server asks of the launcher: start one program in its own process group. */
export interface SpawnRequest {
  kind: "spawn";
  id: number;
  file: string;
  args: readonly string[];
  cwd: string;
  env: Readonly<Record<string, string>>;
}

/** The server has handled `bytes` more of a program's output, so the launcher may send that much more. */
export interface OutputHandled {
  kind: "handled";
  id: number;
  bytes: number;
}

/**
 * Stop the processes a finished task left running outside its process group (workspace-strays.ts). The
 * launcher does it so that reading /proc takes no time from the server's event loop.
 */
export interface SweepRequest {
  kind: "sweep";
  id: number;
  workspace: string;
  graceMs: number;
}

/** Everything the server sends the launcher. */
export type ServerMessage = SpawnRequest | OutputHandled | SweepRequest;

/** What the launcher reports about a program it was asked to start, in the order it happened. */
export type LauncherEvent =
  | { kind: "spawned"; id: number; pid: number }
  | { kind: "spawn-error"; id: number; code: string | undefined; message: string }
  | { kind: "data"; id: number; stream: OutputStream; chunk: Buffer }
  | { kind: "end"; id: number; stream: OutputStream }
  | { kind: "exit"; id: number; code: number | null; signal: NodeJS.Signals | null };

/** A sweep is done: `count` processes were found and stopped. */
export interface SweepDone {
  kind: "swept";
  id: number;
  count: number;
}

/** Everything the launcher sends the server. */
export type LauncherMessage = LauncherEvent | SweepDone;

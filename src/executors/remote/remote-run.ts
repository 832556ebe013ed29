import type { SecretMasker } from "../../shared/secret-masker.ts";
import { createOutputTail } from "../process/output-tail.ts";

/** Why a remote run stopped before its end: its time ran out, or someone cancelled it. */
export type StopReason = "timed_out" | "cancelled";

/** How a task that runs elsewhere (a workflow, a webhook) ended, as its executor sees it. */
export type RemoteOutcome =
  | { kind: "succeeded" }
  | { kind: "failed"; problem: string }
  | { kind: "stopped"; reason: StopReason };

/** What a remote executor works with: a masked log and one signal for "stop now". */
export interface RemoteRun {
  /** Aborted when the task's time is up or it is cancelled. */
  signal: AbortSignal;
  stopReason(): StopReason | undefined;
  /** Adds text to the output, masked, one line at a time; a missing final newline is added. */
  write(text: string): void;
  output(): string;
}

/** Options for {@link startRemoteRun}. */
export interface RemoteRunOptions {
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  masker: SecretMasker;
  onOutput?: ((maskedChunk: string) => void) | undefined;
  maxOutputBytes: number;
}

/** Starts the clock on a remote run; `dispose` stops the timer. */
export function startRemoteRun(options: RemoteRunOptions): RemoteRun & { dispose(): void } {
  const stop = new AbortController();
  let reason: StopReason | undefined;
  const end = (why: StopReason): void => {
    reason ??= why;
    stop.abort();
  };
  const timer = setTimeout(() => end("timed_out"), options.timeoutMs);
  const onAbort = (): void => end("cancelled");
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const tail = createOutputTail(options.maxOutputBytes);
  return {
    signal: stop.signal,
    stopReason: () => reason,
    write(text) {
      if (text === "") return;
      const masked = options.masker.mask(text.endsWith("\n") ? text : `${text}\n`);
      tail.push(masked);
      try {
        options.onOutput?.(masked);
      } catch {
        // A failing listener (a reporter) must not stop the run it reports on.
      }
    },
    output: () => tail.text(),
    dispose() {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    },
  };
}

/** Waits `ms`; false when the run was stopped first. */
export function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (finished: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
      resolve(finished);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** A call's outcome, or `stopped` as soon as the run is stopped (the call itself is left to finish). */
export type Attempt<Value> =
  | { kind: "ok"; value: Value }
  | { kind: "error"; error: unknown }
  | { kind: "stopped" };

/** Awaits `promise` unless the run is stopped first. */
export function attempt<Value>(promise: Promise<Value>, signal: AbortSignal): Promise<Attempt<Value>> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve({ kind: "stopped" });
  }
  return new Promise((resolve) => {
    const onAbort = (): void => resolve({ kind: "stopped" });
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => resolve({ kind: "ok", value }),
      (error: unknown) => resolve({ kind: "error", error }),
    );
    promise.finally(() => signal.removeEventListener("abort", onAbort)).catch(() => undefined);
  });
}

/** An error's message, for a sentence. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { fork } from "node:child_process";
import { onCleanup } from "./cleanup.ts";
import type { LoadJob, LoadResult } from "./load-types.ts";

/** Sends one level of deliveries from a child process and resolves with what it measured. */
export async function runLoad(job: LoadJob): Promise<LoadResult> {
  const child = fork(new URL("./load-process.ts", import.meta.url), [], {
    serialization: "advanced",
    // No inherited flags: a --cpu-prof run profiles Shipmate's process, not the load generator.
    execArgv: [],
  });
  const forget = onCleanup("load process", () => child.kill());
  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      child.once("message", (result) => resolve(result as LoadResult));
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`load process exited (${code}) without a result`)));
      child.send(job);
    });
  } finally {
    forget();
    if (child.exitCode === null) child.kill();
  }
}

import { dirname } from "node:path";
import type { ProcessCommand } from "../config/repo-config.ts";
import { createSecretMasker } from "../shared/secret-masker.ts";
import { collectFiles } from "./artifacts/collect-files.ts";
import { restoreFiles } from "./artifacts/restore-files.ts";
import { type ProcessResult, runTaskProcess } from "./process/run-task-process.ts";
import { buildTaskEnvironment } from "./task-environment.ts";
import type { RunTaskInput, TaskRunResult } from "./task-run.ts";
import { checkoutPinnedCommit } from "./workspace/git-checkout.ts";

/**
 * Checks out the pinned commit, puts back the files it was given, runs the command in it, collects
 * the files asked for after a success, and always removes the workspace.
 */
export async function runProcessTask(input: RunTaskInput, command: ProcessCommand): Promise<TaskRunResult> {
  const startedAt = performance.now();
  const elapsed = (): number => Math.round(performance.now() - startedAt);
  const masker = createSecretMasker([input.token, ...input.secrets]);
  if (input.signal?.aborted)
    return { kind: "cancelled", exitCode: null, output: "", durationMs: 0, workspaceRemoved: true };
  const checkout = await checkoutPinnedCommit({
    cloneUrl: input.cloneUrl,
    sha: input.sha,
    token: input.token,
    masker,
    ...(input.signal && { signal: input.signal }),
    ...(input.workspaceParent !== undefined && { parentDir: input.workspaceParent }),
  });
  if (checkout.kind === "failed") {
    const kind = input.signal?.aborted ? "cancelled" : "checkout_failed";
    const output = input.signal?.aborted ? "" : checkout.reason;
    return {
      kind,
      exitCode: null,
      output,
      durationMs: elapsed(),
      workspaceRemoved: checkout.workspaceRemoved,
    };
  }
  let result: Omit<TaskRunResult, "durationMs" | "workspaceRemoved">;
  let workspaceRemoved = false;
  try {
    const restored = await restoreFiles(checkout.dir, input.restore ?? []);
    if (restored.kind === "refused") {
      const problem = masker.mask(restored.problem);
      result = { kind: "failed", exitCode: null, output: problem, problem };
    } else {
      const ran = fromProcess(
        await runTaskProcess({
          command,
          cwd: checkout.dir,
          env: buildTaskEnvironment({
            ...input.env,
            sha: input.sha,
            home: checkout.home,
            passthrough: input.passthrough,
          }),
          timeoutMs: input.task.timeoutMs,
          masker,
          // The checkout and the task's HOME are both inside the run's own workspace directory.
          workspace: dirname(checkout.dir),
          ...optional(input),
        }),
      );
      result =
        ran.kind === "succeeded" && input.collect?.length
          ? await collected(ran, checkout.dir, input.collect)
          : ran;
    }
  } finally {
    // Runs even when the task runner throws, so a workspace never outlives its run.
    workspaceRemoved = await checkout.cleanup();
  }
  const committedAt = checkout.committedAt;
  return {
    ...result,
    durationMs: elapsed(),
    workspaceRemoved,
    ...(committedAt === undefined ? {} : { committedAt }),
  };
}

async function collected(
  ran: Pick<TaskRunResult, "kind" | "exitCode" | "output">,
  dir: string,
  paths: readonly string[],
): Promise<Omit<TaskRunResult, "durationMs" | "workspaceRemoved">> {
  const files = await collectFiles(dir, paths);
  if (files.kind === "collected") return { ...ran, files: files.files };
  // The command did its part, but what the next step needs is not there: the task as a whole failed.
  const output = `${ran.output}${ran.output === "" || ran.output.endsWith("\n") ? "" : "\n"}${files.problem}\n`;
  return { kind: "failed", exitCode: ran.exitCode, output, problem: files.problem };
}

function optional(input: RunTaskInput) {
  return {
    ...(input.signal && { signal: input.signal }),
    ...(input.onOutput && { onOutput: input.onOutput }),
    ...(input.onStart && { onStart: input.onStart }),
    ...(input.killGraceMs !== undefined && { killGraceMs: input.killGraceMs }),
    ...(input.maxOutputBytes !== undefined && { maxOutputBytes: input.maxOutputBytes }),
  };
}

function fromProcess(result: ProcessResult): Pick<TaskRunResult, "kind" | "exitCode" | "output"> {
  switch (result.kind) {
    case "exited":
      return {
        kind: result.exitCode === 0 ? "succeeded" : "failed",
        exitCode: result.exitCode,
        output: result.output,
      };
    case "timed_out":
    case "cancelled":
      return { kind: result.kind, exitCode: null, output: result.output };
    case "spawn_failed":
      return { kind: "spawn_failed", exitCode: null, output: result.reason };
  }
}

import { createSecretMasker } from "../shared/secret-masker.ts";
import { DEFAULT_MAX_OUTPUT_BYTES } from "./process/run-task-process.ts";
import { runProcessTask } from "./run-process-task.ts";
import { runRemoteTask } from "./run-remote-task.ts";
import type { RunTaskInput, TaskRunResult } from "./task-run.ts";

export {
  type RunTaskInput,
  TASK_RUN_KINDS,
  type TaskRunEnvironment,
  type TaskRunKind,
  type TaskRunResult,
} from "./task-run.ts";

/**
 * Runs one task the way its definition says: a command in a fresh checkout of the pinned commit
 * (the workspace is always removed), a GitHub Actions workflow, or a webhook.
 */
export async function runTask(input: RunTaskInput): Promise<TaskRunResult> {
  const command = input.task.command;
  if (command.kind === "shell" || command.kind === "argv") return runProcessTask(input, command);
  const secret = command.kind === "webhook" ? webhookSecret(input.passthrough, command.secretEnv) : undefined;
  const masker = createSecretMasker([input.token, ...input.secrets, ...(secret ? [secret] : [])]);
  if (input.signal?.aborted) {
    return { kind: "cancelled", exitCode: null, output: "", durationMs: 0, workspaceRemoved: true };
  }
  if ((input.collect?.length ?? 0) > 0 || (input.restore?.length ?? 0) > 0) {
    const problem = `Files can only be kept for tasks that run on the worker (\`run:\`); this task uses \`${command.kind}:\`.`;
    return {
      kind: "failed",
      exitCode: null,
      output: problem,
      durationMs: 0,
      workspaceRemoved: true,
      problem,
    };
  }
  return runRemoteTask(input, command, {
    masker,
    secret,
    maxOutputBytes: input.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES,
  });
}

function webhookSecret(
  passthrough: Readonly<Record<string, string>>,
  name: string | undefined,
): string | undefined {
  return name === undefined || !Object.hasOwn(passthrough, name) ? undefined : passthrough[name];
}

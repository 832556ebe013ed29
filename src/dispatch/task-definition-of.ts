import type { TaskCommand, TaskDefinition } from "../config/repo-config.ts";
import type { TaskJob } from "../jobs/task-job.schema.ts";

/** A config task as a job carries it: plain JSON, copied so the job never shares the cached config's arrays. */
export function taskDefinitionOf(definition: TaskDefinition): TaskJob["definition"] {
  return { command: commandOf(definition.command), timeoutMs: definition.timeoutMs };
}

function commandOf(command: TaskCommand): TaskJob["definition"]["command"] {
  switch (command.kind) {
    case "shell":
      return { kind: "shell", script: command.script };
    case "argv":
      return { kind: "argv", argv: [...command.argv] };
    case "workflow":
      return {
        kind: "workflow",
        file: command.file,
        ...(command.ref !== undefined && { ref: command.ref }),
        inputs: { ...command.inputs },
      };
    case "webhook":
      return {
        kind: "webhook",
        url: command.url,
        ...(command.secretEnv !== undefined && { secretEnv: command.secretEnv }),
        ...(command.statusUrl !== undefined && { statusUrl: command.statusUrl }),
        ...(command.cancelUrl !== undefined && { cancelUrl: command.cancelUrl }),
        pollIntervalMs: command.pollIntervalMs,
        retries: command.retries,
      };
  }
}

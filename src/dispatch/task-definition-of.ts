import type { TaskDefinition } from "../config/repo-config.ts";
import type { TaskJob } from "../jobs/task-job.schema.ts";

/** A config task as a job carries it: plain JSON, copied so the job never shares the cached config's arrays. */
export function taskDefinitionOf(definition: TaskDefinition): TaskJob["definition"] {
  return {
    command:
      definition.command.kind === "shell"
        ? definition.command
        : { kind: "argv", argv: [...definition.command.argv] },
    timeoutMs: definition.timeoutMs,
  };
}

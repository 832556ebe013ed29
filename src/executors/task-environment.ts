import type { TaskKind } from "../jobs/job-view.ts";

/** PATH for a task when the server's allowlist does not pass one through. */
export const SAFE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** What a task's environment is built from; nothing else reaches it. */
export interface TaskEnvironmentInput {
  task: TaskKind;
  environment: string;
  sha: string;
  ref: string;
  pullRequest: number | undefined;
  actor: string;
  dryRun: boolean;
  /** `key=value` pairs the user typed; they reach the task only as variables. */
  params: Readonly<Record<string, string>>;
  /** Variables the server's own config lets through (its allowlist), already resolved. */
  passthrough: Readonly<Record<string, string>>;
  /** The workspace's own home directory. */
  home: string;
}

/**
 * The complete environment of a task process: `SHIPMATE_*`, PATH, HOME, LANG and the passthrough
 * variables. Passthrough may set PATH and LANG but never HOME or a `SHIPMATE_` name.
 */
export function buildTaskEnvironment(input: TaskEnvironmentInput): Record<string, string> {
  const passthrough = Object.entries(input.passthrough).filter(
    ([name]) => name !== "HOME" && !name.startsWith("SHIPMATE_"),
  );
  const params = Object.entries(input.params).map(([key, value]) => [paramVariableName(key), value]);
  // fromEntries defines own properties, so a name like `__proto__` cannot reach the prototype.
  return Object.fromEntries([
    ["PATH", SAFE_PATH],
    ["LANG", "C.UTF-8"],
    ...passthrough,
    ["HOME", input.home],
    ["SHIPMATE_TASK", input.task],
    ["SHIPMATE_ENVIRONMENT", input.environment],
    ["SHIPMATE_SHA", input.sha],
    ["SHIPMATE_REF", input.ref],
    ["SHIPMATE_PR", input.pullRequest === undefined ? "" : String(input.pullRequest)],
    ["SHIPMATE_ACTOR", input.actor],
    ["SHIPMATE_DRY_RUN", input.dryRun ? "1" : ""],
    ["SHIPMATE_PARAMS", JSON.stringify(input.params)],
    ...params,
  ]);
}

/** `SHIPMATE_PARAM_<KEY>`: upper-cased, and any character a shell cannot name becomes `_`. */
export function paramVariableName(key: string): string {
  return `SHIPMATE_PARAM_${key.toUpperCase().replace(/[^A-Z0-9_]/g, "_")}`;
}

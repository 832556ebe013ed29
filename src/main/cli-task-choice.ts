import { didYouMean } from "../config/did-you-mean.ts";
import type { EnvironmentConfig, RepoConfig, TaskDefinition } from "../config/repo-config.ts";
import { selectEnvironment } from "../config/select-environment.ts";
import type { TaskKind } from "../jobs/job-view.ts";
import type { RunRequest, TaskChoice } from "./cli-run-arguments.ts";

/** The configured task a `shipmate run` line names, as a worker would receive it, or why there is none. */
export type ChosenTask =
  | { kind: "task"; task: TaskKind; environment: string; definition: TaskDefinition; label: string }
  | { kind: "problem"; problem: string };

/**
 * Finds the task in the config the way the bot does: environments by name (any case), `--dry-run` on a
 * deploy runs the environment's `dry_run` task when it has one. A check has no environment (empty).
 */
export function chooseTask(config: RepoConfig, request: RunRequest): ChosenTask {
  const { task } = request;
  if (task.kind === "check") return chooseCheck(config, task.name);
  const choice = selectEnvironment(config, task.environment);
  if (choice.kind !== "chosen") return problem(unknownEnvironment(task.environment, config));
  const environment = choice.environment;
  const definition = definitionFor(config, task, environment, request.dryRun);
  if (definition.kind === "problem") return definition;
  const label = `${labelOf(task)} on ${environment.name}`;
  return {
    kind: "task",
    task: task.kind,
    environment: environment.name,
    definition: definition.definition,
    label,
  };
}

function definitionFor(
  config: RepoConfig,
  task: Exclude<TaskChoice, { kind: "check" }>,
  environment: EnvironmentConfig,
  dryRun: boolean,
): { kind: "definition"; definition: TaskDefinition } | { kind: "problem"; problem: string } {
  const migrate = config.tasks.migrate;
  let definition: TaskDefinition | undefined;
  let missing: string;
  switch (task.kind) {
    case "deploy":
      definition = dryRun && environment.dryRun ? environment.dryRun : environment.deploy;
      missing = `environment \`${environment.name}\` has no \`deploy\` task.`;
      break;
    case "migrate":
      definition = task.step === "up" ? migrate : migrate?.[task.step];
      missing =
        task.step === "up" || migrate === undefined
          ? "the config has no `tasks.migrate`."
          : `\`tasks.migrate\` has no \`${task.step}\` step.`;
      break;
    case "provision":
      definition = config.tasks.provision?.[task.step];
      missing = "the config has no `tasks.provision`.";
      break;
    case "teardown":
      definition = environment.teardown;
      missing = `environment \`${environment.name}\` has no \`teardown\` task.`;
      break;
  }
  return definition === undefined ? problem(missing) : { kind: "definition", definition };
}

function chooseCheck(config: RepoConfig, name: string): ChosenTask {
  const check = config.checks.find((entry) => entry.name === name);
  if (check === undefined) {
    const names = config.checks.map((entry) => entry.name);
    if (names.length === 0) return problem("the config has no `checks`.");
    const near = didYouMean(name, names);
    const hint = near === undefined ? `checks: ${names.join(", ")}` : `did you mean \`check:${near}\`?`;
    return problem(`no check \`${name}\` in the config; ${hint}`);
  }
  return { kind: "task", task: "check", environment: "", definition: check.task, label: `check ${name}` };
}

function unknownEnvironment(name: string, config: RepoConfig): string {
  const names = config.environments.map((env) => env.name);
  const near = didYouMean(name, names);
  const hint = near === undefined ? `environments: ${names.join(", ")}` : `did you mean \`${near}\`?`;
  return `no environment \`${name}\` in the config; ${hint}`;
}

function labelOf(task: Exclude<TaskChoice, { kind: "check" }>): string {
  if (task.kind === "provision" || (task.kind === "migrate" && task.step !== "up"))
    return `${task.kind} ${task.step}`;
  return task.kind;
}

function problem(text: string): { kind: "problem"; problem: string } {
  return { kind: "problem", problem: text };
}

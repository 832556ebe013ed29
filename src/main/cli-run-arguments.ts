import { classifyArguments } from "../commands/classify-arguments.ts";
import type { MigrateStep, ProvisionStep } from "../commands/command.ts";
import { environmentNameProblem } from "../commands/environment-name.ts";

/** Which configured task to run: what `/deploy`, `/migrate`, `/provision`, a closed PR or a push would run. */
export type TaskChoice =
  | { kind: "deploy"; environment: string }
  | { kind: "migrate"; step: MigrateStep; environment: string }
  | { kind: "provision"; step: ProvisionStep; environment: string }
  | { kind: "teardown"; environment: string }
  | { kind: "check"; name: string };

/** A `shipmate run` command line, read. */
export interface RunRequest {
  task: TaskChoice;
  params: Record<string, string>;
  dryRun: boolean;
}

export type RunArgumentsResult =
  | { kind: "request"; request: RunRequest }
  | { kind: "problem"; problem: string };

const DRY_RUN = "--dry-run";
const CHECK_PREFIX = "check:";

type EnvironmentTask = Exclude<TaskChoice, { kind: "check" }>;

/** What each task word takes: the same params and flags as the comment command that runs it. */
interface TaskWord {
  choose(environment: string): EnvironmentTask;
  params: boolean;
  flags: readonly string[];
}

const TASK_WORDS: Readonly<Record<string, TaskWord>> = {
  deploy: { choose: (environment) => ({ kind: "deploy", environment }), params: true, flags: [DRY_RUN] },
  migrate: { choose: (environment) => migrate("up", environment), params: true, flags: [DRY_RUN] },
  // `status` only reads, so a dry run of it would mean nothing (as `/migrate <env> status` says).
  "migrate:status": { choose: (environment) => migrate("status", environment), params: true, flags: [] },
  "migrate:down": { choose: (environment) => migrate("down", environment), params: true, flags: [DRY_RUN] },
  // Apply must run exactly what the plan made: `/provision` takes no params or flags.
  "provision:plan": { choose: (environment) => provision("plan", environment), params: false, flags: [] },
  "provision:apply": { choose: (environment) => provision("apply", environment), params: false, flags: [] },
  teardown: { choose: (environment) => ({ kind: "teardown", environment }), params: false, flags: [] },
};

/** Every task word, for help and for the answer to an unknown one. */
export const RUN_TASK_WORDS: readonly string[] = [...Object.keys(TASK_WORDS), `${CHECK_PREFIX}<name>`];

/**
 * Reads `<task> [env] [key=value …] [--dry-run]`. The shell has already split and unquoted the words, so
 * each argument is one token for the comment commands' own classifier: same param names, limits and flags.
 */
export function readRunArguments(args: readonly string[]): RunArgumentsResult {
  const [word, ...rest] = args;
  if (word === undefined) return problem(`name a task: ${RUN_TASK_WORDS.join(", ")}.`);
  // Task words ignore case as command words do; a check's name is a config key and keeps its case.
  if (word.toLowerCase().startsWith(CHECK_PREFIX)) return readCheck(word.slice(CHECK_PREFIX.length), rest);
  const taskWord = Object.hasOwn(TASK_WORDS, word.toLowerCase()) ? TASK_WORDS[word.toLowerCase()] : undefined;
  if (taskWord === undefined) {
    const hint =
      word.toLowerCase() === "provision" ? "say which step: `provision:plan` or `provision:apply`" : "";
    return problem(hint || `unknown task \`${word}\`: use ${RUN_TASK_WORDS.join(", ")}.`);
  }
  const classified = classifyArguments(rest, taskWord.flags);
  if (classified.kind === "problem") return problem(classified.problem);
  const { positionals, params, flags } = classified.arguments;
  if (!taskWord.params && Object.keys(params).length > 0)
    return problem(`\`${word}\` takes no key=value params.`);
  const [environment, ...extra] = positionals;
  if (environment === undefined) {
    return problem(`\`${word}\` needs an environment, as in \`shipmate run ${word} staging\`.`);
  }
  if (extra.length > 0)
    return problem(`\`${word}\` takes one environment, not \`${positionals.join(" ")}\`.`);
  const badName = environmentNameProblem(environment);
  if (badName !== undefined) return problem(badName);
  return {
    kind: "request",
    request: { task: taskWord.choose(environment), params, dryRun: flags.includes(DRY_RUN) },
  };
}

function readCheck(name: string, rest: readonly string[]): RunArgumentsResult {
  if (name === "") return problem("`check:` needs the check's name, as in `check:unit`.");
  // A push check gets nothing from a person: no environment, params or flags.
  if (rest.length > 0) {
    return problem(
      `a check runs on a commit, with no environment, params or flags: drop \`${rest.join(" ")}\`.`,
    );
  }
  return { kind: "request", request: { task: { kind: "check", name }, params: {}, dryRun: false } };
}

function migrate(step: MigrateStep, environment: string): EnvironmentTask {
  return { kind: "migrate", step, environment };
}

function provision(step: ProvisionStep, environment: string): EnvironmentTask {
  return { kind: "provision", step, environment };
}

function problem(text: string): RunArgumentsResult {
  return { kind: "problem", problem: text };
}

import { mkdtemp } from "node:fs/promises";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";
import { CONFIG_PATH } from "../config/parse-repo-config.ts";
import type { ProcessCommand } from "../config/repo-config.ts";
import { runTaskProcess } from "../executors/process/run-task-process.ts";
import { buildTaskEnvironment } from "../executors/task-environment.ts";
import { removeWorkspace } from "../executors/workspace/remove-workspace.ts";
import { createSecretMasker } from "../shared/secret-masker.ts";
import { problemLines, readConfigFile } from "./cli-config-file.ts";
import { type LocalCheckout, readLocalCheckout, readOriginRepository } from "./cli-git.ts";
import { RUN_HELP, RUN_USAGE } from "./cli-help.ts";
import { type RunRequest, readRunArguments } from "./cli-run-arguments.ts";
import { describeEnd, exitStatusOf } from "./cli-run-end.ts";
import { type SignalStop, stopOnSignals } from "./cli-run-signals.ts";
import { runWebhookHere } from "./cli-run-webhook.ts";
import { type ChosenTask, chooseTask } from "./cli-task-choice.ts";
import { readTaskVariables, type TaskVariables } from "./cli-task-variables.ts";
import { shellWord, workflowHint } from "./cli-workflow-hint.ts";

/** Exit status when nothing ran: the arguments, the config or the checkout were not usable. */
export const NOTHING_RAN = 2;

// Output is printed as it comes; only the result's tail is kept, so a small one is enough.
const KEPT_OUTPUT_BYTES = 4096;

/**
 * `shipmate run <task> [env] …`: runs one task of the local config in the current directory, with the
 * worker's environment, masking, timeout and process-group handling; returns the exit status.
 */
export async function runCommand(args: readonly string[]): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${RUN_HELP}\n`);
    return 0;
  }
  const cwd = process.cwd();
  const prepared = prepare(args, cwd);
  if (prepared.kind === "problem") {
    process.stderr.write(`shipmate run: ${prepared.problem}\n`);
    return NOTHING_RAN;
  }
  const { chosen, checkout } = prepared;
  const note = checkout.dirty ? " (with uncommitted changes a worker would not have)" : "";
  process.stderr.write(`shipmate: running ${chosen.label} at ${checkout.sha.slice(0, 7)}${note}\n`);
  // A closed stdout (`| head`) must not stop a deploy halfway: the rest of its output is dropped.
  process.stdout.on("error", () => {});
  const stop = stopOnSignals();
  try {
    const { command } = chosen.definition;
    if (command.kind === "shell" || command.kind === "argv")
      return await runHere(prepared, command, cwd, stop);
    return await runWebhookHere({
      task: chosen.task,
      environment: chosen.environment,
      label: chosen.label,
      definition: chosen.definition,
      sha: checkout.sha,
      ref: checkout.ref,
      repository: readOriginRepository(cwd),
      params: prepared.request.params,
      dryRun: prepared.request.dryRun,
      passthrough: prepared.variables.passthrough,
      secrets: prepared.variables.secrets,
      again: `run \`shipmate run ${args.map(shellWord).join(" ")}\` again`,
      stop,
    });
  } finally {
    stop.dispose();
  }
}

/** Runs a `run:` task's process in the current directory with the worker's environment, in an empty HOME of its own. */
async function runHere(
  prepared: Ready,
  command: ProcessCommand,
  cwd: string,
  stop: SignalStop,
): Promise<number> {
  const { chosen, checkout, variables, request } = prepared;
  const home = await mkdtemp(join(tmpdir(), "shipmate-home-"));
  try {
    const env = buildTaskEnvironment({
      task: chosen.task,
      environment: chosen.environment,
      sha: checkout.sha,
      ref: checkout.ref,
      pullRequest: undefined,
      actor: process.env.USER || "local",
      dryRun: request.dryRun,
      params: request.params,
      passthrough: variables.passthrough,
      home,
    });
    const result = await runTaskProcess({
      command,
      cwd,
      env,
      timeoutMs: chosen.definition.timeoutMs,
      masker: createSecretMasker(variables.secrets),
      signal: stop.signal,
      onOutput: (chunk) => process.stdout.write(chunk),
      onStart: stop.started,
      maxOutputBytes: KEPT_OUTPUT_BYTES,
    });
    const stoppedBy = stop.stoppedBy();
    process.stderr.write(`shipmate: ${describeEnd(result, chosen, stoppedBy)}\n`);
    return exitStatusOf(result, stoppedBy === undefined ? 0 : constants.signals[stoppedBy]);
  } finally {
    await removeWorkspace(home);
  }
}

interface Ready {
  kind: "ready";
  request: RunRequest;
  chosen: Extract<ChosenTask, { kind: "task" }>;
  checkout: Extract<LocalCheckout, { kind: "checkout" }>;
  variables: Extract<TaskVariables, { kind: "ok" }>;
}

type Prepared = Ready | { kind: "problem"; problem: string };

/** Everything a run needs, checked before anything starts. */
function prepare(args: readonly string[], cwd: string): Prepared {
  const read = readRunArguments(args);
  if (read.kind === "problem") return { kind: "problem", problem: `${read.problem}\n${RUN_USAGE}` };
  const file = readConfigFile(join(cwd, CONFIG_PATH));
  if (file.kind === "unreadable") {
    const why = file.reason === "ENOENT" ? "there is none here: run from the repository's root" : file.reason;
    return { kind: "problem", problem: `cannot read ${CONFIG_PATH} (${why}).` };
  }
  if (file.result.kind === "invalid") {
    const lines = problemLines(file.result, CONFIG_PATH);
    return { kind: "problem", problem: `${CONFIG_PATH} is not valid, so nothing ran:\n${lines.join("\n")}` };
  }
  const chosen = chooseTask(file.result.config, read.request);
  if (chosen.kind === "problem") return chosen;
  const checkout = readLocalCheckout(cwd);
  if (checkout.kind === "problem") return checkout;
  const { command } = chosen.definition;
  if (command.kind === "workflow") {
    const hint = workflowHint({
      command,
      environment: chosen.environment,
      sha: checkout.sha,
      ref: checkout.ref,
      params: read.request.params,
      dryRun: read.request.dryRun,
    });
    return {
      kind: "problem",
      problem: `${chosen.label} runs as the GitHub Actions workflow \`${command.file}\`, and \`shipmate run\` holds no GitHub credentials, so it dispatched nothing. The dispatch a worker would make, for GitHub's CLI:\n  ${hint}`,
    };
  }
  const variables = readTaskVariables(process.env);
  if (variables.kind === "error") return { kind: "problem", problem: variables.message };
  return { kind: "ready", request: read.request, chosen, checkout, variables };
}

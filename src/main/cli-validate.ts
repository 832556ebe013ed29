import { CONFIG_PATH } from "../config/parse-repo-config.ts";
import type { RepoConfig } from "../config/repo-config.ts";
import { problemLines, readConfigFile } from "./cli-config-file.ts";
import { VALIDATE_HELP } from "./cli-help.ts";

/**
 * `shipmate validate [file|-]`: every problem the bot would report, one line each, and exit 1; or a
 * one-line summary and exit 0. Exit 2 when the file cannot be read or the arguments are wrong.
 */
export function validateCommand(args: readonly string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(`${VALIDATE_HELP}\n`);
    return 0;
  }
  if (args.length > 1) {
    process.stderr.write(
      `shipmate validate: give one file (or - for stdin), not ${args.length}.\n${VALIDATE_HELP}\n`,
    );
    return 2;
  }
  const file = readConfigFile(args[0] ?? CONFIG_PATH);
  if (file.kind === "unreadable") {
    process.stderr.write(`shipmate validate: cannot read ${file.name} (${file.reason}).\n`);
    return 2;
  }
  const { result, name } = file;
  if (result.kind === "invalid") {
    const lines = problemLines(result, name);
    const count = lines.length === 1 ? "1 problem" : `${lines.length} problems`;
    process.stdout.write(
      `${lines.join("\n")}\n${name}: ${count}; Shipmate would run nothing with this file.\n`,
    );
    return 1;
  }
  process.stdout.write(`${name} is valid: ${summary(result.config)}.\n`);
  return 0;
}

/** `2 environments (staging, production); tasks: migrate, provision; 1 check (unit)`. */
export function summary(config: RepoConfig): string {
  const environments = config.environments.map((env) => env.name);
  const tasks = [
    config.tasks.migrate ? "migrate" : undefined,
    config.tasks.provision ? "provision" : undefined,
  ].filter((task) => task !== undefined);
  const checks = config.checks.map((check) => check.name);
  return [
    counted(environments, "environment"),
    tasks.length === 0 ? "no tasks" : `tasks: ${tasks.join(", ")}`,
    counted(checks, "check"),
  ].join("; ");
}

function counted(names: readonly string[], noun: string): string {
  if (names.length === 0) return `no ${noun}s`;
  return `${names.length} ${noun}${names.length === 1 ? "" : "s"} (${names.join(", ")})`;
}

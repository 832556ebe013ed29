import { readFileSync } from "node:fs";
import { type ConfigResult, formatConfigProblem, parseRepoConfig } from "../config/parse-repo-config.ts";

/** A config file read from disk or stdin and parsed as the bot parses it, or why it could not be read. */
export type ConfigFile =
  | { kind: "read"; result: ConfigResult; name: string }
  | { kind: "unreadable"; name: string; reason: string };

/** The name problems show for a config piped in on stdin. */
export const STDIN_NAME = "<stdin>";

/** Reads and parses `path`, or stdin for `-`. */
export function readConfigFile(path: string): ConfigFile {
  const name = path === "-" ? STDIN_NAME : path;
  let text: string;
  try {
    // File descriptor 0 reads stdin to its end, whether it is a pipe, a file or a terminal.
    text = readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return { kind: "unreadable", name, reason: code ?? message };
  }
  return { kind: "read", result: parseRepoConfig(text), name };
}

/** One `file:line:column: path: message` line per problem, in line order, as an editor or CI can jump to. */
export function problemLines(result: Extract<ConfigResult, { kind: "invalid" }>, name: string): string[] {
  return result.problems.map((problem) => formatConfigProblem(problem, name));
}

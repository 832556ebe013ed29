import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";

/** `npm start`'s command line, from package.json: `node <flags> <file>`. */
export function startScript(): { flags: string[]; file: string; args: string[] } {
  const script = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts
    .start;
  const [, ...args] = script.trim().split(/\s+/);
  const flags = args.filter((arg) => arg.startsWith("-"));
  const file = args.find((arg) => !arg.startsWith("-")) ?? "dist/main/cli.js";
  return { flags, file, args };
}

/**
 * Runs this script again under `npm start`'s node flags when it was not started with them, so the
 * Shipmate measured in this process collects garbage as the one `npm start` runs does (its young
 * generation's size decides how often). Flags it was given (`--cpu-prof`) are kept. BENCH_START_FLAGS=0
 * keeps node's defaults. Resolves with the exit code of the run, or undefined when this process is it.
 */
export async function underStartFlags(): Promise<number | undefined> {
  const { flags } = startScript();
  const missing = flags.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0 || process.env.BENCH_START_FLAGS === "0") return undefined;
  const child = spawn(process.execPath, [...process.execArgv, ...missing, ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  // Ctrl-C reaches the child from the terminal and it cleans up; a SIGTERM sent to this process is passed on.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  return new Promise((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

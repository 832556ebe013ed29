import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { onCleanup } from "./cleanup.ts";
import { startScript } from "./start-script.ts";

/** The bot running as `npm start` runs it: compiled, with the start script's node flags, in a process of its own. */
export interface BotProcess {
  pid: number;
  url: string;
  /** `node <flags> dist/main/cli.js`, read from package.json's start script. */
  command: string;
  /** Resident set size now (VmRSS) and the most it has been (VmHWM), in MB; NaN once it is gone. */
  memory(): { rssMb: number; peakRssMb: number };
  /** Resident size of the spawn launcher beside it, if it started one. */
  launcherRssMb(): number | undefined;
  /** CPU time the process has used so far (user + system, ms). */
  cpuMs(): number;
  /** SIGTERM, then SIGKILL if it has not exited within 15 s. */
  stop(): Promise<void>;
}

/** Compiles src/ to dist/ as `npm start`'s prestart does, so the process runs the code as it is now. */
export function buildLikeNpmStart(): void {
  const build = spawnSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
  if (build.status !== 0) process.stderr.write("bench: `npm run build` failed; running the dist/ it left\n");
}

/** Starts the bot with `env` as its whole environment and resolves once it listens. */
export async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const { args } = startScript();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const forget = onCleanup("bot process", () => stopChild(child));
  const pid = child.pid ?? 0;
  try {
    const port = await listeningPort(child);
    return {
      pid,
      url: `http://127.0.0.1:${port}`,
      command: `node ${args.join(" ")}`,
      memory: () => ({
        rssMb: statusMb(pid, "VmRSS") ?? Number.NaN,
        peakRssMb: statusMb(pid, "VmHWM") ?? Number.NaN,
      }),
      cpuMs: () => cpuMsOf(pid),
      launcherRssMb: () =>
        childrenOf(pid)
          .map((id) => statusMb(id, "VmRSS"))
          .find((mb) => mb !== undefined),
      async stop() {
        await stopChild(child);
        forget();
      },
    };
  } catch (error) {
    await stopChild(child);
    forget();
    throw error;
  }
}

/** Reads the port from the "listening" log line; the rest of stdout (the bot's JSON logs) is read and dropped. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = "";
    let found = false;
    const timer = setTimeout(() => reject(new Error("the bot did not start within 20 s")), 20_000);
    child.stdout?.setEncoding("utf8").on("data", (text: string) => {
      if (found) return;
      seen += text;
      const line = seen.split("\n").find((l) => l.includes("listening") && l.includes('"port":'));
      if (line === undefined) return;
      found = true;
      seen = "";
      clearTimeout(timer);
      resolve(Number(/"port":(\d+)/.exec(line)?.[1]));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the bot exited with ${code}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

function statusMb(pid: number, field: "VmRSS" | "VmHWM"): number | undefined {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux).
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

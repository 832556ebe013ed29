import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { testPrivateKey, WEBHOOK_SECRET } from "../../test/support/harness.ts";

export interface BotProcessMemory {
  /** The command line, as `npm start` runs it. */
  command: string;
  idleRssMb: number;
  /** Resident size of the spawn launcher beside it, if it started one. */
  launcherRssMb: number | undefined;
}

/**
 * Starts the bot exactly as `npm start` does (compiled, with the start script's node flags) on a fresh
 * Redis prefix, waits until it listens and settles, and reads its resident set size from /proc.
 */
export async function measureBotProcessMemory(redisUrl: string, settleMs = 3_000): Promise<BotProcessMemory> {
  if (!existsSync("dist/main/cli.js")) spawnSync("npm", ["run", "-s", "build"], { stdio: "inherit" });
  const script = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts
    .start;
  const [, ...args] = script.split(/\s+/);
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? "",
      APP_ID: "1",
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET,
      REDIS_URL: redisUrl,
      SHIPMATE_REDIS_PREFIX: `{shipmate-bench-idle-${process.pid}}`,
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the bot did not start within 20 s")), 20_000);
      child.stdout.setEncoding("utf8").on("data", (text: string) => {
        if (text.includes("listening")) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once("exit", (code) => reject(new Error(`the bot exited with ${code}`)));
    });
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const pid = child.pid ?? 0;
    return {
      command: `node ${args.join(" ")}`,
      idleRssMb: rssMb(pid) ?? Number.NaN,
      launcherRssMb: childrenOf(pid)
        .map(rssMb)
        .find((mb) => mb !== undefined),
    };
  } finally {
    child.kill("SIGTERM");
  }
}

function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
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

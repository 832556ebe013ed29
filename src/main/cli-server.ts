import { existsSync } from "node:fs";
import { run } from "probot";
import { createLogger, type Logger } from "../shared/logger.ts";
import { USAGE } from "./cli-help.ts";
import { createShipmate, type Shipmate } from "./create-shipmate.ts";
import { ensureLocalRedis } from "./embedded-redis.ts";
import { reachRedis } from "./readiness-checks.ts";
import { PROCESS_ROLES, readSettings, type Settings } from "./settings.ts";
import { shutDown } from "./shutdown.ts";
import { untilStopSignal } from "./shutdown-signals.ts";

/**
 * `shipmate [all|web|worker]`: validates the environment, then runs the chosen role until SIGTERM or
 * SIGINT, and stops gracefully (a second signal exits at once).
 */
export async function startServer(arg: string | undefined): Promise<number> {
  if (arg !== undefined && !(PROCESS_ROLES as readonly string[]).includes(arg)) {
    process.stderr.write(`shipmate: unknown command "${arg}"; ${USAGE}\n`);
    return 2;
  }
  // Probot's set-up page writes the new App's credentials to .env; the next start must find them.
  if (existsSync(".env")) process.loadEnvFile(".env");
  const result = readSettings(process.env, arg);
  if (result.kind === "error") {
    process.stderr.write(`shipmate: ${result.message}\n`);
    return 1;
  }
  if (result.kind === "setup") {
    // No GitHub App yet: Probot's set-up page registers one from app.yml and writes .env.
    process.env.HOST ??= "localhost";
    await run(() => {});
    return -1;
  }
  const settings = result.settings;
  const log = createLogger(settings.logLevel, settings.secrets);
  let stopRedis = async (): Promise<void> => {};
  if (!settings.redisUrlExplicit) {
    const local = await ensureLocalRedis();
    if (local.kind === "unavailable") {
      process.stderr.write(`shipmate: ${local.message}\n`);
      return 1;
    }
    if (local.kind === "started") {
      log.info("started a local redis-server (data in ./.data/redis)");
      stopRedis = local.stop;
    }
  }
  const contact = await reachRedis(settings.redisTarget);
  if (contact.kind === "unreachable") {
    process.stderr.write(`shipmate: ${contact.message}\n`);
    await stopRedis();
    return 1;
  }
  contact.redis.disconnect();
  const shipmate = await createShipmate(settings, log);
  await serve(shipmate, settings, log);

  const signal = await untilStopSignal((again) => {
    process.stderr.write(`shipmate: ${again} again: stopping the running tasks and exiting now\n`);
    // Their jobs are reported interrupted by the next worker, once their queue locks lapse.
    shipmate.interruptTasks();
  });
  log.info(
    { signal, graceMs: settings.shutdownGraceMs },
    "stopping: not ready any more, taking no new work, letting running tasks finish",
  );
  const report = await shutDown(shipmate, { graceMs: settings.shutdownGraceMs, log });
  await stopRedis();
  log.info(report, "stopped");
  return report.abandoned ? 1 : 0;
}

/** Starts the HTTP side; a worker's is only for probes and metrics, so without it the worker still works. */
async function serve(shipmate: Shipmate, settings: Settings, log: Logger): Promise<void> {
  if (settings.role !== "worker") {
    const port = await shipmate.listen();
    log.info({ port, role: settings.role }, `Shipmate listening on ${settings.host}:${port}`);
    return;
  }
  try {
    const port = await shipmate.listen();
    log.info(
      { port, role: settings.role },
      `Shipmate worker started; probes on ${settings.workerHost}:${port}`,
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    log.error(
      { err: error },
      `Shipmate worker started without /healthz, /readyz and /metrics: ${settings.workerHost}:${settings.port} is not available (${code}); set PORT to a free port`,
    );
  }
}

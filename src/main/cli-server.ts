import { existsSync } from "node:fs";
import { run } from "probot";
import { createLogger } from "../shared/logger.ts";
import { USAGE } from "./cli-help.ts";
import { createShipmate } from "./create-shipmate.ts";
import { ensureLocalRedis } from "./embedded-redis.ts";
import { PROCESS_ROLES, readSettings } from "./settings.ts";

/** `shipmate [all|web|worker]`: validates the environment, then runs the chosen role until a signal. */
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
  const shipmate = await createShipmate(settings, log);
  if (settings.role !== "worker") {
    const port = await shipmate.listen();
    log.info({ port, role: settings.role }, `Shipmate listening on ${settings.host}:${port}`);
  } else {
    log.info({ role: settings.role }, "Shipmate worker started");
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGTERM", stop);
    process.once("SIGINT", stop);
  });
  log.info("shutting down");
  await shipmate.close();
  await stopRedis();
  return 0;
}

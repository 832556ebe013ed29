import { z } from "zod";
import {
  CheckName,
  EnvironmentName,
  Login,
  RelativePath,
  SlackChannel,
  SlackUserId,
} from "./config-fields.schema.ts";
import { parseDuration } from "./duration.ts";
import { RawEnvironment } from "./raw-environment.schema.ts";
import { RawArgv, RawScript, RawTask, RawTaskMapping } from "./raw-task.schema.ts";
import { isMapping, strictMapping, whenMapping } from "./strict-mapping.ts";

/** `tasks.provision.max_plan_age`: 1s to 7d, parsed to milliseconds. */
export const RawMaxPlanAge = z
  .union([z.string(), z.number()], { error: "expected a duration like `30m`, `1h` or `1d`" })
  .transform((value, ctx) => {
    const ms = parseDuration(String(value));
    if (ms === undefined || ms < 1_000 || ms > 7 * 86_400_000) {
      ctx.addIssue({ code: "custom", message: `\`${value}\` is not a plan age from 1s to 7d` });
      return z.NEVER;
    }
    return ms;
  });

/** `tasks.provision`: plan, apply, the files plan leaves for apply, and how long a plan stays good. */
export const RawProvision = strictMapping({
  plan: RawTask,
  apply: RawTask,
  artifacts: z.array(RelativePath).optional(),
  max_plan_age: RawMaxPlanAge.optional(),
}).superRefine((provision, ctx) => {
  // Kept files travel from one worker workspace to the next: a workflow or a webhook has none.
  if (!Array.isArray(provision.artifacts) || provision.artifacts.length === 0) return;
  for (const step of ["plan", "apply"] as const) {
    const task: unknown = provision[step];
    const remote = isMapping(task)
      ? ["workflow", "webhook"].find((key) => task[key] !== undefined)
      : undefined;
    if (remote === undefined) continue;
    ctx.addIssue({
      code: "custom",
      path: [step, remote],
      message: `\`artifacts\` are kept only for tasks that run on the worker (\`run:\`), so \`${step}\` cannot use \`${remote}:\`; drop \`artifacts\`, or run it with \`run:\``,
    });
  }
}, whenMapping);

const MIGRATE_STEP_KEYS = ["status", "down"];

// The task mapping itself knows nothing of steps: it reads the mapping without them, the steps beside it.
const RawMigrateMapping = z.intersection(
  z.object({ status: RawTask.optional(), down: RawTask.optional() }),
  z.preprocess(
    (value) =>
      isMapping(value)
        ? Object.fromEntries(Object.entries(value).filter(([key]) => !MIGRATE_STEP_KEYS.includes(key)))
        : value,
    RawTaskMapping,
  ),
);

/** `tasks.migrate`: a task, or a task mapping with optional `status` and `down` steps beside its own keys. */
export const RawMigrate = z.union([RawScript, RawArgv, RawMigrateMapping], {
  error: (issue) =>
    `${issue.input === undefined ? "is required" : "expected a task"}: a command string, a list of argv strings, or a mapping with \`run\` (and \`timeout\`, \`status\`, \`down\`)`,
});
export type RawMigrate = z.output<typeof RawMigrate>;

/** `tasks:`. */
export const RawTasks = strictMapping({ migrate: RawMigrate.optional(), provision: RawProvision.optional() });

/** `slack:`. */
export const RawSlack = strictMapping({
  channel: SlackChannel.optional(),
  users: z.record(SlackUserId, Login).optional(),
});

/** `environments:`: at least one, names unique regardless of letter case. */
export const RawEnvironments = z
  .record(EnvironmentName, RawEnvironment, {
    error: (issue) => {
      if (issue.input === undefined)
        return "is required: define at least one environment under `environments:`";
      return issue.input === null ? "is empty: define at least one environment" : undefined;
    },
  })
  .refine((environments) => Object.keys(environments).length > 0, "define at least one environment")
  .superRefine((environments, ctx) => {
    // `/deploy Staging` must not be able to mean two different environments.
    const seen = new Map<string, string>();
    for (const name of Object.keys(environments)) {
      const other = seen.get(name.toLowerCase());
      if (other !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `differs from \`${other}\` only in letter case`,
        });
      }
      seen.set(name.toLowerCase(), name);
    }
  }, whenMapping);

/** `.github/shipmate.yml` as written (snake_case), validated; durations are already milliseconds. */
export const RawRepoConfig = strictMapping({
  environments: RawEnvironments,
  default_environment: EnvironmentName.optional(),
  tasks: RawTasks.optional(),
  checks: z.record(CheckName, RawTask).optional(),
  slack: RawSlack.optional(),
}).superRefine((config, ctx) => {
  const wanted = config.default_environment;
  const environments: unknown = config.environments;
  if (typeof wanted !== "string" || !isMapping(environments) || Object.hasOwn(environments, wanted)) return;
  const known = Object.keys(environments).map((name) => `\`${name}\``);
  ctx.addIssue({
    code: "custom",
    path: ["default_environment"],
    message: `\`${wanted}\` is not one of the environments (${known.join(", ") || "none"})`,
  });
}, whenMapping);
export type RawRepoConfig = z.output<typeof RawRepoConfig>;

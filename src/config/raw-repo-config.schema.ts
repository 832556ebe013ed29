import { z } from "zod";
import {
  CheckName,
  EnvironmentName,
  Login,
  RelativePath,
  SlackChannel,
  SlackUserId,
} from "./config-fields.schema.ts";
import { RawEnvironment } from "./raw-environment.schema.ts";
import { RawTask } from "./raw-task.schema.ts";
import { isMapping, strictMapping, whenMapping } from "./strict-mapping.ts";

/** `tasks.provision`: plan, apply, and the files plan leaves for apply. */
export const RawProvision = strictMapping({
  plan: RawTask,
  apply: RawTask,
  artifacts: z.array(RelativePath).optional(),
});

/** `tasks:`. */
export const RawTasks = strictMapping({ migrate: RawTask.optional(), provision: RawProvision.optional() });

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

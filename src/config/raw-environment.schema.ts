import { z } from "zod";
import { ROLES } from "../shared/roles.ts";
import {
  ApprovalTtl,
  BranchName,
  HttpUrl,
  LockTtl,
  Login,
  LoginOrTeam,
  RequiredCheckName,
  SlackChannel,
  SlackUserId,
} from "./config-fields.schema.ts";
import { RawTask } from "./raw-task.schema.ts";
import { strictMapping, whenMapping } from "./strict-mapping.ts";

/** An environment's `require:` block. */
export const RawRequirements = strictMapping({
  permission: z.enum(ROLES).optional(),
  // Not z.int(): its issue aborts the refinements above it, and every problem should be reported at once.
  approvals: z.number().min(0).max(10).refine(Number.isInteger, "expected a whole number").optional(),
  checks: z
    .union([z.boolean(), z.array(RequiredCheckName)], {
      error: "expected true, false, or a list of check names",
    })
    .optional(),
  approvers: z.array(LoginOrTeam).optional(),
  teams: z.array(LoginOrTeam).optional(),
  users: z.array(Login).optional(),
  branches: z.array(BranchName).optional(),
  approval_ttl: ApprovalTtl.optional(),
});
export type RawRequirements = z.output<typeof RawRequirements>;

/** An environment's `slack:` block: Slack-only limits on top of the GitHub ones. */
export const RawEnvironmentSlack = strictMapping({
  allowed_channels: z.array(SlackChannel).optional(),
  allowed_users: z.array(SlackUserId).optional(),
});

const RawEnvironmentMapping = strictMapping({
  deploy: RawTask.optional(),
  dry_run: RawTask.optional(),
  url: HttpUrl.optional(),
  auto_deploy: BranchName.optional(),
  require: RawRequirements.optional(),
  /** Gates for `/migrate` on top of `require`: the stricter of the two applies, field by field. */
  migrate_require: RawRequirements.optional(),
  lock: z.boolean().optional(),
  lock_ttl: LockTtl.optional(),
  allow_forks: z.boolean().optional(),
  allow_sha_deploys: z.boolean().optional(),
  transient: z.boolean().optional(),
  teardown: RawTask.optional(),
  slack: RawEnvironmentSlack.optional(),
}).superRefine((environment, ctx) => {
  // A teardown on a lasting environment would never run: better said now than discovered later.
  if (environment.teardown !== undefined && environment.transient !== true) {
    ctx.addIssue({
      code: "custom",
      path: ["teardown"],
      message: "`teardown` only runs for `transient: true` environments",
    });
  }
}, whenMapping);

/** One entry under `environments:`; an empty entry (`review:`) is an environment with every default. */
export const RawEnvironment = z.preprocess((value) => value ?? {}, RawEnvironmentMapping);
export type RawEnvironment = z.output<typeof RawEnvironment>;

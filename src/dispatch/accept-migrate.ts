import type { Command, MigrateStep } from "../commands/command.ts";
import type { MigrateTask, TaskDefinition } from "../config/repo-config.ts";
import { selectEnvironment } from "../config/select-environment.ts";
import { environmentRefusal } from "../policy/environment-refusal.ts";
import type { Refusal } from "../policy/reason-codes.ts";
import { authorizeTask, readOnlyRequirements } from "./authorize-task.ts";
import type { CommandContext } from "./command-context.ts";
import { pinHead } from "./pin-head.ts";
import { queueTask } from "./queue-task.ts";

/** Why `/migrate` has nothing to run, as a closed list. */
export const MIGRATE_REASON_CODES = ["no-migrate-task", "no-migrate-step"] as const;

export interface MigrateRefusal {
  code: (typeof MIGRATE_REASON_CODES)[number];
  message: string;
  fix: string;
}

export type MigrateOutcome =
  | { kind: "queued"; taskId: string }
  | { kind: "refused"; reasons: readonly (Refusal | MigrateRefusal)[] };

type MigrateCommand = Extract<Command, { kind: "migrate" }>;

/**
 * Checks one `/migrate`, pins the head and queues `tasks.migrate` (or its `status` or `down` step)
 * against the environment: the deploy's gates, or `migrate_require` where the environment sets it, the
 * same holds, approvers and line as a deploy there, so a migration and a deploy never overlap. No
 * GitHub Deployment is made: a migration is not a version of the code, and `/rollback` must never
 * take one for the deployment to go back to.
 */
export async function acceptMigrate(ctx: CommandContext, command: MigrateCommand): Promise<MigrateOutcome> {
  const migrate = ctx.config.tasks.migrate;
  if (migrate === undefined) return refused([noMigrateTask()]);
  const definition = stepTask(migrate, command.step);
  if (definition === undefined) return refused([noMigrateStep(command.step)]);
  const choice = selectEnvironment(ctx.config, command.environment);
  if (choice.kind !== "chosen") return refused([environmentRefusal(choice)]);
  const environment = choice.environment;
  const pinned = await pinHead(ctx, environment.name);
  if (pinned.kind === "refused") return pinned;

  const gates = environment.migrateRequire ?? environment.require;
  const requirements = command.step === "status" ? readOnlyRequirements(gates) : gates;
  const reasons = await authorizeTask(ctx, {
    // The rules check the task they are given: the migration's, whatever the environment deploys.
    environment: { ...environment, deploy: definition },
    requirements,
    pinned,
    dryRun: command.dryRun,
  });
  if (reasons.length > 0) return refused(reasons);
  const { taskId } = await queueTask(ctx, {
    task: "migrate",
    environment,
    requirements,
    definition,
    pinned,
    params: command.params,
    dryRun: command.dryRun,
    deployment: false,
    // `status` only reads: it must not cancel a migration that waits its turn.
    replacesWaiting: !command.dryRun && command.step !== "status",
    ...(command.step === "status" || command.step === "down" ? { step: command.step } : {}),
  });
  return { kind: "queued", taskId };
}

function stepTask(migrate: MigrateTask, step: MigrateStep): TaskDefinition | undefined {
  if (step === "status") return migrate.status;
  if (step === "down") return migrate.down;
  return migrate;
}

function noMigrateTask(): MigrateRefusal {
  return {
    code: "no-migrate-task",
    message: "This repository's `.github/shipmate.yml` has no `tasks.migrate`.",
    fix: "Add `tasks.migrate` (for example `migrate: npm run migrate`) on the default branch.",
  };
}

function noMigrateStep(step: MigrateStep): MigrateRefusal {
  return {
    code: "no-migrate-step",
    message: `\`tasks.migrate\` has no \`${step}\` step, so \`/migrate <env> ${step}\` has nothing to run.`,
    fix: `Add \`${step}:\` under \`tasks.migrate\` on the default branch, next to its \`run\`.`,
  };
}

function refused(reasons: readonly (Refusal | MigrateRefusal)[]): MigrateOutcome {
  return { kind: "refused", reasons };
}

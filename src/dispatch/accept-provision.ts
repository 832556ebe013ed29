import type { Command } from "../commands/command.ts";
import type { EnvironmentConfig, ProvisionTasks } from "../config/repo-config.ts";
import { DEFAULT_MAX_PLAN_AGE_MS } from "../config/repo-config.ts";
import { selectEnvironment } from "../config/select-environment.ts";
import { taskJobId } from "../jobs/task-job.schema.ts";
import { environmentRefusal } from "../policy/environment-refusal.ts";
import type { Refusal } from "../policy/reason-codes.ts";
import { authorizeTask, type Pinned, readOnlyRequirements } from "./authorize-task.ts";
import type { CommandContext } from "./command-context.ts";
import { pinHead } from "./pin-head.ts";
import { type PlanRefusal, planRefusals } from "./plan-refusals.ts";
import { type PlanRecord, type PlanScope, PlanStore } from "./plan-store.ts";
import { queueTask } from "./queue-task.ts";

export type ProvisionOutcome =
  | { kind: "queued"; taskId: string }
  | { kind: "refused"; reasons: readonly (Refusal | PlanRefusal)[] };

type ProvisionCommand = Extract<Command, { kind: "provision" }>;

/**
 * `/provision <env> plan` queues the plan on the pinned head and makes it the environment's latest
 * plan; `/provision <env> apply` applies exactly that plan: only when it succeeded, on the head it was
 * made on, recently enough, unspent, and with the environment's gates met. Accepting an apply spends
 * the plan, so that it is never applied twice.
 */
export async function acceptProvision(
  ctx: CommandContext,
  command: ProvisionCommand,
): Promise<ProvisionOutcome> {
  const provision = ctx.config.tasks.provision;
  if (provision === undefined) return refused([noProvisionTask()]);
  const choice = selectEnvironment(ctx.config, command.environment);
  if (choice.kind !== "chosen") return refused([environmentRefusal(choice)]);
  const environment = choice.environment;
  const pinned = await pinHead(ctx, environment.name);
  if (pinned.kind === "refused") return pinned;
  const plans = new PlanStore(ctx.deps.redis, ctx.deps.prefix);
  const scope: PlanScope = {
    repositoryId: ctx.request.repository.id,
    environment: environment.name,
    pullRequest: ctx.request.pullRequest,
  };
  return command.step === "plan"
    ? acceptPlan(ctx, { provision, environment, pinned, plans, scope })
    : acceptApply(ctx, { provision, environment, pinned, plans, scope });
}

interface Step {
  provision: ProvisionTasks;
  environment: EnvironmentConfig;
  pinned: Pinned;
  plans: PlanStore;
  scope: PlanScope;
}

// A plan changes nothing: like a dry run it is held to who may ask, not to reviews, checks or approvers.
// It still waits its turn in the environment's line, since it reads the state an apply or deploy changes.
async function acceptPlan(ctx: CommandContext, step: Step): Promise<ProvisionOutcome> {
  const { provision, environment, pinned } = step;
  const requirements = readOnlyRequirements(environment.require);
  const reasons = await authorizeTask(ctx, {
    environment: { ...environment, deploy: provision.plan },
    requirements,
    pinned,
    dryRun: false,
  });
  if (reasons.length > 0) return refused(reasons);
  const { taskId } = await queueTask(ctx, {
    task: "provision",
    environment,
    requirements,
    definition: provision.plan,
    pinned,
    params: {},
    dryRun: false,
    deployment: false,
    // A new plan must not cancel an apply that is waiting: that apply spent its own plan already.
    replacesWaiting: false,
    step: "plan",
    ...(provision.artifacts.length > 0 && { files: { collect: [...provision.artifacts] } }),
  });
  await step.plans.record(step.scope, { jobId: taskId, sha: pinned.sha, at: ctx.deps.now() });
  return { kind: "queued", taskId };
}

async function acceptApply(ctx: CommandContext, step: Step): Promise<ProvisionOutcome> {
  const { provision, environment, pinned, plans, scope } = step;
  const keepsFiles = provision.artifacts.length > 0;
  const check = async (): Promise<{ plan: PlanRecord | undefined; reasons: PlanRefusal[] }> => {
    const plan = await plans.latest(scope);
    const [record, filesKept] = await Promise.all([
      plan === undefined ? undefined : ctx.deps.records.load(plan.jobId),
      plan === undefined || !keepsFiles ? true : plans.filesKept(plan.jobId),
    ]);
    const reasons = planRefusals({
      environment: environment.name,
      plan,
      planState: record?.view.state,
      planFinishedAt: record?.view.finishedAt,
      headSha: pinned.sha,
      now: ctx.deps.now(),
      maxAgeMs: provision.maxPlanAgeMs ?? DEFAULT_MAX_PLAN_AGE_MS,
      filesKept,
    });
    return { plan, reasons };
  };
  const { plan, reasons } = await check();
  // Without a plan to apply nothing else matters; with one, every unmet gate is named too.
  if (plan === undefined || plan.spentBy !== undefined) return refused(reasons);
  const requirements = environment.require;
  const gateReasons = await authorizeTask(ctx, {
    environment: { ...environment, deploy: provision.apply },
    requirements,
    pinned,
    dryRun: false,
  });
  if (reasons.length + gateReasons.length > 0) return refused([...reasons, ...gateReasons]);

  // Spent before it is queued: two applies accepted at once must not both get it.
  const spent = await plans.spend(scope, plan.jobId, taskJobId(ctx.request.idBase, ctx.line));
  if (spent.kind !== "spent") {
    const now = await check();
    return refused(now.reasons.length > 0 ? now.reasons : [replacedWhileChecked(environment.name)]);
  }
  const { taskId } = await queueTask(ctx, {
    task: "provision",
    environment,
    requirements,
    definition: provision.apply,
    pinned,
    params: {},
    dryRun: false,
    deployment: false,
    replacesWaiting: true,
    step: "apply",
    ...(keepsFiles && { files: { restoreFrom: plan.jobId } }),
  });
  return { kind: "queued", taskId };
}

function noProvisionTask(): PlanRefusal {
  return {
    code: "no-provision-task",
    message: "This repository's `.github/shipmate.yml` has no `tasks.provision`.",
    fix: "Add `tasks.provision` with `plan` and `apply` on the default branch (see the Terraform, OpenTofu and Pulumi presets in the docs).",
  };
}

function replacedWhileChecked(environment: string): PlanRefusal {
  return {
    code: "no-plan",
    message: `The plan for **${environment}** changed while this apply was checked.`,
    fix: "Look at the latest plan's status comment, then apply again.",
  };
}

function refused(reasons: readonly (Refusal | PlanRefusal)[]): ProvisionOutcome {
  return { kind: "refused", reasons };
}

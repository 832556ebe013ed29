import type { Role } from "../shared/roles.ts";

/** How long a task may run when its config gives no `timeout`. */
export const DEFAULT_TASK_TIMEOUT_MS = 30 * 60 * 1000;

/** How long an approval request waits, and an approval stays good, when `approval_ttl` is not given. */
export const DEFAULT_APPROVAL_TTL_MS = 60 * 60 * 1000;

/** A command as the worker runs it: a script for `sh -c`, or an argv list run without a shell. */
export type ProcessCommand = { kind: "shell"; script: string } | { kind: "argv"; argv: readonly string[] };

/** A GitHub Actions workflow to dispatch with `workflow_dispatch` and follow to its conclusion. */
export interface WorkflowCommand {
  kind: "workflow";
  /** The workflow's file name in `.github/workflows`, e.g. `deploy.yml`. */
  file: string;
  /** The branch or tag to run the workflow from; the job's own ref when absent. */
  ref?: string | undefined;
  /** Inputs sent besides Shipmate's own (`environment`, `sha`, `ref`, `params`). */
  inputs: Readonly<Record<string, string>>;
}

/** A signed JSON POST to a deployer, then (optionally) polling its status URL. */
export interface WebhookCommand {
  kind: "webhook";
  url: string;
  /** The server variable (passed to tasks) whose value signs every request. */
  secretEnv?: string | undefined;
  statusUrl?: string | undefined;
  /** POSTed a signed cancel when the task is cancelled or times out after the request went out. */
  cancelUrl?: string | undefined;
  pollIntervalMs: number;
  /** Further attempts after a network error or a 5xx answer. */
  retries: number;
}

/** How a task runs: a process on the worker, a GitHub Actions workflow, or a webhook. */
export type TaskCommand = ProcessCommand | WorkflowCommand | WebhookCommand;

/** How often a webhook's status URL is polled when `poll_interval` is not given. */
export const DEFAULT_POLL_INTERVAL_MS = 10_000;

/** How many times a failed webhook request is tried again when `retries` is not given. */
export const DEFAULT_WEBHOOK_RETRIES = 3;

/** One runnable task with its time limit. */
export interface TaskDefinition {
  command: TaskCommand;
  timeoutMs: number;
}

/** What a request must satisfy before a job may run against an environment. */
export interface EnvironmentRequirements {
  permission: Role;
  /** Approving reviews needed on the pinned commit. */
  approvals: number;
  /** `checks: true` or a list of names: every check on the pinned commit green, and the named ones present. */
  checks: RequiredChecks | undefined;
  /** Logins or `@org/team` slugs, one of whom must press Approve. */
  approvers: readonly string[];
  teams: readonly string[];
  users: readonly string[];
  /** Pull-request base branches allowed besides the default branch. */
  branches: readonly string[];
  /** How long an approval request waits for an approver, and how long an approval stays good (`approval_ttl`, default 1h). */
  approvalTtlMs: number;
}

export interface RequiredChecks {
  /** Check runs or status contexts that must be present (and green), besides all the others being green. */
  named: readonly string[];
}

/** One environment from `environments:`, with every default filled in. */
export interface EnvironmentConfig {
  name: string;
  deploy: TaskDefinition | undefined;
  dryRun: TaskDefinition | undefined;
  url: string | undefined;
  /** Branch whose every push is deployed here. */
  autoDeploy: string | undefined;
  require: EnvironmentRequirements;
  /** The gates `/migrate` meets here, when the YAML has `migrate_require`: already the stricter of it and `require`. */
  migrateRequire?: EnvironmentRequirements | undefined;
  /** True when the YAML has a `require` block: such an environment is never chosen without being named. */
  gated: boolean;
  /** One job at a time, the rest waiting in order (default true; `lock: false` lets jobs overlap). */
  lock: boolean;
  /** How long a `/lock` hold lasts before it lapses. */
  lockTtlMs: number | undefined;
  allowForks: boolean;
  allowShaDeploys: boolean;
  transient: boolean;
  teardown: TaskDefinition | undefined;
  /** Slack-only limits: commands from Slack for this environment must come from these channels and users (empty: any). */
  slack: { allowedChannels: readonly string[]; allowedUsers: readonly string[] };
}

/** `tasks.migrate`: the task `/migrate <env>` runs, and the optional steps `/migrate <env> status|down` run. */
export interface MigrateTask extends TaskDefinition {
  status?: TaskDefinition | undefined;
  down?: TaskDefinition | undefined;
}

/** How old a plan may be when `/provision <env> apply` is asked for, when `max_plan_age` is not given. */
export const DEFAULT_MAX_PLAN_AGE_MS = 60 * 60 * 1000;

/** The `/provision <env> plan|apply` pair and the files the plan leaves for apply. */
export interface ProvisionTasks {
  plan: TaskDefinition;
  apply: TaskDefinition;
  artifacts: readonly string[];
  /** `max_plan_age`: older plans are not applied (default DEFAULT_MAX_PLAN_AGE_MS). */
  maxPlanAgeMs?: number | undefined;
}

/** A check run on every push. */
export interface CheckTask {
  name: string;
  task: TaskDefinition;
}

/** A repository's validated `.github/shipmate.yml`, normalised for the rest of Shipmate. */
export interface RepoConfig {
  /** In file order. */
  environments: readonly EnvironmentConfig[];
  defaultEnvironment: string | undefined;
  tasks: { migrate: MigrateTask | undefined; provision: ProvisionTasks | undefined };
  /** In file order. */
  checks: readonly CheckTask[];
  /** `users` maps Slack user ids to GitHub logins. */
  slack: { channel: string | undefined; users: Readonly<Record<string, string>> };
}

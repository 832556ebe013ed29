import type { RawEnvironment } from "./raw-environment.schema.ts";
import type { RawMigrate, RawRepoConfig } from "./raw-repo-config.schema.ts";
import type { RawTask, RawTaskMapping } from "./raw-task.schema.ts";
import type {
  EnvironmentConfig,
  EnvironmentRequirements,
  MigrateTask,
  ProcessCommand,
  RepoConfig,
  RequiredChecks,
  TaskCommand,
  TaskDefinition,
} from "./repo-config.ts";
import {
  DEFAULT_APPROVAL_TTL_MS,
  DEFAULT_POLL_INTERVAL_MS,
  DEFAULT_TASK_TIMEOUT_MS,
  DEFAULT_WEBHOOK_RETRIES,
} from "./repo-config.ts";
import { stricterRequirements } from "./stricter-requirements.ts";

/** The keys of `environments:` and `checks:` as the file lists them. */
export interface FileOrder {
  environments: readonly string[];
  checks: readonly string[];
}

/** Turns a validated config into the shape the rest of Shipmate uses: camelCase, defaults filled, lists in file order. */
export function normaliseRepoConfig(raw: RawRepoConfig, order: FileOrder): RepoConfig {
  const provision = raw.tasks?.provision;
  return {
    environments: inFileOrder(raw.environments, order.environments).map(([name, environment]) =>
      normaliseEnvironment(name, environment),
    ),
    defaultEnvironment: raw.default_environment,
    tasks: {
      migrate: migrateTask(raw.tasks?.migrate),
      provision:
        provision === undefined
          ? undefined
          : {
              plan: normaliseTask(provision.plan),
              apply: normaliseTask(provision.apply),
              artifacts: provision.artifacts ?? [],
              ...(provision.max_plan_age !== undefined && { maxPlanAgeMs: provision.max_plan_age }),
            },
    },
    checks: inFileOrder(raw.checks ?? {}, order.checks).map(([name, task]) => ({
      name,
      task: normaliseTask(task),
    })),
    slack: { channel: raw.slack?.channel, users: raw.slack?.users ?? {} },
  };
}

/** One task in its single normal form. */
export function normaliseTask(raw: RawTask): TaskDefinition {
  if (typeof raw === "string" || Array.isArray(raw)) {
    return { command: normaliseCommand(raw), timeoutMs: DEFAULT_TASK_TIMEOUT_MS };
  }
  return { command: normaliseMappingCommand(raw), timeoutMs: raw.timeout ?? DEFAULT_TASK_TIMEOUT_MS };
}

function normaliseEnvironment(name: string, raw: RawEnvironment): EnvironmentConfig {
  const require = raw.require ?? {};
  const requirements: EnvironmentRequirements = {
    permission: require.permission ?? "write",
    approvals: require.approvals ?? 0,
    checks: requiredChecks(require.checks),
    approvers: require.approvers ?? [],
    teams: require.teams ?? [],
    users: require.users ?? [],
    branches: require.branches ?? [],
    approvalTtlMs: require.approval_ttl ?? DEFAULT_APPROVAL_TTL_MS,
  };
  return {
    name,
    deploy: optionalTask(raw.deploy),
    dryRun: optionalTask(raw.dry_run),
    url: raw.url,
    autoDeploy: raw.auto_deploy,
    require: requirements,
    ...(raw.migrate_require !== undefined && {
      migrateRequire: stricterRequirements(requirements, raw.migrate_require),
    }),
    gated: raw.require !== undefined,
    lock: raw.lock ?? true,
    lockTtlMs: raw.lock_ttl,
    allowForks: raw.allow_forks ?? false,
    allowShaDeploys: raw.allow_sha_deploys ?? false,
    transient: raw.transient ?? false,
    teardown: optionalTask(raw.teardown),
    slack: {
      allowedChannels: raw.slack?.allowed_channels ?? [],
      allowedUsers: raw.slack?.allowed_users ?? [],
    },
  };
}

// `checks: true` and `checks: []` both mean "everything green"; a list also names checks that must be there.
function requiredChecks(raw: boolean | readonly string[] | undefined): RequiredChecks | undefined {
  if (raw === undefined || raw === false) return undefined;
  return { named: raw === true ? [] : [...new Set(raw)] };
}

function normaliseCommand(run: string | readonly string[]): ProcessCommand {
  return typeof run === "string" ? { kind: "shell", script: run } : { kind: "argv", argv: [...run] };
}

function normaliseMappingCommand(raw: RawTaskMapping): TaskCommand {
  if (raw.run !== undefined) return normaliseCommand(raw.run);
  if (raw.workflow !== undefined) {
    return {
      kind: "workflow",
      // The Actions API names a workflow by its file name alone.
      file: raw.workflow.file.replace(/^\.github\/workflows\//, ""),
      ...(raw.workflow.ref !== undefined && { ref: raw.workflow.ref }),
      inputs: raw.workflow.inputs ?? {},
    };
  }
  if (raw.webhook !== undefined) {
    return {
      kind: "webhook",
      url: raw.webhook.url,
      ...(raw.webhook.secret_env !== undefined && { secretEnv: raw.webhook.secret_env }),
      ...(raw.webhook.status_url !== undefined && { statusUrl: raw.webhook.status_url }),
      ...(raw.webhook.cancel_url !== undefined && { cancelUrl: raw.webhook.cancel_url }),
      pollIntervalMs: raw.webhook.poll_interval ?? DEFAULT_POLL_INTERVAL_MS,
      retries: raw.webhook.retries ?? DEFAULT_WEBHOOK_RETRIES,
    };
  }
  // The schema requires one of the three; reaching here means it changed without this function.
  throw new Error("a validated task mapping has no `run`, `workflow` or `webhook`");
}

// Steps are set only when written, so a config without them reads as the plain task it is.
function migrateTask(raw: RawMigrate | undefined): MigrateTask | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw === "string" || Array.isArray(raw)) return normaliseTask(raw);
  return {
    ...normaliseTask(raw),
    ...(raw.status !== undefined && { status: normaliseTask(raw.status) }),
    ...(raw.down !== undefined && { down: normaliseTask(raw.down) }),
  };
}

function optionalTask(raw: RawTask | undefined): TaskDefinition | undefined {
  return raw === undefined ? undefined : normaliseTask(raw);
}

function inFileOrder<Value>(
  record: Readonly<Record<string, Value>>,
  keys: readonly string[],
): [string, Value][] {
  const rank = (name: string): number => {
    const index = keys.indexOf(name);
    return index === -1 ? keys.length : index;
  };
  return Object.entries(record).sort(([a], [b]) => rank(a) - rank(b));
}

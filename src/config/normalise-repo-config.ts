import type { RawEnvironment } from "./raw-environment.schema.ts";
import type { RawRepoConfig } from "./raw-repo-config.schema.ts";
import type { RawTask } from "./raw-task.schema.ts";
import type {
  EnvironmentConfig,
  RepoConfig,
  RequiredChecks,
  TaskCommand,
  TaskDefinition,
} from "./repo-config.ts";
import { DEFAULT_APPROVAL_TTL_MS, DEFAULT_TASK_TIMEOUT_MS } from "./repo-config.ts";

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
      migrate: optionalTask(raw.tasks?.migrate),
      provision:
        provision === undefined
          ? undefined
          : {
              plan: normaliseTask(provision.plan),
              apply: normaliseTask(provision.apply),
              artifacts: provision.artifacts ?? [],
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
  return { command: normaliseCommand(raw.run), timeoutMs: raw.timeout ?? DEFAULT_TASK_TIMEOUT_MS };
}

function normaliseEnvironment(name: string, raw: RawEnvironment): EnvironmentConfig {
  const require = raw.require ?? {};
  return {
    name,
    deploy: optionalTask(raw.deploy),
    dryRun: optionalTask(raw.dry_run),
    url: raw.url,
    autoDeploy: raw.auto_deploy,
    require: {
      permission: require.permission ?? "write",
      approvals: require.approvals ?? 0,
      checks: requiredChecks(require.checks),
      approvers: require.approvers ?? [],
      teams: require.teams ?? [],
      users: require.users ?? [],
      branches: require.branches ?? [],
      approvalTtlMs: require.approval_ttl ?? DEFAULT_APPROVAL_TTL_MS,
    },
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

function normaliseCommand(run: string | readonly string[]): TaskCommand {
  return typeof run === "string" ? { kind: "shell", script: run } : { kind: "argv", argv: [...run] };
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

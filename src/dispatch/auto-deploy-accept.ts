import type { EnvironmentConfig, RepoConfig } from "../config/repo-config.ts";
import { type GitHubClient, statusOf } from "../github/github-client.ts";
import type { CommandRequest } from "../jobs/command-request.ts";
import type { Repository } from "../jobs/repository.schema.ts";
import type { Refusal } from "../policy/reason-codes.ts";
import { autoDeployCheckName, renderAutoDeployRefusal } from "../reporting/render/check-run-auto-deploy.ts";
import type { Access } from "../shared/roles.ts";
import { acceptDeploy } from "./accept-deploy.ts";
import type { CommandContext } from "./command-context.ts";
import type { IntakeDeps } from "./intake-deps.ts";

/** A pushed commit whose checks passed, to deploy wherever its branch is auto-deployed. */
export interface AutoDeployRequest {
  installationId: number;
  repository: Repository;
  branch: string;
  sha: string;
  /** Who pushed: the deploy is theirs, so their permission and the environment's gates apply. */
  actor: string;
  /** Task ids are `task-<idBase>-<n>`, `n` the environment's place in the config. */
  idBase: string;
  receivedAt: number;
}

/** The environments that deploy every push to `branch`, with their place (1-based) in the config. */
export function autoDeployEnvironments(
  config: RepoConfig,
  branch: string,
): { environment: EnvironmentConfig; n: number }[] {
  return config.environments.flatMap((environment, index) =>
    environment.autoDeploy === branch ? [{ environment, n: index + 1 }] : [],
  );
}

/**
 * Queues a deploy of the pushed commit to each environment that auto-deploys its branch, through the
 * same checks as `/deploy <branch> to <env>` typed by the pusher. The branch is pinned to the commit
 * whose checks passed, not to wherever it points by now. A refusal is shown as a neutral check run.
 */
export async function autoDeploy(
  deps: IntakeDeps,
  github: GitHubClient,
  config: RepoConfig,
  request: AutoDeployRequest,
): Promise<void> {
  const targets = autoDeployEnvironments(config, request.branch);
  if (targets.length === 0) return;
  const repo = { owner: request.repository.owner, repo: request.repository.name };
  const role = await roleOf(github, repo, request.actor);
  const pinned: GitHubClient = {
    ...github,
    resolveRef: async (coords, ref) =>
      ref === request.branch ? request.sha : github.resolveRef(coords, ref),
  };
  const command: CommandRequest = {
    surface: "github",
    installationId: request.installationId,
    repository: request.repository,
    pullRequest: undefined,
    login: request.actor,
    idBase: request.idBase,
    commentId: undefined,
    slack: undefined,
    receivedAt: request.receivedAt,
  };
  for (const { environment, n } of targets) {
    const ctx: CommandContext = {
      deps,
      github: pinned,
      request: command,
      line: n,
      config,
      role,
      pullRequest: undefined,
    };
    const outcome = await acceptDeploy(ctx, {
      kind: "deploy",
      environment: environment.name,
      ref: request.branch,
      params: {},
      dryRun: false,
    });
    if (outcome.kind === "refused") {
      deps.log.info(
        { repository: request.repository.id, environment: environment.name, sha: request.sha },
        "auto-deploy refused",
      );
      await reportRefusal(deps, github, request, environment.name, outcome.reasons, n);
    }
  }
}

// A push by an App or a deleted account has no collaborator entry: it gets the least access.
async function roleOf(
  github: GitHubClient,
  repo: { owner: string; repo: string },
  login: string,
): Promise<Access> {
  try {
    return await github.getRole(repo, login);
  } catch (error) {
    if (statusOf(error) === 404) return "read";
    throw error;
  }
}

async function reportRefusal(
  deps: IntakeDeps,
  github: GitHubClient,
  request: AutoDeployRequest,
  environment: string,
  reasons: readonly Refusal[],
  n: number,
): Promise<void> {
  const done = `${deps.prefix}:auto-deploy-refused:${request.idBase}-${n}`;
  if ((await deps.redis.exists(done)) === 1) return;
  const now = deps.now();
  await github.createCheckRun(
    { owner: request.repository.owner, repo: request.repository.name },
    {
      name: autoDeployCheckName(environment),
      headSha: request.sha,
      status: "completed",
      // Not red: the commit is fine; what stopped the deploy is the environment's rules.
      conclusion: "neutral",
      startedAt: now,
      completedAt: now,
      output: renderAutoDeployRefusal({ environment, branch: request.branch, sha: request.sha, reasons }),
    },
  );
  await deps.redis.set(done, "1", "EX", 7 * 24 * 3600);
}

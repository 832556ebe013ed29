import { CONFIG_PATH, parseRepoConfig } from "../config/parse-repo-config.ts";
import type { CheckCalls } from "../github/check-calls.ts";
import type { GitHubClient } from "../github/github-client.ts";
import type { Repository } from "../jobs/repository.schema.ts";
import { ANNOTATIONS_PER_REQUEST } from "../reporting/render/check-run-annotations.ts";
import {
  CONFIG_CHECK_NAME,
  type ConfigCheckInput,
  renderConfigCheck,
} from "../reporting/render/check-run-config.ts";
import type { IntakeDeps } from "./intake-deps.ts";

const MARK_TTL_SECONDS = 30 * 24 * 3600;

/**
 * The `shipmate/config` check: validates `.github/shipmate.yml` as the pushed commit has it (not the
 * default branch's, which is what runs), with an annotation at each bad line. `requestId` keeps a
 * retried intake from reporting twice.
 */
export async function checkConfigFile(
  deps: Pick<IntakeDeps, "redis" | "prefix" | "now">,
  github: Pick<GitHubClient, "getFileText"> & Pick<CheckCalls, "createCheckRun" | "updateCheckRun">,
  input: { repository: Repository; sha: string; requestId: string },
): Promise<void> {
  const done = `${deps.prefix}:config-check:${input.requestId}`;
  if ((await deps.redis.exists(done)) === 1) return;
  const repo = { owner: input.repository.owner, repo: input.repository.name };
  const text = await github.getFileText(repo, CONFIG_PATH, input.sha);
  const { conclusion, output } = renderConfigCheck(readConfig(text), CONFIG_PATH);
  const now = deps.now();
  const first = output.annotations.slice(0, ANNOTATIONS_PER_REQUEST);
  const fields = { status: "completed" as const, conclusion, startedAt: now, completedAt: now };
  const id = await github.createCheckRun(repo, {
    name: CONFIG_CHECK_NAME,
    headSha: input.sha,
    ...fields,
    output: { ...output, annotations: first },
  });
  for (let sent = first.length; sent < output.annotations.length; sent += ANNOTATIONS_PER_REQUEST) {
    const batch = output.annotations.slice(sent, sent + ANNOTATIONS_PER_REQUEST);
    await github.updateCheckRun(repo, id, { ...fields, output: { ...output, annotations: batch } });
  }
  await deps.redis
    .multi()
    .set(done, "1", "EX", MARK_TTL_SECONDS)
    .set(configCheckedKey(deps.prefix, input.repository.id, input.sha), "1", "EX", MARK_TTL_SECONDS)
    .exec();
}

/** Set when a commit got a config check, so re-running its whole check suite runs that one again too. */
export function configCheckedKey(prefix: string, repositoryId: number, sha: string): string {
  return `${prefix}:config-checked:${repositoryId}:${sha}`;
}

function readConfig(text: string | undefined): ConfigCheckInput {
  if (text === undefined) return { kind: "missing" };
  const result = parseRepoConfig(text);
  if (result.kind === "invalid") return { kind: "invalid", problems: result.problems };
  return {
    kind: "valid",
    environments: result.config.environments.length,
    checks: result.config.checks.length,
  };
}

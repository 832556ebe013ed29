import { CONFIG_PATH } from "../config/parse-repo-config.ts";
import type { LoadedConfig } from "../config/repo-config-cache.ts";
import type { Repository } from "../jobs/repository.schema.ts";
import { renderCommandList, renderHelp, renderHelpWithoutConfig } from "../reporting/render/help.ts";
import { renderConfigProblems } from "../reporting/render/reply.ts";

/** The answer when the config is missing or invalid: nothing runs until it is fixed. */
export function configReply(
  config: Exclude<LoadedConfig, { kind: "valid" }>,
  repository: Repository,
): string {
  if (config.kind === "missing") {
    return `🚫 This repository has no \`${CONFIG_PATH}\` on its default branch (\`${repository.defaultBranch}\`), so Shipmate has nothing to run. Comment \`/help\` for a minimal example.`;
  }
  const fileUrl = `${repository.htmlUrl}/blob/${repository.defaultBranch}/${CONFIG_PATH}`;
  return renderConfigProblems(config.problems, CONFIG_PATH, fileUrl);
}

/** `/help`: the commands, and this repository's environments when its config is readable. */
export function helpReply(config: LoadedConfig, usage: Readonly<Record<string, string>>): string {
  if (config.kind === "missing") return renderHelpWithoutConfig(usage);
  if (config.kind === "invalid") {
    const problems = renderConfigProblems(config.problems, CONFIG_PATH, undefined);
    return `${problems}\n\n${renderCommandList(usage)}`;
  }
  return renderHelp({
    environments: config.config.environments.map((env) => ({
      name: env.name,
      url: env.url,
      gated: env.gated,
      hasDeploy: env.deploy !== undefined,
      requirement: env.require.permission,
    })),
    defaultEnvironment: config.config.defaultEnvironment,
    usage,
  });
}

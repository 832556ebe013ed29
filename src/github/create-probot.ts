import { request } from "@octokit/request";
import { Probot, ProbotOctokit } from "probot";
import type { Logger } from "../shared/logger.ts";
import { createGitHubClient, type GitHubClient } from "./github-client.ts";

// Octokit's throttling plugin spaces writes a second apart and its retry plugin repeats calls
// in memory; Shipmate retries through its queues instead, where a retry survives a restart.
const ShipmateOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  throttle: { ...(options.throttle as object | undefined), enabled: false },
  retry: { enabled: false },
  auth: withBaseUrl(options.auth, options.baseUrl),
}));

type AuthOptions = { request?: { defaults(options: object): unknown } } & Record<string, unknown>;

// Probot gives the App's auth strategy a request without the base URL, so a token asked for directly
// (`octokit.auth()`) would go to api.github.com even on GitHub Enterprise.
function withBaseUrl(auth: unknown, baseUrl: unknown): unknown {
  if (typeof auth !== "object" || auth === null || typeof baseUrl !== "string") return auth;
  const options = auth as AuthOptions;
  return { ...options, request: (options.request ?? request).defaults({ baseUrl }) };
}

/** What identifies the GitHub App: validated by the settings before anything is built from it. */
export interface GitHubAppSettings {
  appId: string;
  privateKey: string;
  webhookSecret: string;
  /** Every secret a delivery may be signed with: the current one first, then any being retired. */
  webhookSecrets?: readonly string[];
  baseUrl: string;
}

/**
 * Probot built from validated settings only: no default webhook secret, no private key picked
 * up from a stray `.pem`, no Redis-backed throttling switched on by REDIS_URL.
 */
export function createProbot(settings: GitHubAppSettings, log: Logger): Probot {
  return new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey,
    secret: settings.webhookSecret,
    baseUrl: settings.baseUrl,
    log: log.child({ name: "github" }),
    Octokit: ShipmateOctokit as typeof ProbotOctokit,
  });
}

/** A GitHub client for one installation; tokens are cached by Probot until they near expiry. */
export function githubClientFactory(probot: Probot): (installationId: number) => Promise<GitHubClient> {
  return async (installationId) => createGitHubClient(await probot.auth(installationId));
}

import type { Redis } from "ioredis";
import type { GitHubClient, RepoCoords } from "../github/github-client.ts";
import { CONFIG_PATH, type ConfigResult, parseRepoConfig } from "./parse-repo-config.ts";

export type LoadedConfig = ConfigResult | { kind: "missing" };

// A push to the default branch drops the entry at once; the TTL only bounds staleness if that webhook is lost.
const CACHE_TTL_SECONDS = 600;

/**
 * Reads `.github/shipmate.yml` from the default branch only, so a pull request cannot change
 * what its own deploy runs, and keeps the validated result per repository until the next push.
 */
export class RepoConfigCache {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async load(
    github: Pick<GitHubClient, "getFileText">,
    repo: RepoCoords & { id: number; defaultBranch: string },
  ): Promise<LoadedConfig> {
    const key = this.#key(repo.id);
    const cached = await this.#redis.get(key);
    if (cached) return JSON.parse(cached) as LoadedConfig;
    const text = await github.getFileText(repo, CONFIG_PATH, repo.defaultBranch);
    const result: LoadedConfig = text === undefined ? { kind: "missing" } : parseRepoConfig(text);
    await this.#redis.set(key, JSON.stringify(result), "EX", CACHE_TTL_SECONDS);
    return result;
  }

  /** Forgets the cached config of a repository (its default branch moved). */
  async invalidate(repoId: number): Promise<void> {
    await this.#redis.del(this.#key(repoId));
  }

  #key(repoId: number): string {
    return `${this.#prefix}:config:${repoId}`;
  }
}

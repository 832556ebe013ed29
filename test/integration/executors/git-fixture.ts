import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

/** A throwaway directory removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, env: GIT_ENV, encoding: "utf8" }).trim();
}

/** Commits `files` (path → content; executable when the path ends in `.sh`) and returns the new SHA. */
export function commit(repo: string, message: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    const full = join(repo, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    if (path.endsWith(".sh")) chmodSync(full, 0o755);
  }
  git(repo, "add", "--all");
  git(repo, "commit", "-q", "-m", message);
  return git(repo, "rev-parse", "HEAD");
}

/** A repository on branch main whose pinned commit is older than the branch's head. */
export function createRepo(
  root: string,
  pinnedFiles: Record<string, string>,
): { url: string; pinned: string; head: string } {
  const repo = join(root, "origin");
  mkdirSync(repo);
  git(repo, "init", "-q", "-b", "main");
  const pinned = commit(repo, "pinned", { "version.txt": "pinned\n", ...pinnedFiles });
  const head = commit(repo, "newer", { "version.txt": "newer\n" });
  return { url: `file://${repo}`, pinned, head };
}

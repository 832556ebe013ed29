import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface LocalRepo {
  dir: string;
  cloneUrl: string;
  /** Commits the repository, returning the new HEAD SHA. */
  commit(files: Record<string, string>, message: string): string;
  remove(): void;
}

/** A real git repository on disk that a worker can fetch from with `file://`. */
export function createLocalRepo(): LocalRepo {
  const dir = mkdtempSync(join(tmpdir(), "shipmate-repo-"));
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@t",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@t",
      },
    }).trim();
  git("init", "-q", "-b", "main");
  // Lets a client fetch any reachable commit by SHA, as GitHub allows.
  git("config", "uploadpack.allowReachableSHA1InWant", "true");
  return {
    dir,
    cloneUrl: `file://${dir}`,
    commit(files, message) {
      for (const [path, content] of Object.entries(files)) {
        const full = join(dir, path);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
        if (path.endsWith(".sh")) chmodSync(full, 0o755);
      }
      git("add", "-A");
      git("commit", "-q", "-m", message);
      return git("rev-parse", "HEAD");
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

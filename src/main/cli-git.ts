import { execFileSync } from "node:child_process";

/** The checkout's commit and branch as a worker's task would see them, or why they cannot be read. */
export type LocalCheckout =
  | { kind: "checkout"; sha: string; ref: string; dirty: boolean }
  | { kind: "problem"; problem: string };

/**
 * `SHIPMATE_SHA` is HEAD; `SHIPMATE_REF` the current branch, or the SHA itself on a detached HEAD (as a
 * `/deploy <sha> to <env>` gets the ref as typed). `dirty` is true when tracked files have changes.
 */
export function readLocalCheckout(cwd: string): LocalCheckout {
  const head = git(cwd, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
  if (head.kind === "failed") {
    const inside = git(cwd, ["rev-parse", "--is-inside-work-tree"]);
    return {
      kind: "problem",
      problem:
        inside.kind === "failed"
          ? `${cwd} is not inside a git checkout (${inside.reason}): a task runs on a commit.`
          : "this repository has no commit yet: a task runs on a commit.",
    };
  }
  const branch = git(cwd, ["symbolic-ref", "--quiet", "--short", "HEAD"]);
  // Untracked files are left out: a plan file or build output from an earlier run is not a change.
  const status = git(cwd, ["status", "--porcelain", "--untracked-files=no"]);
  return {
    kind: "checkout",
    sha: head.output,
    ref: branch.kind === "ok" ? branch.output : head.output,
    dirty: status.kind === "ok" && status.output !== "",
  };
}

/**
 * `owner/name` of the checkout's `origin` remote (`git@host:owner/name.git`, `https://host/owner/name`,
 * `ssh://git@host/owner/name.git`), as a worker's job names its repository; empty when there is none.
 */
export function readOriginRepository(cwd: string): string {
  const remote = git(cwd, ["remote", "get-url", "origin"]);
  if (remote.kind === "failed") return "";
  const match = /[/:]([^/:]+)\/([^/]+?)(?:\.git)?\/?$/.exec(remote.output);
  return match ? `${match[1]}/${match[2]}` : "";
}

function git(
  cwd: string,
  args: readonly string[],
): { kind: "ok"; output: string } | { kind: "failed"; reason: string } {
  try {
    const output = execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return { kind: "ok", output: output.trim() };
  } catch (error) {
    const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: string };
    if (code === "ENOENT") return { kind: "failed", reason: "git is not installed" };
    const firstLine = (stderr ?? "").trim().split("\n")[0] ?? "";
    return { kind: "failed", reason: firstLine === "" ? "git failed" : firstLine };
  }
}

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { HostileString } from "../injection-corpus.ts";

// The careless ways a script could use a value: spliced into a shell command bare, inside '…' and inside
// "…", and, where it starts with `-`, passed to git where a repository is expected. One small shell
// drives them all, since a spawn from the test process costs far more than one from `sh`.
const DRIVER = `repo="$1"; shift
for s in "$@"; do
  sh -c "printf '%s' $s"
  sh -c "printf '%s' '$s'"
  sh -c "printf '%s' \\"$s\\""
  case "$s" in -*) git ls-remote "$s" "$repo" ;; esac
done`;

/**
 * The ids of the strings that create their canary file in `dir` when used in any of those ways; the
 * corpus must be built with `dir` as its canary. It shows that each armed string really would fire.
 */
export function fireCorpus(corpus: readonly HostileString[], dir: string): string[] {
  const repo = join(dir, "repo");
  mkdirSync(repo);
  execFileSync("git", ["init", "-q", repo]);
  // Pipes, not "ignore": the run ends when the last backgrounded `touch` has closed them too.
  spawnSync("sh", ["-c", DRIVER, "driver", repo, ...corpus.map(({ text }) => text)], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 20_000,
    env: { PATH: process.env.PATH, HOME: dir },
  });
  return corpus.filter(({ id }) => existsSync(join(dir, id))).map(({ id }) => id);
}

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Cluster } from "../../integration/operate/shipmate-process.ts";
import { createLocalRepo, type LocalRepo } from "../../support/git-repo.ts";

/**
 * A deploy that writes `start <pr> <worker> <ms>` to `$TEST_OUT/marks` as it begins and `end …` as it
 * ends. With `hold=<s>` it writes its pid to `$TEST_OUT/task-<pr>.pid` and runs until `$TEST_OUT/release`
 * exists or `<s>` seconds have passed; without, it ends at once. It prints one line, before it holds, so
 * that a closed output pipe cannot be what stops it.
 */
const MARKED_DEPLOY = `#!/bin/sh
out="$TEST_OUT"
echo "start $SHIPMATE_PR \${TEST_WORKER:-any} $(date +%s%3N)" >> "$out/marks"
echo "deploying $SHIPMATE_PR"
if [ -n "\${SHIPMATE_PARAM_HOLD:-}" ]; then
  echo $$ > "$out/task-$SHIPMATE_PR.pid"
  ticks=$((SHIPMATE_PARAM_HOLD * 20))
  while [ ! -f "$out/release" ] && [ "$ticks" -gt 0 ]; do sleep 0.05; ticks=$((ticks - 1)); done
fi
echo "end $SHIPMATE_PR \${TEST_WORKER:-any} $(date +%s%3N)" >> "$out/marks"
`;

/** What a deploy wrote to the marks file. */
export interface Mark {
  kind: "start" | "end";
  pr: number;
  worker: string;
  at: number;
}

/** acme/shop with the deploy above for `staging`, pull requests 1..`pulls`, and a directory for its marks. */
export function seedMarkedDeploys(cluster: Cluster, pulls: number): { repo: LocalRepo; out: string } {
  const repo = createLocalRepo();
  const sha = repo.commit({ "deploy.sh": MARKED_DEPLOY }, "a deploy that leaves marks");
  cluster.github.addRepo({
    owner: "acme",
    name: "shop",
    config: "environments:\n  staging:\n    deploy: ./deploy.sh\n",
    roles: { alice: "write" },
    pulls: Array.from({ length: pulls }, (_, i) => ({
      number: i + 1,
      headSha: sha,
      headRef: `feature/${i + 1}`,
    })),
  });
  return { repo, out: mkdtempSync(join(tmpdir(), "shipmate-fault-marks-")) };
}

/** Lets every held deploy end now. */
export function releaseHeldDeploys(out: string): void {
  writeFileSync(join(out, "release"), "");
}

/** The marks so far, in the order they were written. */
export function readMarks(out: string): Mark[] {
  let text = "";
  try {
    text = readFileSync(join(out, "marks"), "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const [kind, pr, worker, at] = line.split(" ");
      return { kind: kind === "end" ? "end" : "start", pr: Number(pr), worker: worker ?? "", at: Number(at) };
    });
}

/** The marks as `start 3`, `end 3`…: what ran, in which order, overlapping or not. */
export function markSequence(marks: readonly Mark[]): string[] {
  return marks.map((mark) => `${mark.kind} ${mark.pr}`);
}

/** How many times each pull request's deploy started, by pull request. */
export function startsPerPr(marks: readonly Mark[]): Map<number, number> {
  const starts = new Map<number, number>();
  for (const mark of marks) if (mark.kind === "start") starts.set(mark.pr, (starts.get(mark.pr) ?? 0) + 1);
  return starts;
}

/** Removes the repository and the marks. */
export function removeMarkedDeploys(seeded: { repo: LocalRepo; out: string }): void {
  seeded.repo.remove();
  rmSync(seeded.out, { recursive: true, force: true });
}

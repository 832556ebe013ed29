import type { CommitChecks } from "../../github/github-client.ts";

/** Each check on a commit, sorted by what it means for a deploy. */
export interface CheckVerdicts {
  /** Names with the conclusion or state that failed them. */
  failing: { name: string; outcome: string }[];
  /** Names with the status they are in. */
  pending: { name: string; outcome: string }[];
  /** Every name present, in lower case: a check counts as present whatever its outcome. */
  present: Set<string>;
}

// As GitHub's branch protection reads them: neutral and skipped do not block.
const GREEN_CONCLUSIONS = new Set(["success", "neutral", "skipped"]);

/** Sorts a commit's check runs and commit statuses into failing and pending ones. */
export function classifyChecks(checks: CommitChecks): CheckVerdicts {
  const verdicts: CheckVerdicts = { failing: [], pending: [], present: new Set() };
  for (const run of checks.runs) {
    verdicts.present.add(run.name.toLowerCase());
    if (run.status !== "completed") verdicts.pending.push({ name: run.name, outcome: run.status });
    else if (!GREEN_CONCLUSIONS.has(run.conclusion ?? "")) {
      verdicts.failing.push({ name: run.name, outcome: run.conclusion ?? "no conclusion" });
    }
  }
  for (const status of checks.statuses) {
    verdicts.present.add(status.context.toLowerCase());
    if (status.state === "pending") verdicts.pending.push({ name: status.context, outcome: "pending" });
    else if (status.state !== "success")
      verdicts.failing.push({ name: status.context, outcome: status.state });
  }
  return verdicts;
}
